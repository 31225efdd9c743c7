/**
 * What `problem check` does beyond loading: builds the checker, fixes a missing time limit from the
 * accepted submissions, and judges every example submission against the folder it sits in.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { resolveLanguage, type LanguageTable } from '../lang/config.js';
import { loadProblem } from '../problem/load.js';
import { TIME_LIMIT_FILE } from '../problem/schema.js';
import type { ExampleSubmission, Problem } from '../problem/types.js';
import type { Verdict } from '../score/verdict.js';
import { errorMessage } from '../util/errors.js';
import { judgeSubmission, type JudgeContext, type JudgingReport } from './judge.js';

export interface VerifyContext extends JudgeContext {
  languages: LanguageTable;
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
  /** Why it disagrees with its folder; empty when it agrees. */
  reason: string;
}

export interface VerifyReport {
  timeLimitMs: number | null;
  timeLimitSource: 'problem' | 'derived';
  issues: string[];
  submissions: ExampleResult[];
}

/** Long enough for any sane accepted solution; only used while deriving a time limit. */
const PROBE_TIME_LIMIT_MS = 10_000;

export async function verifyProblem(ctx: VerifyContext, problem: Problem, onDone?: (r: ExampleResult) => void): Promise<VerifyReport> {
  const report: VerifyReport = { timeLimitMs: problem.limits.timeLimitMs, timeLimitSource: 'problem', issues: [], submissions: [] };
  try {
    await ctx.checkerFor(problem);
  } catch (err) {
    report.issues.push(errorMessage(err));
    return report;
  }
  let current = problem;
  if (current.limits.timeLimitMs === null) {
    const derived = await deriveTimeLimit(ctx, current);
    if (typeof derived === 'string') {
      report.issues.push(derived);
      return report;
    }
    writeFileSync(path.join(current.dir, TIME_LIMIT_FILE), `${derived / 1000}\n`);
    current = loadProblem(current.dir);
    report.timeLimitMs = derived;
    report.timeLimitSource = 'derived';
  }
  const timeLimitMs = current.limits.timeLimitMs!;
  report.submissions = await Promise.all(
    current.submissions.map(async (example) => {
      const result = await judgeExample(ctx, current, example, timeLimitMs);
      onDone?.(result);
      return result;
    }),
  );
  return report;
}

/** Slowest accepted CPU time × multiplier, rounded up to the resolution; or why it cannot be derived. */
async function deriveTimeLimit(ctx: VerifyContext, problem: Problem): Promise<number | string> {
  const accepted = problem.submissions.filter((s) => s.expected === 'accepted');
  if (!accepted.length) return 'no time limit: set limits.time_limit in problem.yaml, or add accepted submissions to derive it from';
  let slowest = 0;
  for (const example of accepted) {
    const judged = await judgeFile(ctx, problem, example.file, PROBE_TIME_LIMIT_MS);
    if (typeof judged === 'string') return `cannot derive the time limit: ${rel(problem, example.file)}: ${judged}`;
    if (judged.verdict !== 'AC') return `cannot derive the time limit: ${rel(problem, example.file)} is ${judged.verdict} with a ${PROBE_TIME_LIMIT_MS / 1000} s limit`;
    slowest = Math.max(slowest, judged.timeMs);
  }
  const { timeMultiplier, timeResolutionMs } = problem.limits;
  return Math.max(timeResolutionMs, Math.ceil((Math.max(slowest, 1) * timeMultiplier) / timeResolutionMs) * timeResolutionMs);
}

async function judgeExample(ctx: VerifyContext, problem: Problem, example: ExampleSubmission, timeLimitMs: number): Promise<ExampleResult> {
  const base = { file: rel(problem, example.file), expected: example.expected };
  if (!example.allowed.length) return { ...base, ...blank, ok: false, reason: `unknown submissions folder '${example.expected}'` };
  // Time-limit submissions must still time out with the limit stretched by the safety margin.
  const limit = example.expected === 'time_limit_exceeded' ? Math.round(timeLimitMs * problem.limits.timeSafetyMargin) : timeLimitMs;
  const judged = await judgeFile(ctx, problem, example.file, limit);
  if (typeof judged === 'string') return { ...base, ...blank, ok: false, reason: judged };
  const reason = disagreement(example, judged);
  return { ...base, verdict: judged.verdict, score: judged.score, maxScore: judged.maxScore, timeMs: judged.timeMs, ok: !reason, reason };
}

const blank = { verdict: null, score: null, maxScore: null, timeMs: null };

function disagreement(example: ExampleSubmission, r: JudgingReport): string {
  if (example.expected === 'partially_accepted') {
    return r.score > 0 && r.score < r.maxScore ? '' : `scores ${r.score} of ${r.maxScore}; a partially accepted submission scores more than 0 and less than all`;
  }
  if (!example.allowed.includes(r.verdict)) return `is ${r.verdict}, expected ${example.allowed.join(' or ')}`;
  if (example.expected === 'accepted' && r.score !== r.maxScore) return `scores ${r.score} of ${r.maxScore}, expected full score`;
  return '';
}

async function judgeFile(ctx: VerifyContext, problem: Problem, file: string, timeLimitMs: number): Promise<JudgingReport | string> {
  try {
    const lang = resolveLanguage(ctx.languages, file);
    return await judgeSubmission(ctx, { problem, timeLimitMs, lang, source: readFileSync(file) });
  } catch (err) {
    return errorMessage(err);
  }
}

function rel(problem: Problem, file: string): string {
  return path.relative(problem.dir, file);
}
