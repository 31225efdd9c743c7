import type { Verdict } from '../verdict/verdict.js';
import type { Contest, ContestTeam, Scoring } from './config.js';

/** One submission as the scoreboard sees it. */
export interface ScoreboardSubmission {
  id: number;
  teamId: string;
  problemLabel: string;
  /** Contest time in minutes (may be fractional). */
  minutes: number;
  /** null = not judged yet. */
  verdict: Verdict | null;
  score: number | null;
  maxScore: number | null;
}

export interface ScoreboardOptions {
  /** Show the board as it stood at this contest time: later submissions are left out. */
  atMinutes?: number;
  /** Show results of submissions made during the freeze (the judges' view). */
  unfrozen?: boolean;
}

/** What the scoreboard needs of a contest; a loaded `Contest` fits. */
export type ScoreboardContest = Pick<Contest, 'id' | 'name' | 'start' | 'durationMinutes' | 'freezeMinutes' | 'scoring' | 'penaltyMinutes'> & {
  /** `maxScore`: what the problem's package can award (IOI); without it, the highest any judging reported. */
  problems: Array<{ label: string; name?: string | null; maxScore?: number | null }>;
  teams: ContestTeam[];
};

export interface ScoreboardProblem {
  label: string;
  name: string | null;
  /** IOI: what its package can award (a judging's maximum when no package was given); null when unknown. */
  maxScore: number | null;
  /** Teams that solved it in this view. */
  solvedBy: number;
}

/** One team's result on one problem. */
export interface ScoreboardCell {
  label: string;
  /** Judged tries that count (compile errors never do; under ICPC none after the first accepted). */
  tries: number;
  /** Submissions not judged yet, hidden by the freeze, or ended in a judge error (the judges' to fix). */
  pending: number;
  /** ICPC: accepted. IOI: the problem's full score reached; a partial score is never solved. */
  solved: boolean;
  /** Whole contest minutes of the first accepted try (IOI: of the first try reaching the best score); null when none. */
  minutes: number | null;
  /** ICPC, when solved: minutes plus the penalty for each rejected try before it. Otherwise null. */
  penalty: number | null;
  /** IOI: the best score so far; null under ICPC or when nothing is judged. */
  score: number | null;
  /** The earliest solve of this problem among all teams (ties are all first). */
  firstToSolve: boolean;
}

export interface ScoreboardRow {
  /** 1-based; teams equal on the ranking keys share a rank (1, 1, 3). */
  rank: number;
  team: ContestTeam;
  solved: number;
  /** ICPC penalty time in minutes; null under IOI. */
  penalty: number | null;
  /** IOI total score; null under ICPC. */
  score: number | null;
  /** Whole minutes of the team's last first-accepted try; null when nothing is solved. */
  lastSolveMinutes: number | null;
  /** One cell per contest problem, in the contest's order. */
  cells: ScoreboardCell[];
}

/** The one scoreboard value every exporter reads. */
export interface Scoreboard {
  contest: { id: string; name: string; scoring: Scoring; start: Date; durationMinutes: number; freezeMinutes: number | null; penaltyMinutes: number };
  problems: ScoreboardProblem[];
  /** Contest time of this view in minutes, within [0, duration]. */
  atMinutes: number;
  /** Results of submissions at or after the freeze are hidden in this view. */
  frozen: boolean;
  /** Best first; teams without submissions are included. */
  rows: ScoreboardRow[];
}

const NOT_A_TRY: ReadonlySet<Verdict> = new Set(['CE']);

/**
 * A judge error is the problem's fault (its checker misbehaved), not the team's: until the judges
 * fix it and rejudge, the submission is pending, never a rejected try.
 */
const PENDING: ReadonlySet<Verdict> = new Set(['JE']);

interface Draft {
  cell: ScoreboardCell;
  /** Exact contest time of the first accepted try, for first-to-solve. */
  acceptedAt: number | null;
}

/**
 * Builds the scoreboard of a contest from its submissions. Pure: the same inputs give the same board.
 * Submissions of unknown teams or problems, before the start or after the view's time are left out.
 */
export function buildScoreboard(contest: ScoreboardContest, submissions: ScoreboardSubmission[], options: ScoreboardOptions = {}): Scoreboard {
  const atMinutes = Math.min(Math.max(options.atMinutes ?? contest.durationMinutes, 0), contest.durationMinutes);
  const frozen = contest.freezeMinutes !== null && !options.unfrozen && atMinutes >= contest.freezeMinutes;
  const hiddenFrom = frozen ? contest.freezeMinutes! : Infinity;
  const groups = groupSubmissions(contest, submissions, atMinutes);
  const maxScores = contest.problems.map((p) => p.maxScore ?? judgedMaxScore(groups, contest.teams, p.label));
  const drafts = contest.teams.map((team) =>
    contest.problems.map((p, i) => {
      const subs = groups.get(key(team.id, p.label)) ?? [];
      return contest.scoring === 'icpc' ? icpcCell(p.label, subs, hiddenFrom, contest.penaltyMinutes) : ioiCell(p.label, subs, hiddenFrom, maxScores[i]);
    }),
  );
  markFirstToSolve(drafts);
  const rows = contest.teams.map((team, t) =>
    teamRow(
      contest.scoring,
      team,
      drafts[t].map((d) => d.cell),
    ),
  );
  return {
    contest: {
      id: contest.id,
      name: contest.name,
      scoring: contest.scoring,
      start: contest.start,
      durationMinutes: contest.durationMinutes,
      freezeMinutes: contest.freezeMinutes,
      penaltyMinutes: contest.penaltyMinutes,
    },
    problems: contest.problems.map((p, i) => ({
      label: p.label,
      name: p.name ?? null,
      maxScore: maxScores[i],
      solvedBy: rows.filter((r) => r.cells[i].solved).length,
    })),
    atMinutes,
    frozen,
    rows: rank(contest.scoring, rows),
  };
}

function key(teamId: string, label: string): string {
  return `${teamId}\u0000${label}`;
}

/** The submissions that count in this view, per team and problem, oldest first. */
function groupSubmissions(contest: ScoreboardContest, submissions: ScoreboardSubmission[], atMinutes: number): Map<string, ScoreboardSubmission[]> {
  const teams = new Set(contest.teams.map((t) => t.id));
  const labels = new Set(contest.problems.map((p) => p.label));
  const groups = new Map<string, ScoreboardSubmission[]>();
  const inView = submissions.filter((s) => teams.has(s.teamId) && labels.has(s.problemLabel) && s.minutes >= 0 && s.minutes <= atMinutes);
  for (const s of [...inView].sort((a, b) => a.minutes - b.minutes || a.id - b.id)) {
    const k = key(s.teamId, s.problemLabel);
    const list = groups.get(k);
    if (list) list.push(s);
    else groups.set(k, [s]);
  }
  return groups;
}

/** The verdict the viewer may see: null while unjudged, hidden by the freeze, or a judge error. */
function visibleVerdict(s: ScoreboardSubmission, hiddenFrom: number): Verdict | null {
  if (s.minutes >= hiddenFrom || s.verdict === null || PENDING.has(s.verdict)) return null;
  return s.verdict;
}

function emptyCell(label: string): ScoreboardCell {
  return { label, tries: 0, pending: 0, solved: false, minutes: null, penalty: null, score: null, firstToSolve: false };
}

/**
 * The tries that count, oldest first, with the verdict the viewer may see; those still pending are
 * counted on the cell as they go by, compile errors are skipped. A caller that stops early (ICPC,
 * at the first AC) counts nothing after it.
 */
function* tries(cell: ScoreboardCell, subs: ScoreboardSubmission[], hiddenFrom: number): Generator<{ s: ScoreboardSubmission; verdict: Verdict }> {
  for (const s of subs) {
    const verdict = visibleVerdict(s, hiddenFrom);
    if (verdict === null) cell.pending++;
    else if (!NOT_A_TRY.has(verdict)) yield { s, verdict };
  }
}

function icpcCell(label: string, subs: ScoreboardSubmission[], hiddenFrom: number, penaltyMinutes: number): Draft {
  const cell = emptyCell(label);
  let rejected = 0;
  for (const { s, verdict } of tries(cell, subs, hiddenFrom)) {
    if (verdict !== 'AC') {
      rejected++;
      continue;
    }
    const minutes = Math.floor(s.minutes);
    Object.assign(cell, { solved: true, tries: rejected + 1, minutes, penalty: minutes + penaltyMinutes * rejected });
    return { cell, acceptedAt: s.minutes };
  }
  cell.tries = rejected;
  return { cell, acceptedAt: null };
}

/** A judged submission's points: its score, else full marks when accepted and none otherwise. */
function pointsOf(s: ScoreboardSubmission, verdict: Verdict): number {
  if (s.score !== null) return s.score;
  return verdict === 'AC' ? (s.maxScore ?? 0) : 0;
}

/**
 * IOI: the best score so far and when it was first reached. Solved (and so first to solve) only at
 * the problem's full score: an accepted verdict with a partial score is a partial score.
 */
function ioiCell(label: string, subs: ScoreboardSubmission[], hiddenFrom: number, maxScore: number | null): Draft {
  const cell = emptyCell(label);
  let acceptedAt: number | null = null;
  for (const { s, verdict } of tries(cell, subs, hiddenFrom)) {
    cell.tries++;
    const points = pointsOf(s, verdict);
    if (cell.score === null || points > cell.score) Object.assign(cell, { score: points, minutes: Math.floor(s.minutes) });
    if (acceptedAt !== null || !fullScore(points, maxScore)) continue;
    cell.solved = true;
    acceptedAt = s.minutes;
  }
  return { cell, acceptedAt };
}

/** Scores are sums and averages of fractions: equal up to rounding. */
function fullScore(points: number, maxScore: number | null): boolean {
  return maxScore !== null && maxScore > 0 && points >= maxScore - 1e-9;
}

/** Marks, per problem, every cell whose first accepted try is the earliest of all teams. */
function markFirstToSolve(drafts: Draft[][]): void {
  const problems = drafts[0]?.length ?? 0;
  for (let p = 0; p < problems; p++) {
    const times = drafts.map((row) => row[p].acceptedAt).filter((t): t is number => t !== null);
    if (!times.length) continue;
    const earliest = Math.min(...times);
    for (const row of drafts) if (row[p].acceptedAt === earliest) row[p].cell.firstToSolve = true;
  }
}

function teamRow(scoring: Scoring, team: ContestTeam, cells: ScoreboardCell[]): ScoreboardRow {
  const solvedCells = cells.filter((c) => c.solved);
  const lastSolveMinutes = solvedCells.length ? Math.max(...solvedCells.map((c) => c.minutes ?? 0)) : null;
  const icpc = scoring === 'icpc';
  return {
    rank: 0,
    team,
    solved: solvedCells.length,
    penalty: icpc ? solvedCells.reduce((sum, c) => sum + (c.penalty ?? 0), 0) : null,
    score: icpc ? null : cells.reduce((sum, c) => sum + (c.score ?? 0), 0),
    lastSolveMinutes,
    cells,
  };
}

/** Negative when `a` ranks above `b`, 0 when they share a rank. */
function compareResults(scoring: Scoring, a: ScoreboardRow, b: ScoreboardRow): number {
  if (scoring === 'ioi') return (b.score ?? 0) - (a.score ?? 0);
  return b.solved - a.solved || (a.penalty ?? 0) - (b.penalty ?? 0) || (a.lastSolveMinutes ?? 0) - (b.lastSolveMinutes ?? 0);
}

function rank(scoring: Scoring, rows: ScoreboardRow[]): ScoreboardRow[] {
  const sorted = [...rows].sort((a, b) => compareResults(scoring, a, b) || byName(a.team, b.team));
  let current = 0;
  return sorted.map((row, i) => {
    if (i === 0 || compareResults(scoring, sorted[i - 1], row) !== 0) current = i + 1;
    return { ...row, rank: current };
  });
}

function byName(a: ContestTeam, b: ContestTeam): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The highest maximum a judging of the problem reported, for boards built without the packages. */
function judgedMaxScore(groups: Map<string, ScoreboardSubmission[]>, teams: ContestTeam[], label: string): number | null {
  let max: number | null = null;
  for (const team of teams) {
    for (const s of groups.get(key(team.id, label)) ?? []) {
      if (s.maxScore !== null && (max === null || s.maxScore > max)) max = s.maxScore;
    }
  }
  return max;
}
