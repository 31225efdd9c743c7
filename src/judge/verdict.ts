import type { CheckOutcome } from '../check/outcome.js';
import type { RunResult } from '../sandbox/types.js';
import type { Verdict } from '../verdict/verdict.js';
import { signalName } from '../util/signals.js';

/**
 * The one place a run's outcome and a checker's decision become a test verdict.
 * The sandbox already ordered the run's outcomes (time before crash before output); only a
 * clean run reaches the checker.
 */
export function testVerdict(run: RunResult, check: CheckOutcome | null): { verdict: Verdict; message: string } {
  switch (run.status) {
    case 'TIMEOUT':
      return { verdict: 'TLE', message: run.limitHit === 'wall' ? `wall time over ${Math.round(run.wallMs)} ms` : `CPU time ${Math.round(run.cpuMs)} ms` };
    case 'MEMORY_LIMIT':
      return { verdict: 'MLE', message: `peak memory ${Math.round(run.memoryKb / 1024)} MiB` };
    case 'RUNTIME_ERROR':
      return { verdict: 'RTE', message: run.signal !== null ? `killed by ${signalName(run.signal)}` : `exit code ${run.exitCode}` };
    case 'OUTPUT_LIMIT':
      return { verdict: 'OLE', message: `wrote at least ${run.stdoutBytes} bytes` };
    case 'OK':
      if (!check) return { verdict: 'JE', message: 'no checker result' };
      return {
        verdict: check.verdict,
        message: check.presentationError ? `presentation error: ${check.message}` : check.message,
      };
  }
}

/**
 * DOMjudge judges the time limit before the output limit: output past the limit is discarded
 * while the program runs on, and one still running when its time is up is TLE. Runs keep going
 * past the stdout limit, but the sandbox still stops a flood of stderr; a run stopped for output
 * is repeated with all output discarded, and if it then runs out of time the test is TLE.
 */
export async function timeBeforeOutput(run: RunResult, again: (argv: string[]) => Promise<RunResult>, argv: string[]): Promise<RunResult> {
  if (run.status !== 'OUTPUT_LIMIT') return run;
  const quiet = await again(['sh', '-c', 'exec "$@" >/dev/null 2>&1', 'sh', ...argv]);
  if (quiet.status !== 'TIMEOUT') return run;
  return { ...run, status: 'TIMEOUT', limitHit: quiet.limitHit, cpuMs: quiet.cpuMs, wallMs: quiet.wallMs };
}
