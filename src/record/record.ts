/**
 * Judges a stored submission and records the judging: opened as running, test results and
 * outcome written when done, marked failed (with why: infrastructure or error) when judging could
 * not finish. A reader never sees a half-finished judging as final.
 *
 * The layer above judge/ and store/: judging knows nothing of the database, the database nothing
 * of judging; this joins the two.
 */
import { resolveLanguage, type LanguageTable } from '../lang/config.js';
import { loadProblem } from '../problem/load.js';
import type { Problem } from '../problem/types.js';
import type { Sandbox } from '../sandbox/types.js';
import type { Store, Submission as StoredSubmission } from '../store/index.js';
import type { DerivedTimeLimit, TimeLimitStore } from '../store/time-limits.js';
import { UserError } from '../util/errors.js';
import { checkerLanguage } from '../judge/checker.js';
import { failureOf, infrastructureReason } from './failure.js';
import { judgeSubmission, type JudgeContext, type JudgeEvents, type JudgingReport } from '../judge/judge.js';
import type { Outage } from '../judge/outage.js';

export interface RecordContext extends JudgeContext {
  store: Store;
  /** Time limits derived for packages that fix none. */
  timeLimits?: TimeLimitStore;
  languages: LanguageTable;
  judgeVersion: string;
  /** Shared by every judging: a locked database or a full disk is waited out here too. */
  outage: Outage;
}

export interface Recorded {
  submissionId: number;
  judgingId: number;
  problem: Problem;
  report: JudgingReport;
}

/** The time limit a judging uses: the package's, else the one derived for this package's contents. */
export function timeLimitOf(problem: Problem, stored?: DerivedTimeLimit | null): number {
  if (problem.limits.timeLimitMs !== null) return problem.limits.timeLimitMs;
  if (stored) return stored.timeLimitMs;
  throw UserError.at(
    `${problem.dir}/problem.yaml`,
    'limits.time_limit',
    'not set, no .timelimit or domjudge-problem.ini, and none derived yet: set it, or run `zuko-judge problem check` (or `submit`) to derive it from the accepted submissions',
  );
}

/** Where and by whom a judging happens, when not in the submission's own package folder. */
export interface RecordOptions {
  /** The package to judge against, in place of the submission's stored folder (a worker's copy of it, by content hash). */
  problemDir?: string;
  /** The images judged with, recorded in place of their tags (a worker records the engine's ids). */
  imageIds?: Record<string, string>;
  /** Told the judging's id as soon as it is opened. */
  onStarted?(judgingId: number): Promise<void> | void;
}

/** Judges one stored submission against its problem package as it is on disk now. */
export async function judgeRecorded(ctx: RecordContext, sub: StoredSubmission, events: JudgeEvents = {}, opts: RecordOptions = {}): Promise<Recorded> {
  const problem = loadProblem(opts.problemDir ?? sub.problemDir);
  const stored = problem.limits.timeLimitMs === null ? await ctx.timeLimits?.get(problem.hash) : null;
  const timeLimitMs = timeLimitOf(problem, stored);
  const lang = resolveLanguage(ctx.languages, sub.fileName, sub.language);
  const judgingId = await ctx.store.startJudging(sub.id, {
    packageHash: problem.hash,
    judgeVersion: ctx.judgeVersion,
    imageIds: opts.imageIds ?? imagesUsed(ctx, problem, lang.image),
  });
  await opts.onStarted?.(judgingId);
  // Once the judging ran, its record is written whatever it takes: judging it again because the
  // database was locked for a moment would judge it twice.
  const write = <T>(fn: () => T): Promise<T> => ctx.outage.retry(fn, infrastructureReason);
  let report: JudgingReport;
  try {
    report = await judgeSubmission(ctx, { problem, timeLimitMs, lang, source: sub.source }, events);
  } catch (err) {
    const failure = failureOf(err);
    await write(() => ctx.store.failJudging(judgingId, failure.reason, failure.kind));
    throw err;
  }
  await write(() => ctx.store.saveTestResults(judgingId, report.tests));
  await write(() =>
    ctx.store.finishJudging(judgingId, {
      verdict: report.verdict,
      score: report.score,
      maxScore: report.maxScore,
      timeMs: report.timeMs,
      memoryKb: report.memoryKb,
      compileOk: report.compile.ok,
      compileOutput: report.compile.output,
    }),
  );
  return { submissionId: sub.id, judgingId, problem, report };
}

/**
 * The images a judging of this submission depends on: its language's, and the checker's when the
 * package has its own. `rejudge --changed-only` compares these.
 */
export function imagesUsed(ctx: { sandbox: Pick<Sandbox, 'imageId'>; languages: LanguageTable }, problem: Problem, langImage: string): Record<string, string> {
  const used: Record<string, string> = { [langImage]: ctx.sandbox.imageId(langImage) };
  const checker = checkerLanguage(ctx.languages, problem.checker);
  if (checker) used[checker.image] = ctx.sandbox.imageId(checker.image);
  return used;
}
