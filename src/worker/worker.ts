/**
 * A judge worker: claims judging jobs from the PostgreSQL queue and judges them with this host's
 * Docker engine and compile cache, one job per slot (its CPUs plus one, so a compile overlaps the
 * test runs of another submission). It says it is alive every third of the lease; every worker
 * also declares workers silent for a whole lease gone and puts their jobs back.
 */
import os from 'node:os';
import path from 'node:path';
import { run, type Runner, type RunnerOptions } from 'graphile-worker';
import { JUDGE_TASK } from '../queue/batches.js';
import type { QueueDb } from '../queue/db.js';
import { quietLogger } from '../queue/logger.js';
import { PackageCache } from '../queue/packages.js';
import { heartbeat, jobsLeft, reapGone, registerWorker, setJudged, stopWorker, type WorkerIdentity } from '../queue/workers.js';
import { errorMessage, UserError } from '../util/errors.js';
import type { RecordContext } from '../record/record.js';
import { newWorkerId } from '../store/index.js';
import { judgeJob, type JobContext } from './job.js';
import { EngineIds } from './engine-ids.js';

export interface WorkerOptions {
  /** Stop once no job is left that this worker could take. */
  untilIdle: boolean;
  /** Seconds without a heartbeat after which a worker is gone and its jobs are taken again. */
  leaseS: number;
  log(line: string): void;
  /** Stop once this returns true: a command waiting for its own batch. */
  done?(): Promise<boolean>;
}

export interface WorkerSummary {
  id: string;
  judged: number;
  failed: number;
  /** Why it stopped early (an outage outlasting its limit, declared gone), else null. */
  stopped: string | null;
}

/** `ZUKO_LEASE` seconds (default 30): how long a silent worker keeps its jobs. */
export function leaseSeconds(): number {
  const env = process.env.ZUKO_LEASE;
  if (env === undefined || env === '') return 30;
  const s = Number(env);
  if (!Number.isFinite(s) || s < 3) throw new UserError(`ZUKO_LEASE: '${env}' is not a number of seconds of at least 3 (e.g. 30)`);
  return s;
}

export async function runWorker(db: QueueDb, ctx: RecordContext, opts: WorkerOptions): Promise<WorkerSummary> {
  const identity: WorkerIdentity = {
    // The id the store records on the judgings it opens (and holds its liveness lock under).
    id: ctx.store.workerId ?? newWorkerId(),
    host: os.hostname(),
    pid: process.pid,
    cpus: ctx.sandbox.concurrency,
    slots: ctx.sandbox.concurrency + 1,
    judgeVersion: ctx.judgeVersion,
  };
  await registerWorker(db, identity);
  opts.log(`worker ${identity.id}: ${identity.slots} slot(s) on ${identity.cpus} CPU(s), lease ${opts.leaseS} s, queue ${db.where}`);
  const job: JobContext = {
    db,
    ctx,
    workerId: identity.id,
    packages: new PackageCache(db, path.join(ctx.cacheDir, 'packages')),
    engineIds: new EngineIds(db, ctx.sandbox, identity.id),
    refused: new Set<string>(),
    busy: 0,
    judged: 0,
    failed: 0,
    stopped: null,
    log: opts.log,
  };
  const runners = await startRunners(db, identity, job, opts.log);
  try {
    await superviseUntilDone(db, identity, job, opts);
  } finally {
    await Promise.all(runners.map((r) => r.stop().catch(() => undefined)));
    if (!job.stopped?.startsWith('declared gone')) await stopWorker(db, identity.id, job.judged).catch(() => undefined);
  }
  return { id: identity.id, judged: job.judged, failed: job.failed, stopped: job.stopped };
}

/** One single-job runner per slot, so each lock names its slot: `<worker id>/<slot>`. */
async function startRunners(db: QueueDb, identity: WorkerIdentity, job: JobContext, log: (line: string) => void): Promise<Runner[]> {
  const runners: Runner[] = [];
  for (let slot = 0; slot < identity.slots; slot++) {
    // graphile-worker takes a worker id for a single-job runner, though its types leave it out.
    const options: RunnerOptions & { workerId: string } = {
      pgPool: db.pool,
      concurrency: 1,
      workerId: `${identity.id}/${slot}`,
      noHandleSignals: true,
      // New jobs and released ones wake idle slots at once (NOTIFY); polling finds jobs whose
      // retry time has come, and costs the database one query per idle slot each interval.
      pollInterval: 5000,
      logger: quietLogger(log),
      forbiddenFlags: () => [...job.refused],
      taskList: { [JUDGE_TASK]: (payload, { job: claimed }) => judgeJob(job, slot, payload, claimed.attempts >= claimed.max_attempts) },
    };
    runners.push(await run(options));
  }
  return runners;
}

/**
 * Heartbeats, reaps, and decides when to stop: when declared gone, when an outage
 * outlasted its limit, or (with `untilIdle`) once nothing is left for it and it is idle.
 */
async function superviseUntilDone(db: QueueDb, identity: WorkerIdentity, job: JobContext, opts: WorkerOptions): Promise<void> {
  const beatMs = Math.max(1000, (opts.leaseS * 1000) / 3);
  let lastBeat = Date.now();
  for (;;) {
    if (job.stopped) return;
    if (Date.now() - lastBeat >= beatMs) {
      lastBeat = Date.now();
      if (!(await heartbeat(db, identity.id).catch(() => true))) {
        job.stopped = `declared gone: no heartbeat reached the database for ${opts.leaseS} s; its jobs went back to the queue`;
        return;
      }
      await setJudged(db, identity.id, job.judged).catch(() => undefined);
      await reap(db, job, opts);
    }
    // A command waiting for its batch stops once it is done; what it still judges for others ends first.
    // A database that does not answer for a moment is no reason to stop: ask again next round.
    if (opts.done && (await opts.done().catch(() => false))) return;
    if (opts.untilIdle && job.busy === 0 && (await jobsLeft(db, [...job.refused]).catch(() => 1)) === 0) return;
    await sleep(500);
  }
}

async function reap(db: QueueDb, job: JobContext, opts: WorkerOptions): Promise<void> {
  try {
    const gone = await reapGone(db, opts.leaseS, async (id) => {
      await job.ctx.store.failWorkerJudgings(id, 'interrupted: its worker stopped sending heartbeats', 'interrupted');
    });
    for (const id of gone) opts.log(`worker ${id} sent no heartbeat for ${opts.leaseS} s: declared gone, its jobs are queued again`);
  } catch (err) {
    opts.log(`could not check for gone workers: ${errorMessage(err)}`);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
