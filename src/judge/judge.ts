import type PQueue from 'p-queue';
import type { CheckOutcome } from '../check/outcome.js';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { diffExcerpt } from '../check/excerpt.js';
import type { Language } from '../lang/config.js';
import type { Problem, TestCase } from '../problem/types.js';
import type { RunResult, Sandbox } from '../sandbox/types.js';
import { gradeJudging, maxScore, skippable, type CaseResult } from '../score/index.js';
import type { Verdict } from '../verdict/verdict.js';
import { sha256 } from '../util/hash.js';
import type { Checker } from './checker.js';
import { compile } from './compile.js';
import { runValidated } from './interactive.js';
import { runArgv, runLimits } from './limits.js';
import { testVerdict, timeBeforeOutput } from './verdict.js';

/** What a judge needs besides the submission; built once, shared by every judging. */
export interface JudgeContext {
  sandbox: Sandbox;
  cacheDir: string;
  /** One queue for every test run, so a batch of submissions keeps all cores busy. */
  queue: PQueue;
  checkerFor(problem: Problem): Promise<Checker>;
  /** Resolves while the infrastructure works; during an outage, once it may be back. */
  ready?(): Promise<void>;
}

export interface Submission {
  problem: Problem;
  timeLimitMs: number;
  /** CPU limit when it differs from the time limit (`problem check` stretches it); wall time follows timeLimitMs. */
  cpuLimitMs?: number;
  lang: Language;
  source: Buffer;
}

export interface TestOutcome {
  name: string;
  group: string;
  verdict: Verdict;
  cpuMs: number;
  wallMs: number;
  memoryKb: number;
  score: number | null;
  message: string;
  outputBytes: number;
  outputSha256: string | null;
}

export interface JudgingReport {
  verdict: Verdict;
  score: number;
  maxScore: number;
  timeMs: number;
  memoryKb: number;
  compile: { ok: boolean; output: string; cached: boolean };
  tests: TestOutcome[];
  /** The first failing test's name, message and a short diff excerpt, when there is one. */
  firstFailure: { name: string; message: string; excerpt: string } | null;
}

export interface JudgeEvents {
  onCompiled?(ok: boolean, cached: boolean): void;
  onTest?(outcome: TestOutcome, done: number, total: number): void;
}

const EXCERPT_BYTES = 64 * 1024;

/**
 * Judges one submission. A SandboxError (or any other failure of the machinery) rejects the whole
 * judging: it is never a test's verdict, and the tests still queued are dropped.
 */
export async function judgeSubmission(ctx: JudgeContext, sub: Submission, events: JudgeEvents = {}): Promise<JudgingReport> {
  await ctx.ready?.();
  const image = sub.lang.image;
  // Every container this judging uses is its own, and goes when it is done.
  const owner = `judging-${randomUUID()}`;
  try {
    return await judgeIn(ctx, sub, events, image, owner);
  } finally {
    ctx.sandbox.release(owner);
  }
}

async function judgeIn(ctx: JudgeContext, sub: Submission, events: JudgeEvents, image: string, owner: string): Promise<JudgingReport> {
  const limits = runLimits({ ...sub.problem.limits, timeLimitMs: sub.timeLimitMs, cpuLimitMs: sub.cpuLimitMs }, sub.lang);
  // The test runs' containers start while the program compiles.
  ctx.sandbox.prepare(owner, image, limits, sub.problem.tests.length);
  const compiled = await compile(ctx.sandbox, ctx.cacheDir, { lang: sub.lang, source: sub.source, image, owner });
  events.onCompiled?.(compiled.ok, compiled.cached);
  const compileInfo = { ok: compiled.ok, output: compiled.output, cached: compiled.cached };
  if (!compiled.ok) return compileError(sub.problem, compileInfo);

  const checker = await ctx.checkerFor(sub.problem);
  const argv = runArgv(compiled.run, sub.problem.limits.memoryMib);
  const program = { key: compiled.key, files: compiled.files };
  const results = new Map<string, CaseResult>();
  const outcomes = new Map<string, TestOutcome>();
  const excerpts = new Map<string, Buffer>();
  let skip = new Set<string>();
  let done = 0;
  let aborted = false;

  const runOne = async (test: TestCase): Promise<void> => {
    // Waiting here keeps a paused judge from running its queue into an outage.
    await ctx.ready?.();
    if (aborted) return;
    let outcome: TestOutcome;
    if (skip.has(test.name)) {
      outcome = blank(test, 'SK', '');
    } else {
      outcome = await runTest(test);
      results.set(test.name, { verdict: outcome.verdict, score: outcome.score });
      skip = skippable(sub.problem.data, results);
    }
    outcomes.set(test.name, outcome);
    events.onTest?.(outcome, ++done, sub.problem.tests.length);
  };

  const runTest = async (test: TestCase): Promise<TestOutcome> => {
    let run: RunResult;
    let check: CheckOutcome | null;
    if (checker.validator) {
      ({ run, check } = await runValidated({ sandbox: ctx.sandbox, image, argv, owner, program, limits }, checker.validator, sub.problem, test));
    } else {
      const runWith = (a: string[]) => ctx.sandbox.run(image, { argv: a, owner, program, stdin: readFileSync(test.inFile), limits });
      run = await timeBeforeOutput(await runWith(argv), runWith, argv);
      check = run.status === 'OK' ? await checker(test, run.stdout) : null;
    }
    const { verdict, message } = testVerdict(run, check);
    if (verdict === 'WA') excerpts.set(test.name, run.stdout.subarray(0, EXCERPT_BYTES));
    return {
      name: test.name,
      group: test.group,
      verdict,
      cpuMs: Math.round(run.cpuMs),
      wallMs: Math.round(run.wallMs),
      memoryKb: run.memoryKb,
      score: check?.score ?? null,
      message,
      outputBytes: run.stdoutBytes,
      outputSha256: sha256(run.stdout),
    };
  };

  try {
    await Promise.all(sub.problem.tests.map((test) => ctx.queue.add(() => runOne(test))));
  } catch (err) {
    aborted = true;
    throw err;
  }
  return summarize(sub.problem, compileInfo, outcomes, excerpts);
}

function blank(test: TestCase, verdict: Verdict, message: string): TestOutcome {
  return { name: test.name, group: test.group, verdict, cpuMs: 0, wallMs: 0, memoryKb: 0, score: null, message, outputBytes: 0, outputSha256: null };
}

/**
 * Grades the finished runs. A test the grading skips (after a rejection in a `break` group) is
 * shown as skipped even when it ran before the rejection was known, so the result never depends
 * on scheduling.
 */
function summarize(problem: Problem, compileInfo: JudgingReport['compile'], outcomes: Map<string, TestOutcome>, excerpts: Map<string, Buffer>): JudgingReport {
  const results = new Map<string, CaseResult>();
  for (const [name, o] of outcomes) if (o.verdict !== 'SK') results.set(name, { verdict: o.verdict, score: o.score });
  const graded = gradeJudging(problem.data, results);
  const tests = problem.tests.map((t): TestOutcome => {
    const o = outcomes.get(t.name) ?? blank(t, 'SK', '');
    if (graded.tests.get(t.name) === 'SK') return blank(t, 'SK', '');
    return { ...o, score: graded.testScores.get(t.name) ?? o.score };
  });
  const ran = tests.filter((t) => t.verdict !== 'SK');
  return {
    verdict: graded.verdict,
    score: graded.score,
    maxScore: graded.maxScore,
    timeMs: Math.max(0, ...ran.map((t) => t.cpuMs)),
    memoryKb: Math.max(0, ...ran.map((t) => t.memoryKb)),
    compile: compileInfo,
    tests,
    firstFailure: firstFailure(problem, tests, excerpts),
  };
}

function firstFailure(problem: Problem, tests: TestOutcome[], excerpts: Map<string, Buffer>): JudgingReport['firstFailure'] {
  const failing = tests.find((t) => t.verdict !== 'AC' && t.verdict !== 'SK');
  if (!failing) return null;
  const output = excerpts.get(failing.name);
  const testCase = problem.tests.find((t) => t.name === failing.name);
  const excerpt = output && testCase ? diffExcerpt(readFileSync(testCase.ansFile).subarray(0, EXCERPT_BYTES), output) : '';
  return { name: failing.name, message: failing.message, excerpt };
}

/** Nothing ran: no test rows, the compiler's output says why. */
function compileError(problem: Problem, compileInfo: JudgingReport['compile']): JudgingReport {
  return {
    verdict: 'CE',
    score: 0,
    maxScore: maxScore(problem.data),
    timeMs: 0,
    memoryKb: 0,
    compile: compileInfo,
    tests: [],
    firstFailure: null,
  };
}
