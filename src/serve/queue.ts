import { HttpError } from './http-error.js';

interface Waiter {
  start(): void;
  abandon(): void;
}

/**
 * Executions waiting for a sandbox, at most `maxWaiting` of them: beyond that a request is refused
 * (503) instead of growing memory. A client gone before its run starts leaves its place.
 */
export class BoundedQueue {
  private running = 0;
  private readonly waiting: Waiter[] = [];

  constructor(
    readonly concurrency: number,
    private readonly maxWaiting: number,
    private readonly onChange: (waiting: number, running: number) => void = () => {},
  ) {}

  get depth(): number {
    return this.waiting.length;
  }

  get busy(): number {
    return this.running;
  }

  /** Whether `n` more would fit; asynchronous work is admitted once and then always runs. */
  hasRoom(n = 1): boolean {
    return this.waiting.length + n <= this.maxWaiting;
  }

  /** A rough wait before a retry can get in: one round of runs per `concurrency` waiting. */
  retryAfterS(): number {
    return 1 + Math.ceil(this.waiting.length / this.concurrency);
  }

  async run<T>(work: () => Promise<T>, opts: { signal?: AbortSignal; admitted?: boolean } = {}): Promise<T> {
    if (this.running < this.concurrency) {
      this.running++;
      this.changed();
    } else {
      if (!opts.admitted && !this.hasRoom()) throw HttpError.limited(503, 'queue', 'the run queue is full; retry later', this.retryAfterS());
      // The finishing run hands its slot over, so `running` already counts this one.
      await this.wait(opts.signal);
    }
    try {
      return await work();
    } finally {
      this.next();
    }
  }

  private wait(signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        start: () => {
          signal?.removeEventListener('abort', waiter.abandon);
          resolve();
        },
        abandon: () => {
          const i = this.waiting.indexOf(waiter);
          if (i >= 0) this.waiting.splice(i, 1);
          this.changed();
          reject(new HttpError(499, null, 'the client went away before its run started'));
        },
      };
      if (signal?.aborted) return waiter.abandon();
      signal?.addEventListener('abort', waiter.abandon, { once: true });
      this.waiting.push(waiter);
      this.changed();
    });
  }

  private next(): void {
    const waiter = this.waiting.shift();
    if (!waiter) this.running--;
    this.changed();
    waiter?.start();
  }

  private changed(): void {
    this.onChange(this.waiting.length, this.running);
  }
}
