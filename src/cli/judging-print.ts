import type { JudgingReport } from '../judge/judge.js';
import type { JudgingReportJson } from '../report/schemas.js';
import { out, paint, table, verdictColour } from './output.js';

/** Lines of compiler output shown on a terminal; the rest is in `results --json`. */
const COMPILE_LINES = 25;

/**
 * A judging as a table of tests, the compiler's output when it failed, the overall result and the
 * first failure, on stdout. `firstFailure` carries the diff excerpt of a fresh judging; a stored
 * one has the checker's message only.
 */
export function printJudging(r: JudgingReportJson, firstFailure?: JudgingReport['firstFailure']): void {
  if (r.tests.length) {
    const rows = r.tests.map((t) => [
      t.name,
      t.group,
      paint(verdictColour(t.verdict), t.verdict),
      t.verdict === 'SK' ? '' : String(t.time_ms),
      t.verdict === 'SK' ? '' : mib(t.memory_kb),
      t.verdict === 'SK' ? '' : String(round(t.score)),
    ]);
    out(table(['test', 'group', 'verdict', 'CPU ms', 'memory', 'score'], rows));
  }
  if (r.compile && !r.compile.ok)
    out(`${paint('bold', 'compiler output:')}\n${trimmedCompileOutput(r.compile.output, `zuko-judge results ${r.submission} --json (compile.output)`)}`);
  if (r.status !== 'done') return out(unfinishedLine(r));
  const verdict = paint(verdictColour(r.verdict!), paint('bold', r.verdict!));
  out(
    `submission ${r.submission}, judging ${r.judging}: ${verdict}  score ${round(r.score!)}/${round(r.max_score!)}  time ${r.time_ms} ms  memory ${mib(r.memory_kb!)}`,
  );
  const failing = firstFailure ?? storedFailure(r);
  if (!failing) return;
  out(`first failure: ${failing.name}: ${r.verdict === 'JE' ? paint('yellow', failing.message) : failing.message}`);
  if (failing.excerpt) out(failing.excerpt.trimEnd());
}

/** A submission without a finished judging says which state it is in and why. */
function unfinishedLine(r: JudgingReportJson): string {
  if (r.status === 'queued') return `submission ${r.submission}: not judged yet`;
  if (r.status === 'judging')
    return `submission ${r.submission}: judging ${r.judging} is running (or was left running by a killed judge; the next judging command judges it again)`;
  return `submission ${r.submission}: judging ${r.judging} failed (${r.failure?.failure}): ${r.failure?.reason}`;
}

function storedFailure(r: JudgingReportJson): JudgingReport['firstFailure'] {
  const failing = r.tests.find((t) => t.verdict !== 'AC' && t.verdict !== 'SK');
  return failing ? { name: failing.name, message: failing.message, excerpt: '' } : null;
}

/** The first lines of a long compiler output, saying how much is left out and where it all is. */
export function trimmedCompileOutput(output: string, whole: string): string {
  const lines = output.trimEnd().split('\n');
  if (lines.length <= COMPILE_LINES) return lines.join('\n');
  const rest = lines.length - COMPILE_LINES;
  return `${lines.slice(0, COMPILE_LINES).join('\n')}\n${paint('grey', `… ${rest} more line(s); the whole output: ${whole}`)}`;
}

function mib(kb: number): string {
  return `${(kb / 1024).toFixed(1)} MiB`;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
