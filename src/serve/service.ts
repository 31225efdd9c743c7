import type { FastifyInstance } from 'fastify';
import type { JudgeContext } from '../judge/judge.js';
import type { LanguageTable } from '../lang/config.js';
import type { Store } from '../store/index.js';
import type { ServeStore } from '../store/serve.js';
import type { ServeConfig } from './config.js';
import type { ServeContext } from './context.js';
import { CompileMemo } from './compile-memo.js';
import { JobRunner } from './jobs.js';
import type { Metrics } from './metrics.js';
import { BoundedQueue } from './queue.js';
import { buildServer } from './server.js';
import type { Outage } from '../judge/outage.js';
import type { QueueDb } from '../queue/db.js';
import { enqueueJudging } from '../queue/enqueue.js';

export interface ServiceDeps {
  config: ServeConfig;
  /** The judge's runtime: the same warm sandbox, compile cache, queue and outage state as batch judging. */
  runtime: JudgeContext & { languages: LanguageTable; outage: Outage };
  store: Store;
  serveStore: ServeStore;
  metrics: Metrics;
  judgeVersion: string;
  /** The job queue when the database is PostgreSQL: judging requests are queued for the workers. */
  judgingQueue?: QueueDb | null;
  log(line: string): void;
}

export interface Service {
  app: FastifyInstance;
  url: string;
  jobs: JobRunner;
  /** Results from now on are not stored: the next start resumes what is unfinished. */
  stopJobs(): void;
  close(): Promise<void>;
}

/**
 * Wires the service and starts listening: finishes what a previous server left queued, and judges
 * again what an interrupted judge left running, before taking requests.
 */
export async function startService(deps: ServiceDeps): Promise<Service> {
  const { config, runtime, store, metrics } = deps;
  const queue = new BoundedQueue(runtime.sandbox.concurrency, config.queue_max, (waiting, running) => {
    metrics.queueDepth.set(waiting);
    metrics.busySandboxes.set(running);
  });
  const jobs = new JobRunner(deps.serveStore);
  const ctx: ServeContext = {
    config,
    languages: runtime.languages,
    exec: { sandbox: runtime.sandbox, cacheDir: runtime.cacheDir, config, metrics, queue, memo: new CompileMemo() },
    store,
    record: { ...runtime, store, judgeVersion: deps.judgeVersion },
    jobs,
    judgingQueue: deps.judgingQueue ?? null,
    progress: new Map(),
  };
  const app = await buildServer(ctx, deps.serveStore, metrics);
  const interrupted = await store.recoverInterrupted();
  // Read before resuming: a resumed job that finishes at once must still count as pending here.
  const pending = new Set(await jobs.queuedSubmissions());
  const resumed = await jobs.resume();
  const again = interrupted.filter((id) => !pending.has(id));
  if (again.length && ctx.judgingQueue) await enqueueJudging(store, ctx.judgingQueue, 'serve: interrupted', again);
  else if (again.length)
    await jobs.submit(
      'judging',
      again.map((submission) => JSON.stringify({ submission })),
    );
  if (resumed + again.length) deps.log(`resuming ${resumed} queued job(s); judging again ${again.length} interrupted submission(s)`);
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return {
    app,
    url: `http://${host}:${port}`,
    jobs,
    stopJobs: () => jobs.stop(),
    async close() {
      jobs.stop();
      await app.close();
    },
  };
}
