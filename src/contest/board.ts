/**
 * A contest's scoreboard from the stored judgings: the one way the CLI's `scoreboard`, the
 * service's CLICS endpoint and its live board read it.
 */
import { loadProblem } from '../problem/load.js';
import { maxScore } from '../score/index.js';
import type { ContestSubmission } from '../store/index.js';
import { UserError, errorMessage } from '../util/errors.js';
import type { Contest } from './config.js';
import { buildScoreboard, type Scoreboard, type ScoreboardOptions } from './scoreboard.js';

/** One problem as the board shows it: its label, its name, and what its package can award. */
export interface BoardProblem {
  label: string;
  name: string;
  maxScore: number;
}

/** The one read a board needs: every submission of the contest with its current result. */
export interface BoardSource {
  contestSubmissions(contestId: string): Promise<ContestSubmission[]>;
}

/**
 * Every problem of the contest, its package loaded. A package that does not load is an error
 * naming the contest file and the problem's `path`, never a column without a maximum.
 */
export function boardProblems(contest: Contest): BoardProblem[] {
  return contest.problems.map((p, i) => {
    try {
      const problem = loadProblem(p.path);
      return { label: p.label, name: p.name ?? problem.name, maxScore: maxScore(problem.data) };
    } catch (err) {
      const first =
        err instanceof UserError && err.issues.length > 1
          ? `${err.issues.length} problems, first: ${errorMessage(new UserError([err.issues[0]]))}`
          : errorMessage(err);
      throw UserError.at(contest.file, `problems.${i}.path`, `the package of problem ${p.label} does not load (${first}); fix it or the path`);
    }
  });
}

/**
 * The board of `contest` at `options.atMinutes` (default: its end), from one query. `problems`
 * saves loading the packages again when the caller has them.
 */
export async function contestScoreboard(
  store: BoardSource,
  contest: Contest,
  options: ScoreboardOptions = {},
  problems = boardProblems(contest),
): Promise<Scoreboard> {
  const labels = new Map(contest.problems.map((p) => [p.path, p.label]));
  const submissions = (await store.contestSubmissions(contest.id)).map((s) => ({
    id: s.id,
    teamId: s.teamId,
    problemLabel: labels.get(s.problemDir) ?? s.problemId,
    minutes: s.minutes,
    verdict: s.verdict,
    score: s.score,
    maxScore: s.maxScore,
  }));
  return buildScoreboard({ ...contest, problems }, submissions, options);
}
