/**
 * Waiting out an infrastructure outage (engine down, disk full, database locked): one shared
 * state per judge process, so every piece of work that hits the outage waits for the same
 * recovery, the pause is reported once, and a batch gives up after a limit.
 *
 * States: `up`; `down` (probes failing, everyone waits); `trying` (probes pass: work in flight
 * goes on and one piece of new work is admitted first; the outage is over once it, or any retried
 * piece, succeeds, and a failure now continues the same outage silently); `gave-up` (every waiter
 * gets an OutageError). Admitting one piece first keeps a failure the probes cannot see (an image
 * gone) from failing every queued judging again at each try.
 */

/** Checks one piece of the infrastructure: null when it works, else what is wrong. */
export type Probe = () => Promise<string | null>;

export interface OutageOptions {
  probes: Probe[];
  /** How long one outage may last before waiting work fails; Infinity never gives up (a service). */
  limitMs: number;
  log(line: string): void;
  /** First pause between probes; doubled after each failed probe up to `maxDelayMs`. */
  firstDelayMs?: number;
  maxDelayMs?: number;
}

/** The outage lasted longer than the limit: the work was not done and can be done later. */
export class OutageError extends Error {
  override readonly name: string = 'OutageError';
}

type State = 'up' | 'down' | 'trying' | 'gave-up';

export interface OutageStatus {
  healthy: boolean;
  /** What is wrong, while not healthy. */
  reason: string | null;
  /** How long the current outage has lasted; 0 when healthy. */
  downForMs: number;
}

export class Outage {
  private state: State = 'up';
  private since = 0;
  private reason = '';
  private delayMs: number;
  private recovery: Promise<void> | null = null;
  private gaveUp: OutageError | null = null;
  /** Whether the one piece of new work `trying` admits is out. */
  private canary = false;
  private change = deferred();
  private readonly firstDelayMs: number;
  private readonly maxDelayMs: number;

  constructor(private readonly opts: OutageOptions) {
    this.firstDelayMs = opts.firstDelayMs ?? 250;
    this.maxDelayMs = opts.maxDelayMs ?? 5_000;
    this.delayMs = this.firstDelayMs;
  }

  /** For a health endpoint: `trying` is not healthy yet, since nothing has worked again. */
  status(): OutageStatus {
    if (this.state === 'up') return { healthy: true, reason: null, downForMs: 0 };
    return { healthy: false, reason: this.reason, downForMs: Date.now() - this.since };
  }

  /** Resolves at once unless an outage is on; then when it may be over. Rejects once given up. */
  ready(): Promise<void> {
    if (this.state === 'gave-up') return Promise.reject(this.gaveUp!);
    if (this.state !== 'down') return Promise.resolve();
    return this.recovering();
  }

  /**
   * Reports that work failed for `reason`; resolves when it is worth trying again, rejects with
   * an OutageError when the outage outlasted the limit.
   */
  failed(reason: string): Promise<void> {
    if (this.state === 'gave-up') return Promise.reject(this.gaveUp!);
    if (this.state === 'up') this.begin(reason);
    this.enter('down');
    return this.recovering();
  }

  /** Reports that work which had failed in this outage, or was admitted first, now succeeded. */
  succeeded(): void {
    if (this.state !== 'trying') return;
    this.opts.log(`judging resumed: back after ${seconds(Date.now() - this.since)} (${this.reason})`);
    this.delayMs = this.firstDelayMs;
    this.enter('up');
  }

  /**
   * Admits a new piece of work: at once while up; during an outage once it may be over, one
   * piece first (resolving true for that one) and the rest once the outage is over or back on.
   */
  async admit(): Promise<boolean> {
    for (;;) {
      if (this.state === 'gave-up') throw this.gaveUp!;
      if (this.state === 'up') return false;
      if (this.state === 'down') {
        await this.recovering();
        continue;
      }
      if (!this.canary) {
        this.canary = true;
        return true;
      }
      await this.change.promise;
    }
  }

  /**
   * Runs `fn`, and again after each outage that `transient` recognises in its error (it returns
   * the reason, or null for an error that is not the infrastructure's: that one is thrown).
   * With `start`, `fn` starts new work and each attempt is admitted first (see `admit`). Without,
   * the first attempt does not wait: recording that work failed must get through even when the
   * batch has given up.
   */
  async retry<T>(fn: () => T | Promise<T>, transient: (err: unknown) => string | null, opts: { start?: boolean } = {}): Promise<T> {
    let failedBefore = false;
    for (;;) {
      const first = opts.start ? await this.admit() : false;
      try {
        const value = await fn();
        if (failedBefore || first) this.succeeded();
        return value;
      } catch (err) {
        const reason = transient(err);
        if (reason === null) {
          // Says nothing about the infrastructure: let the next piece of work find out.
          if (first && this.state === 'trying') this.enter('trying');
          throw err;
        }
        failedBefore = true;
        await this.failed(reason);
      }
    }
  }

  private begin(reason: string): void {
    this.since = Date.now();
    this.reason = reason;
    this.delayMs = this.firstDelayMs;
    const limit = Number.isFinite(this.opts.limitMs) ? `, giving up after ${seconds(this.opts.limitMs)}` : '';
    this.opts.log(`judging paused: ${reason}; retrying with backoff${limit}`);
  }

  private recovering(): Promise<void> {
    this.recovery ??= this.probeUntilBack();
    return this.recovery;
  }

  private async probeUntilBack(): Promise<void> {
    for (;;) {
      const left = this.since + this.opts.limitMs - Date.now();
      if (left <= 0) {
        this.recovery = null;
        throw this.giveUp();
      }
      await sleep(Math.min(this.delayMs, left));
      this.delayMs = Math.min(this.delayMs * 2, this.maxDelayMs);
      const problem = await firstProblem(this.opts.probes);
      if (problem === null) {
        // Cleared here, not in a finally: a failure reported right after must start a new wait.
        this.recovery = null;
        this.enter('trying');
        return;
      }
      this.reason = problem;
    }
  }

  private giveUp(): OutageError {
    this.gaveUp = new OutageError(`gave up after waiting ${seconds(Date.now() - this.since)}: ${this.reason}`);
    this.enter('gave-up');
    return this.gaveUp;
  }

  /** Every change (re-entering `trying` included) frees the admission slot and wakes who waits on it. */
  private enter(state: State): void {
    this.state = state;
    this.canary = false;
    const change = this.change;
    this.change = deferred();
    change.resolve();
  }
}

async function firstProblem(probes: Probe[]): Promise<string | null> {
  for (const probe of probes) {
    const problem = await probe().catch((err: unknown) => (err instanceof Error ? err.message : String(err)));
    if (problem !== null) return problem;
  }
  return null;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
