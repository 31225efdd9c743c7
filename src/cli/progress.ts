import cliProgress from 'cli-progress';
import { SEVERITY, type Verdict } from '../verdict/verdict.js';

/**
 * Progress of long work on stderr: a live bar on a terminal; on a pipe or a log file, one plain
 * line every few seconds and one at the end, so unattended runs log well.
 */
export interface Progress {
  /** One more done: its verdict, or `failed` when it could not be judged (never shown as a verdict). */
  tick(verdict: Tallied): void;
  stop(): void;
}

export type Tallied = Verdict | 'failed';

const LOG_EVERY_MS = 5000;

export function startProgress(label: string, total: number, unit: string): Progress {
  const tally = new Map<Tallied, number>();
  let done = 0;
  const started = Date.now();
  const summary = () => formatTally(tally);
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: `${label} [{bar}] {value}/{total} ${unit} | {tally} | ETA {eta_formatted}`, hideCursor: true, clearOnComplete: false, etaBuffer: 50 },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { tally: '' });
    return {
      tick(verdict) {
        tally.set(verdict, (tally.get(verdict) ?? 0) + 1);
        bar.increment({ tally: summary() });
      },
      stop: () => bar.stop(),
    };
  }
  let lastLog = started;
  const log = () => {
    const elapsed = (Date.now() - started) / 1000;
    const eta = done && done < total ? `, ETA ${Math.round((elapsed / done) * (total - done))} s` : '';
    process.stderr.write(`${label}: ${done}/${total} ${unit}, ${summary() || 'nothing yet'}, ${elapsed.toFixed(1)} s${eta}\n`);
  };
  return {
    tick(verdict) {
      tally.set(verdict, (tally.get(verdict) ?? 0) + 1);
      done++;
      if (Date.now() - lastLog >= LOG_EVERY_MS) {
        lastLog = Date.now();
        log();
      }
    },
    stop: log,
  };
}

/** "AC 12 WA 3 failed 1": accepted first, then the rest worst first, then what was not judged. */
export function formatTally(tally: Map<Tallied, number>): string {
  const order: Tallied[] = ['AC', ...SEVERITY.filter((v) => v !== 'AC'), 'failed'];
  return order
    .filter((v) => tally.get(v))
    .map((v) => `${v} ${tally.get(v)}`)
    .join(' ');
}
