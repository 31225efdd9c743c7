import type { Contest } from '../contest/config.js';
import { buildScoreboard, type Scoreboard } from '../contest/scoreboard.js';
import { loadProblem } from '../problem/load.js';
import type { Store } from '../store/index.js';

/**
 * A contest's board from the stored judgings, as it stands now (contest time clamped to the
 * contest), frozen for the public unless `unfrozen`.
 */
export async function contestBoard(store: Store, contest: Contest, unfrozen: boolean, now = new Date()): Promise<Scoreboard> {
  const labels = new Map(contest.problems.map((p) => [p.path, p.label]));
  const subs = [];
  for (const s of await store.selectSubmissions({ contest: contest.id })) {
    const outcome = s.currentJudgingId === null ? null : ((await store.getJudging(s.currentJudgingId))?.outcome ?? null);
    subs.push({
      id: s.id,
      teamId: s.team ?? '',
      problemLabel: labels.get(s.problemDir) ?? s.problemId,
      minutes: s.contestMinutes ?? 0,
      verdict: outcome?.verdict ?? null,
      score: outcome?.score ?? null,
      maxScore: outcome?.maxScore ?? null,
    });
  }
  const atMinutes = (now.getTime() - contest.start.getTime()) / 60_000;
  return buildScoreboard(contest, subs, { unfrozen, atMinutes });
}

/** Problem names for the board's headers: the contest's, else each package's own. */
export function problemNames(contest: Contest): Map<string, string> {
  return new Map(
    contest.problems.map((p) => {
      if (p.name) return [p.label, p.name];
      try {
        return [p.label, loadProblem(p.path).name];
      } catch {
        return [p.label, p.label];
      }
    }),
  );
}
