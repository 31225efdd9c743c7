import { verifyProblem, type ExampleResult, type VerifyContext } from '../judge/verify.js';
import { loadProblem } from '../problem/load.js';
import { resolveProblemDir } from '../problem/resolve.js';
import type { Problem } from '../problem/types.js';
import { REPORT_VERSION, type CheckReportJson } from '../report/schemas.js';
import { openTimeLimits } from '../store/time-limits.js';
import { UserError, formatIssue } from '../util/errors.js';
import { info, out, paint, printJson, table, verdictColour } from './output.js';
import { startProgress } from './progress.js';
import { openRuntime } from './runtime.js';
import { dbLocation } from './session.js';
import { limitOrigin } from './submit-command.js';

export interface CheckOptions {
  json?: boolean;
  db?: string;
}

type CheckResult = CheckReportJson['problems'][number];

/**
 * Loads each package, reports everything wrong with it, and judges its example submissions
 * against their folders. Exit status 1 when anything disagrees.
 */
export async function problemCheckCommand(dirs: string[], opts: CheckOptions): Promise<void> {
  const packages = dirs.map(loadForCheck);
  const runtime = packages.some((p) => p.problem) ? await openRuntime(info) : null;
  const timeLimits = runtime ? await openTimeLimits(dbLocation(opts.db)) : undefined;
  const results: CheckResult[] = [];
  try {
    for (const p of packages) results.push(await checkOne(runtime && { ...runtime, timeLimits }, p, opts));
  } finally {
    await runtime?.close();
    await timeLimits?.close();
  }
  const ok = results.every((r) => r.ok);
  if (opts.json) printJson({ version: REPORT_VERSION, ok, problems: results } satisfies CheckReportJson);
  if (!ok) process.exitCode = 1;
}

type Loaded = { dir: string; problem: Problem | null; issues: string[] };

function loadForCheck(arg: string): Loaded {
  let dir = arg;
  try {
    dir = resolveProblemDir(arg);
    return { dir, problem: loadProblem(dir), issues: [] };
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    return { dir, problem: null, issues: err.issues.length ? err.issues.map(formatIssue) : [err.message] };
  }
}

async function checkOne(runtime: VerifyContext | null, loaded: Loaded, opts: CheckOptions): Promise<CheckResult> {
  const { problem } = loaded;
  const empty = { problem: problem?.id ?? loaded.dir, dir: loaded.dir, checker: problem?.checker.kind ?? null, time_limit_ms: null, time_limit_source: null };
  if (!problem || !runtime) {
    const result: CheckResult = { ...empty, ok: false, issues: loaded.issues, warnings: [], submissions: [] };
    if (!opts.json) printCheck(result);
    return result;
  }
  info(`checking ${problem.id}: ${problem.tests.length} test cases, ${problem.submissions.length} example submissions, ${problem.checker.kind} checker`);
  if (problem.type === 'scoring') info(`  scoring read as ${problem.scoring.model} reads it: ${problem.scoring.reason}`);
  const progress = startProgress(`check ${problem.id}`, problem.submissions.length, 'submissions');
  const report = await verifyProblem(runtime, problem, (r) => {
    progress.tick(r.verdict ?? 'done');
    if (!r.ok) progress.note(`  ${paint('red', 'disagrees')}: ${r.file}: ${r.reason}`);
  });
  progress.stop();
  const result: CheckResult = {
    ...empty,
    ok: report.issues.length === 0 && report.submissions.every((s) => s.ok),
    time_limit_ms: report.timeLimitMs,
    time_limit_source: report.timeLimitSource,
    issues: report.issues,
    warnings: report.warnings,
    submissions: report.submissions.map(exampleJson),
  };
  if (!opts.json) printCheck(result);
  return result;
}

function exampleJson(s: ExampleResult): CheckResult['submissions'][number] {
  return {
    file: s.file,
    expected: s.expected,
    verdict: s.verdict,
    score: s.score,
    max_score: s.maxScore,
    time_ms: s.timeMs,
    ok: s.ok,
    unsupported: s.unsupported,
    reason: s.reason,
  };
}

function printCheck(r: CheckResult): void {
  for (const issue of r.issues) out(`  ${paint('red', 'error')}: ${issue}`);
  for (const warning of r.warnings) out(`  ${paint('yellow', 'warning')}: ${warning}`);
  if (r.submissions.length) {
    const rows = r.submissions.map((s) => [
      s.file,
      s.verdict ? paint(verdictColour(s.verdict), s.verdict) : '-',
      s.score === null ? '' : `${s.score}/${s.max_score}`,
      s.time_ms === null ? '' : String(s.time_ms),
      s.unsupported ? paint('yellow', 'skipped') : s.ok ? paint('green', 'ok') : paint('red', s.reason),
    ]);
    out(table(['submission', 'verdict', 'score', 'CPU ms', 'agrees'], rows));
  }
  if (r.time_limit_source) out(`time limit ${r.time_limit_ms! / 1000} s (${limitOrigin(r.time_limit_source)})`);
  const wrong = r.issues.length + r.submissions.filter((s) => !s.ok).length;
  const judged = r.submissions.filter((s) => !s.unsupported).length;
  const skipped = r.submissions.length - judged;
  const agree = `OK, ${judged} submissions agree with what is expected${skipped ? `, ${skipped} skipped (language not available)` : ''}`;
  out(`${r.problem}: ${wrong ? paint('red', `${wrong} problem(s)`) : paint('green', agree)}`);
}
