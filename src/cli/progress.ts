import cliProgress from 'cli-progress';
import type { JudgingReport } from '../judge/judge.js';
import { SEVERITY, type Verdict } from '../verdict/verdict.js';

/**
 * Progress of long work on stderr: a live bar on a terminal; on a pipe or a log file, one plain
 * line every few seconds and one at the end, so unattended runs log well.
 */
export interface Progress {
  /** One more done: its verdict, `failed` when it could not be judged (never shown as a verdict), or `done` for work without one. */
  tick(verdict: Tallied): void;
  /** A line of its own (a disagreement, a warning), printed above a live bar. */
  note(line: string): void;
  /** The end; `final` replaces the tally when the finished result counts otherwise (tests the grading skipped). */
  stop(final?: Map<Tallied, number>): void;
}

export type Tallied = Verdict | 'failed' | 'done';

const LOG_EVERY_MS = 5000;

export function startProgress(label: string, total: number, unit: string): Progress {
  let tally = new Map<Tallied, number>();
  let done = 0;
  const started = Date.now();
  const count = (verdict: Tallied) => {
    tally.set(verdict, (tally.get(verdict) ?? 0) + 1);
    done++;
  };
  if (process.stderr.isTTY) {
    // A MultiBar of one: its log() prints lines above the bar without breaking it.
    const bars = new cliProgress.MultiBar(
      {
        format: `${label} [{bar}] {value}/{total} ${unit} | {tally} | ETA {eta_formatted}`,
        hideCursor: true,
        clearOnComplete: false,
        etaBuffer: 50,
        stream: process.stderr,
      },
      cliProgress.Presets.shades_classic,
    );
    const bar = bars.create(total, 0, { tally: '' });
    return {
      tick(verdict) {
        count(verdict);
        bar.update(done, { tally: formatTally(tally) });
      },
      note: (line) => bars.log(`${line}\n`),
      stop(final) {
        if (final) tally = final;
        bar.update(total, { tally: formatTally(tally) });
        // stop() draws the bar but leaves lines logged since the last redraw unwritten.
        bars.update();
        bars.stop();
      },
    };
  }
  let lastLog = started;
  const log = () => {
    const elapsed = (Date.now() - started) / 1000;
    const eta = done && done < total ? `, ETA ${Math.round((elapsed / done) * (total - done))} s` : '';
    process.stderr.write(`${label}: ${done}/${total} ${unit}, ${formatTally(tally) || 'nothing yet'}, ${elapsed.toFixed(1)} s${eta}\n`);
  };
  return {
    tick(verdict) {
      count(verdict);
      if (Date.now() - lastLog < LOG_EVERY_MS) return;
      lastLog = Date.now();
      log();
    },
    note: (line) => process.stderr.write(`${line}\n`),
    stop(final) {
      if (final) {
        tally = final;
        done = total;
      }
      log();
    },
  };
}

/** The tally of a finished judging, as its table shows it: every test, or the compile error. */
export function tallyOf(report: Pick<JudgingReport, 'verdict' | 'tests'>): Map<Tallied, number> {
  const tally = new Map<Tallied, number>();
  if (!report.tests.length) return tally.set(report.verdict, 1);
  for (const t of report.tests) tally.set(t.verdict, (tally.get(t.verdict) ?? 0) + 1);
  return tally;
}

/** "AC 12 WA 3 failed 1": accepted first, then the rest worst first, then what was not judged. */
export function formatTally(tally: Map<Tallied, number>): string {
  const order: Tallied[] = ['AC', ...SEVERITY.filter((v) => v !== 'AC'), 'failed', 'done'];
  return order
    .filter((v) => tally.get(v))
    .map((v) => `${v} ${tally.get(v)}`)
    .join(' ');
}
