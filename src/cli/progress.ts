import cliProgress from 'cli-progress';
import { SEVERITY, type Verdict } from '../score/verdict.js';

/**
 * Progress of long work on stderr: a live bar on a terminal; on a pipe or a log file, one plain
 * line every few seconds and one at the end, so unattended runs log well.
 */
export interface Progress {
  tick(verdict: Verdict): void;
  stop(): void;
}

const LOG_EVERY_MS = 5000;

export function startProgress(label: string, total: number, unit: string): Progress {
  const tally = new Map<Verdict, number>();
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

/** "AC 12 WA 3": accepted first, then the rest worst first. */
export function formatTally(tally: Map<Verdict, number>): string {
  const order: Verdict[] = ['AC', ...SEVERITY.filter((v) => v !== 'AC')];
  return order
    .filter((v) => tally.get(v))
    .map((v) => `${v} ${tally.get(v)}`)
    .join(' ');
}
