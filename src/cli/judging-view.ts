import type { JudgingReport, TestOutcome } from '../judge/judge.js';
import type { Judging, Submission, TestResult } from '../store/index.js';
import type { Verdict } from '../verdict/verdict.js';
import { info, paint, table, verdictColour } from './output.js';

type TestRow = Pick<TestOutcome, 'name' | 'group' | 'verdict' | 'cpuMs' | 'wallMs' | 'memoryKb' | 'score' | 'message'>;

/** One judging as `submit` and `results` show it, whether just judged or read back from the store. */
export interface JudgingView {
  submission: number;
  judging: number;
  problem: string;
  language: string;
  verdict: Verdict;
  score: number;
  maxScore: number;
  timeMs: number;
  memoryKb: number;
  compile: { ok: boolean; output: string };
  tests: TestRow[];
  firstFailure: JudgingReport['firstFailure'];
}

export function viewOfReport(ids: { submission: number; judging: number; problem: string; language: string }, report: JudgingReport): JudgingView {
  return { ...ids, ...report, compile: { ok: report.compile.ok, output: report.compile.output } };
}

/** A finished judging read back from the store; the diff excerpt is not stored, the message is. */
export function viewOfStored(sub: Submission, judging: Judging, tests: TestResult[]): JudgingView {
  const outcome = judging.outcome!;
  const failing = tests.find((t) => t.verdict !== 'AC' && t.verdict !== 'SK');
  return {
    submission: sub.id,
    judging: judging.id,
    problem: sub.problemId,
    language: sub.language,
    verdict: outcome.verdict,
    score: outcome.score,
    maxScore: outcome.maxScore,
    timeMs: outcome.timeMs,
    memoryKb: outcome.memoryKb,
    compile: { ok: outcome.compileOk, output: outcome.compileOutput },
    tests,
    firstFailure: failing ? { name: failing.name, message: failing.message, excerpt: '' } : null,
  };
}

/** The documented `--json` object of `submit` and `results`. */
export function judgingJson(v: JudgingView) {
  return {
    submission: v.submission,
    judging: v.judging,
    problem: v.problem,
    language: v.language,
    verdict: v.verdict,
    score: v.score,
    max_score: v.maxScore,
    time_ms: v.timeMs,
    memory_kb: v.memoryKb,
    compile: { ok: v.compile.ok, output: v.compile.output },
    tests: v.tests.map((t) => ({
      name: t.name,
      group: t.group,
      verdict: t.verdict,
      time_ms: t.cpuMs,
      wall_ms: t.wallMs,
      memory_kb: t.memoryKb,
      score: t.score ?? 0,
      message: t.message,
    })),
  };
}

export function printJudging(v: JudgingView): void {
  if (v.tests.length) {
    const rows = v.tests.map((t) => [
      t.name,
      t.group,
      paint(verdictColour(t.verdict), t.verdict),
      t.verdict === 'SK' ? '' : String(t.cpuMs),
      t.verdict === 'SK' ? '' : mib(t.memoryKb),
      t.score === null ? '' : String(round(t.score)),
    ]);
    info(table(['test', 'group', 'verdict', 'CPU ms', 'memory', 'score'], rows));
  }
  if (!v.compile.ok) info(`${paint('bold', 'compiler output:')}\n${v.compile.output.trimEnd()}`);
  const verdict = paint(verdictColour(v.verdict), paint('bold', v.verdict));
  info(`submission ${v.submission}, judging ${v.judging}: ${verdict}  score ${round(v.score)}/${round(v.maxScore)}  time ${v.timeMs} ms  memory ${mib(v.memoryKb)}`);
  if (!v.firstFailure) return;
  info(`first failure: ${v.firstFailure.name}: ${v.verdict === 'JE' ? paint('yellow', v.firstFailure.message) : v.firstFailure.message}`);
  if (v.firstFailure.excerpt) info(v.firstFailure.excerpt.trimEnd());
}

function mib(kb: number): string {
  return `${(kb / 1024).toFixed(1)} MiB`;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
