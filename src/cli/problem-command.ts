import { verifyProblem, type ExampleResult, type VerifyContext, type VerifyReport } from '../judge/verify.js';
import { loadProblem } from '../problem/load.js';
import { resolveProblemDir } from '../problem/resolve.js';
import type { Problem } from '../problem/types.js';
import { UserError, formatIssue } from '../util/errors.js';
import { info, paint, printJson, table, verdictColour } from './output.js';
import { openTimeLimits } from '../store/time-limits.js';
import { openRuntime } from './runtime.js';
import { dbLocation } from './session.js';
import { limitOrigin } from './submit-command.js';

export interface CheckOptions {
  json?: boolean;
  db?: string;
}

interface CheckResult {
  problem: string;
  dir: string;
  ok: boolean;
  checker: string | null;
  time_limit_ms: number | null;
  time_limit_source: VerifyReport['timeLimitSource'] | null;
  issues: string[];
  warnings: string[];
  submissions: ExampleResult[];
}

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
  if (opts.json) printJson(results.length === 1 ? results[0] : results);
  if (results.some((r) => !r.ok)) process.exitCode = 1;
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
  if (!opts.json) info(`checking ${problem.id}: ${problem.tests.length} test cases, ${problem.submissions.length} example submissions, ${problem.checker.kind} checker`);
  if (!opts.json && problem.type === 'scoring') info(`  scoring read as ${problem.scoring.model} reads it: ${problem.scoring.reason}`);
  const report = await verifyProblem(runtime, problem, (r) => {
    if (!opts.json && !r.ok) info(`  ${paint('red', 'disagrees')}: ${r.file}: ${r.reason}`);
  });
  const result: CheckResult = {
    ...empty,
    ok: report.issues.length === 0 && report.submissions.every((s) => s.ok),
    time_limit_ms: report.timeLimitMs,
    time_limit_source: report.timeLimitSource,
    issues: report.issues,
    warnings: report.warnings,
    submissions: report.submissions,
  };
  if (!opts.json) printCheck(result);
  return result;
}

function printCheck(r: CheckResult): void {
  for (const issue of r.issues) info(`  ${paint('red', 'error')}: ${issue}`);
  for (const warning of r.warnings) info(`  ${paint('yellow', 'warning')}: ${warning}`);
  if (r.submissions.length) {
    const rows = r.submissions.map((s) => [
      s.file,
      s.verdict ? paint(verdictColour(s.verdict), s.verdict) : '-',
      s.score === null ? '' : `${s.score}/${s.maxScore}`,
      s.timeMs === null ? '' : String(s.timeMs),
      s.unsupported ? paint('yellow', 'skipped') : s.ok ? paint('green', 'ok') : paint('red', s.reason),
    ]);
    info(table(['submission', 'verdict', 'score', 'CPU ms', 'agrees'], rows));
  }
  if (r.time_limit_source) info(`time limit ${r.time_limit_ms! / 1000} s (${limitOrigin(r.time_limit_source)})`);
  const wrong = r.issues.length + r.submissions.filter((s) => !s.ok).length;
  const judged = r.submissions.filter((s) => !s.unsupported).length;
  const skipped = r.submissions.length - judged;
  const agree = `OK, ${judged} submissions agree with what is expected${skipped ? `, ${skipped} skipped (language not available)` : ''}`;
  info(`${r.problem}: ${wrong ? paint('red', `${wrong} problem(s)`) : paint('green', agree)}`);
}
