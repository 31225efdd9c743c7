import { type BoardProblem, type BoardSource, contestScoreboard } from '../contest/board.js';
import type { Contest } from '../contest/config.js';
import type { Scoreboard } from '../contest/scoreboard.js';

/**
 * A contest's board from the stored judgings, as it stands now (contest time clamped to the
 * contest), frozen for the public unless `unfrozen`.
 */
export function contestBoard(store: BoardSource, contest: Contest, unfrozen: boolean, now = new Date(), problems?: BoardProblem[]): Promise<Scoreboard> {
  const atMinutes = (now.getTime() - contest.start.getTime()) / 60_000;
  return contestScoreboard(store, contest, { unfrozen, atMinutes }, problems);
}
