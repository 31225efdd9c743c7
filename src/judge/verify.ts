/**
 * What `problem check` does beyond loading: builds the checker, runs the input validators, finds
 * the time limit (fixed by the package, stored from an earlier derivation, or derived now from the
 * accepted submissions), and judges every example submission against what its authors expect.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { bundleFromDir, bundleSize, encodeBundle } from '../lang/bundle.js';
import { languageOfFiles, resolveLanguage, type Language, type LanguageTable } from '../lang/config.js';
import { followTextLink } from '../problem/links.js';
import type { ExampleSubmission, Problem, TimeLimitSource } from '../problem/types.js';
import type { Verdict } from '../verdict/verdict.js';
import { UserError, errorMessage } from '../util/errors.js';
import { judgeSubmission, type JudgeContext, type JudgingReport } from './judge.js';
import { deriveTimeLimit, tleCheckLimit } from './limits.js';
import { validateInputs } from './validate-input.js';

/** Time limits derived earlier, by package hash: what `problem check` needs of the database. */
export interface DerivedLimits {
  get(packageHash: string): { timeLimitMs: number } | null | Promise<{ timeLimitMs: number } | null>;
  put(packageHash: string, limit: { timeLimitMs: number; slowestMs: number }): void | Promise<void>;
}

export interface VerifyContext extends JudgeContext {
  languages: LanguageTable;
  /** Where derived limits are kept; without it a derived limit lives only for this run. */
  timeLimits?: DerivedLimits;
}

export interface ExampleResult {
  /** Relative to the package. */
  file: string;
  expected: string;
  verdict: Verdict | null;
  score: number | null;
  maxScore: number | null;
  timeMs: number | null;
  ok: boolean;
  /** Skipped: its language is not one the judge has (a warning, not a package error). */
  unsupported: boolean;
  /** Why it disagrees with what is expected, or why it was skipped; empty when it agrees. */
  reason: string;
}

export interface VerifyReport {
  timeLimitMs: number | null;
  timeLimitSource: TimeLimitSource | null;
  issues: string[];
  warnings: string[];
  submissions: ExampleResult[];
}

export interface ResolvedTimeLimit {
  timeLimitMs: number;
  source: TimeLimitSource;
  /** CPU limit under which time-limit submissions must still time out. */
  tleLimitMs: number;
}

/** Long enough for any sane accepted solution; only used while deriving a time limit. */
const PROBE_TIME_LIMIT_MS = 10_000;

export async function verifyProblem(ctx: VerifyContext, problem: Problem, onDone?: (r: ExampleResult) => void): Promise<VerifyReport> {
  const report: VerifyReport = { timeLimitMs: null, timeLimitSource: null, issues: [], warnings: [], submissions: [] };
  try {
    await ctx.checkerFor(problem);
    const inputs = await validateInputs(ctx, problem);
    report.issues.push(...inputs.issues);
    report.warnings.push(...inputs.warnings);
  } catch (err) {
    report.issues.push(errorMessage(err));
    return report;
  }
  const limit = await resolveTimeLimit(ctx, problem);
  if (typeof limit === 'string') {
    report.issues.push(limit);
    return report;
  }
  report.timeLimitMs = limit.timeLimitMs;
  report.timeLimitSource = limit.source;
  report.submissions = await Promise.all(
    problem.submissions.map(async (example) => {
      const result = await judgeExample(ctx, problem, example, limit);
      onDone?.(result);
      return result;
    }),
  );
  for (const r of report.submissions.filter((s) => s.unsupported)) report.warnings.push(`${r.file}: skipped: ${r.reason}`);
  return report;
}

/**
 * The package's own time limit, else one derived earlier for the same package contents, else one
 * derived now from the accepted submissions (and stored). Never written into the package.
 */
export async function resolveTimeLimit(ctx: VerifyContext, problem: Problem): Promise<ResolvedTimeLimit | string> {
  const { limits } = problem;
  if (limits.timeLimitMs !== null && limits.timeLimitSource !== null) {
    return { timeLimitMs: limits.timeLimitMs, source: limits.timeLimitSource, tleLimitMs: tleCheckLimit(limits, limits.timeLimitMs) };
  }
  const stored = await ctx.timeLimits?.get(problem.hash);
  if (stored) return derived(problem, stored.timeLimitMs);
  const slowest = await slowestAccepted(ctx, problem);
  if (typeof slowest === 'string') return slowest;
  const timeLimitMs = deriveTimeLimit(limits, slowest);
  await ctx.timeLimits?.put(problem.hash, { timeLimitMs, slowestMs: slowest });
  return derived(problem, timeLimitMs);
}

function derived(problem: Problem, timeLimitMs: number): ResolvedTimeLimit {
  return { timeLimitMs, source: 'derived', tleLimitMs: tleCheckLimit(problem.limits, timeLimitMs) };
}

/**
 * Slowest CPU time over the accepted submissions the judge can run and that pass with a generous
 * limit (one that does not is reported when the examples are judged); or why there is none.
 */
async function slowestAccepted(ctx: VerifyContext, problem: Problem): Promise<number | string> {
  const accepted = problem.submissions.filter((s) => s.expected === 'accepted' && s.allowed.includes('AC'));
  const times: number[] = [];
  const failed: string[] = [];
  for (const example of accepted) {
    const unit = readUnit(ctx.languages, example);
    if (typeof unit === 'string') continue;
    const judged = await judgeUnit(ctx, problem, unit, { timeLimitMs: PROBE_TIME_LIMIT_MS });
    if (typeof judged !== 'string' && judged.verdict === 'AC') times.push(judged.timeMs);
    else failed.push(`${rel(problem, example.file)} (${typeof judged === 'string' ? judged : judged.verdict})`);
  }
  if (times.length) return Math.max(...times);
  if (failed.length) return `cannot derive the time limit: no accepted submission passes with a ${PROBE_TIME_LIMIT_MS / 1000} s limit: ${failed.join(', ')}`;
  return 'no time limit: set limits.time_limit in problem.yaml, or add accepted submissions (in a language the judge has) to derive it from';
}

async function judgeExample(ctx: VerifyContext, problem: Problem, example: ExampleSubmission, limit: ResolvedTimeLimit): Promise<ExampleResult> {
  const base = { file: rel(problem, example.file), expected: example.expected, ...blank };
  if (!example.allowed.length) return { ...base, ok: false, reason: `unknown submissions folder '${example.expected}' and no @EXPECTED_RESULTS@ in it` };
  const unit = readUnit(ctx.languages, example);
  if (typeof unit === 'string') return { ...base, ok: true, unsupported: true, reason: unit };
  // Time-limit submissions must still time out with the CPU limit stretched by the safety margin.
  const mustTimeOut = example.allowed.length === 1 && example.allowed[0] === 'TLE';
  const judged = await judgeUnit(ctx, problem, unit, { timeLimitMs: limit.timeLimitMs, cpuLimitMs: mustTimeOut ? limit.tleLimitMs : undefined });
  if (typeof judged === 'string') return { ...base, ok: false, reason: judged };
  const reason = disagreement(example, judged);
  return { ...base, verdict: judged.verdict, score: judged.score, maxScore: judged.maxScore, timeMs: judged.timeMs, ok: !reason, reason };
}

const blank = { verdict: null, score: null, maxScore: null, timeMs: null, unsupported: false };

/** Whether a judged example agrees with its expectation; the reason when it does not. */
export function disagreement(
  example: Pick<ExampleSubmission, 'allowed' | 'score' | 'partial' | 'expected'>,
  r: Pick<JudgingReport, 'verdict' | 'score' | 'maxScore'>,
): string {
  if (example.score !== null) {
    // DOMjudge shows scores with two decimals: 74.42 is 32/43 of 100.
    return Math.abs(r.score - example.score) < 0.005 + 1e-9 ? '' : `scores ${round(r.score)} of ${round(r.maxScore)}, expected ${example.score}`;
  }
  if (example.partial) {
    return r.score > 0 && r.score < r.maxScore
      ? ''
      : `scores ${round(r.score)} of ${round(r.maxScore)}; a partially accepted submission scores more than 0 and less than all`;
  }
  if (!example.allowed.includes(r.verdict)) return `is ${r.verdict}, expected ${example.allowed.join(' or ')}`;
  if (example.expected === 'accepted' && r.verdict === 'AC' && r.score !== r.maxScore)
    return `scores ${round(r.score)} of ${round(r.maxScore)}, expected full score`;
  return '';
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

interface Unit {
  lang: Language;
  source: Buffer;
}

/** A file or folder as a submission in a language the judge has; or why it cannot be judged. */
export function readUnit(languages: LanguageTable, example: Pick<ExampleSubmission, 'file' | 'isDir' | 'entry'>): Unit | string {
  if (!example.isDir) {
    try {
      return { lang: resolveLanguage(languages, example.file), source: readFileSync(followTextLink(example.file)) };
    } catch (err) {
      if (err instanceof UserError) return `no language for '${path.extname(example.file)}' files`;
      throw err;
    }
  }
  const bundle = bundleFromDir(example.file, example.entry);
  const lang = languageOfFiles(
    languages,
    bundle.files.map((f) => f.name),
    bundle.entry,
  );
  if (!lang) return `no language for any of ${bundle.files.map((f) => f.name).join(', ')}`;
  if (bundleSize(bundle) > languages.sourceLimitBytes) return `over the ${languages.sourceLimitBytes / 1024} KiB source limit`;
  return { lang, source: encodeBundle(bundle) };
}

async function judgeUnit(
  ctx: VerifyContext,
  problem: Problem,
  unit: Unit,
  limits: { timeLimitMs: number; cpuLimitMs?: number },
): Promise<JudgingReport | string> {
  try {
    return await judgeSubmission(ctx, { problem, ...limits, lang: unit.lang, source: unit.source });
  } catch (err) {
    return errorMessage(err);
  }
}

function rel(problem: Problem, file: string): string {
  return path.relative(problem.dir, file);
}
