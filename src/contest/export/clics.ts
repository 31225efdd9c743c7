import { formatRelTime } from '../duration.js';
import type { Scoreboard, ScoreboardCell, ScoreboardRow } from '../scoreboard.js';

/** Contest state as the CLICS Contest API gives it: the moment each phase began, or null. */
export interface ClicsState {
  started: string | null;
  frozen: string | null;
  ended: string | null;
  thawed: string | null;
  finalized: string | null;
  end_of_updates: string | null;
}

/**
 * One team's result on one problem. A pass-fail (ICPC) board says `solved`, a scoring (IOI)
 * board `score`, never both (schemas/clics-scoreboard.json).
 */
export interface ClicsProblemResult {
  problem_id: string;
  num_judged: number;
  num_pending: number;
  solved?: boolean;
  score?: number;
  /** Minutes of the solve, or of the first try reaching the best score: present exactly when solved or scoring above 0. */
  time?: number;
  /** DOMjudge's addition to the format; on a scoring board, the first to reach the full score. */
  first_to_solve: boolean;
}

export interface ClicsRow {
  rank: number;
  team_id: string;
  score: { num_solved: number; total_time: number } | { score: number };
  problems: ClicsProblemResult[];
}

export interface ClicsScoreboard {
  time: string;
  contest_time: string;
  state: ClicsState;
  rows: ClicsRow[];
}

/** The scoreboard as the CLICS Contest API's scoreboard object (`/contests/<id>/scoreboard`). */
export function clicsScoreboard(sb: Scoreboard): ClicsScoreboard {
  return {
    time: instant(sb, sb.atMinutes),
    contest_time: formatRelTime(sb.atMinutes),
    state: clicsState(sb),
    rows: sb.rows.map((row) => clicsRow(sb, row)),
  };
}

/** The same object as JSON text, indented for people. */
export function toClicsJson(sb: Scoreboard): string {
  return `${JSON.stringify(clicsScoreboard(sb), null, 2)}\n`;
}

function clicsState(sb: Scoreboard): ClicsState {
  const { freezeMinutes, durationMinutes } = sb.contest;
  const freezeBegun = freezeMinutes !== null && sb.atMinutes >= freezeMinutes;
  return {
    started: instant(sb, 0),
    frozen: freezeBegun ? instant(sb, freezeMinutes) : null,
    ended: sb.atMinutes >= durationMinutes ? instant(sb, durationMinutes) : null,
    // A view that shows the frozen results is a thawed board, as of the view's own time.
    thawed: freezeBegun && !sb.frozen ? instant(sb, sb.atMinutes) : null,
    finalized: null,
    end_of_updates: null,
  };
}

function clicsRow(sb: Scoreboard, row: ScoreboardRow): ClicsRow {
  const icpc = sb.contest.scoring === 'icpc';
  return {
    rank: row.rank,
    team_id: row.team.id,
    score: icpc ? { num_solved: row.solved, total_time: row.penalty ?? 0 } : { score: row.score ?? 0 },
    problems: row.cells.map((cell) => problemResult(cell, icpc)),
  };
}

function problemResult(cell: ScoreboardCell, icpc: boolean): ClicsProblemResult {
  const counts = { problem_id: cell.label, num_judged: cell.tries, num_pending: cell.pending };
  const score = cell.score ?? 0;
  const result: ClicsProblemResult = icpc
    ? { ...counts, solved: cell.solved, first_to_solve: cell.firstToSolve }
    : { ...counts, score, first_to_solve: cell.firstToSolve };
  const scored = icpc ? cell.solved : score > 0;
  if (scored && cell.minutes !== null) result.time = cell.minutes;
  return result;
}

function instant(sb: Scoreboard, minutes: number): string {
  return new Date(sb.contest.start.getTime() + Math.round(minutes * 60_000)).toISOString();
}
