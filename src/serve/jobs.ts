import { randomUUID } from 'node:crypto';
import type { Job, JobKind, ServeStore } from '../store/serve.js';
import { errorMessage } from '../util/errors.js';

/** Runs one stored request and returns its result as JSON text to store. */
export type Phase = 'queued' | 'compiling' | 'running';

export interface JobOptions {
  admitted: boolean;
  signal?: AbortSignal;
  onPhase?(phase: Exclude<Phase, 'queued'>): void;
}

export type JobHandler = (request: string, opts: JobOptions) => Promise<string>;

/**
 * Asynchronous work kept in the database: a job is stored before it is acknowledged and its
 * result written when it ends, so a server killed with work queued finishes it on its next start
 * and a finished job is never run again.
 */
export class JobRunner {
  /** Jobs of this process not finished yet, and how far each has got. */
  private readonly phases = new Map<string, Phase>();
  private readonly inFlight = new Set<Promise<void>>();
  private stopping = false;

  constructor(
    private readonly store: ServeStore,
    private readonly handlers: Partial<Record<JobKind, JobHandler>> = {},
  ) {}

  setHandler(kind: JobKind, handler: JobHandler): void {
    this.handlers[kind] = handler;
  }

  /** Stores the requests and starts them in the background; returns their tokens in order. */
  async submit(kind: JobKind, requests: readonly string[]): Promise<string[]> {
    const jobs = requests.map((request) => ({ token: randomUUID(), kind, request }));
    await this.store.addJobs(jobs);
    for (const j of jobs) this.start({ ...j, status: 'queued', result: null, createdAt: '' });
    return jobs.map((j) => j.token);
  }

  /**
   * Runs one request now, for a client that waits, and stores it with its result. A refusal (a
   * full queue, a client gone) stores nothing.
   */
  async runNow(kind: JobKind, request: string, signal?: AbortSignal): Promise<string> {
    const result = await this.handler(kind)(request, { admitted: false, signal });
    const token = randomUUID();
    await this.store.addJobs([{ token, kind, request }]);
    await this.store.finishJob(token, result);
    return token;
  }

  private handler(kind: JobKind): JobHandler {
    const handler = this.handlers[kind];
    if (!handler) throw new Error(`no handler for ${kind} jobs`);
    return handler;
  }

  /** Picks up what a previous server left queued. */
  async resume(): Promise<number> {
    const queued = await this.store.queuedJobs();
    for (const job of queued) this.start(job);
    return queued.length;
  }

  /** Submissions whose stored judging request has not finished. */
  async queuedSubmissions(): Promise<number[]> {
    return (await this.store.queuedJobs()).filter((j) => j.kind === 'judging').map((j) => (JSON.parse(j.request) as { submission: number }).submission);
  }

  get(tokens: readonly string[]): Promise<Map<string, Job>> {
    return this.store.getJobs(tokens);
  }

  /** How far an unfinished job has got; null for one this process is not running. */
  phase(token: string): Phase | null {
    return this.phases.get(token) ?? null;
  }

  /** Resolves when every job started so far has ended. */
  async idle(): Promise<void> {
    while (this.inFlight.size) await Promise.all([...this.inFlight]);
  }

  private start(job: Job): void {
    const p = this.execute(job).finally(() => this.inFlight.delete(p));
    this.inFlight.add(p);
  }

  private async execute(job: Job): Promise<void> {
    const handler = this.handler(job.kind);
    this.phases.set(job.token, 'queued');
    let result: string;
    try {
      result = await handler(job.request, { admitted: true, onPhase: (phase) => this.phases.set(job.token, phase) });
    } catch (err) {
      result = JSON.stringify({ error: errorMessage(err) });
    } finally {
      this.phases.delete(job.token);
    }
    // A run cut short by shutdown is not a result: the job stays queued for the next start.
    if (!this.stopping) await this.store.finishJob(job.token, result);
  }

  /** Stops recording results; what is unfinished now is resumed by the next server. */
  stop(): void {
    this.stopping = true;
  }
}
