import { listWorkers, type WorkerInfo } from '../queue/workers.js';
import { REPORT_VERSION, type WorkerReportJson, type WorkersReportJson } from '../report/schemas.js';
import { UserError } from '../util/errors.js';
import { leaseSeconds, runWorker } from '../worker/worker.js';
import { info, out, printJson, table } from './output.js';
import { enqueueJudging, openQueue, queueUrl } from './queued.js';
import { TEMPFAIL_EXIT } from './requeue.js';
import { openSession } from './session.js';

export interface WorkerCommandOptions {
  db?: string;
  untilIdle?: boolean;
  json?: boolean;
}

function requireQueue(db: string | undefined, command: string): string {
  const url = queueUrl(db);
  if (!url) throw new UserError(`${command}: needs a PostgreSQL database (--db postgres://user:password@host/db, or ZUKO_DB): the job queue lives there`);
  return url;
}

/**
 * `worker`: judges queued work with this host's engine and compile cache until stopped, or with
 * `--until-idle` until nothing is left that it could take. Exit 75 when an outage outlasted its
 * limit or it was declared gone: its jobs are back in the queue, and starting it again is safe.
 */
export async function workerCommand(opts: WorkerCommandOptions): Promise<void> {
  requireQueue(opts.db, 'worker');
  const session = await openSession(opts.db);
  try {
    // What a killed judge left unfinished (a queued job of it comes back after the lease anyway).
    if (session.interrupted.length) await enqueueJudging(session.store, session.queue!, 'interrupted', session.interrupted);
    const summary = await runWorker(session.queue!, session.ctx, { untilIdle: opts.untilIdle ?? false, leaseS: leaseSeconds(), log: info });
    if (opts.json) {
      const report: WorkerReportJson = {
        version: REPORT_VERSION,
        worker: summary.id,
        judged: summary.judged,
        failed: summary.failed,
        stopped: summary.stopped,
      };
      printJson(report);
    } else info(`worker ${summary.id}: judged ${summary.judged}, could not judge ${summary.failed}${summary.stopped ? `; stopped: ${summary.stopped}` : ''}`);
    if (summary.stopped) process.exitCode = TEMPFAIL_EXIT;
  } finally {
    await session.close();
  }
}

/** `workers`: every worker the queue has seen, alive ones first, with its heartbeat and current work. */
export async function workersCommand(opts: { db?: string; json?: boolean }): Promise<void> {
  const queue = await openQueue(requireQueue(opts.db, 'workers'));
  try {
    const workers = await listWorkers(queue);
    if (opts.json) return printJson(workersReport(workers));
    if (!workers.length) return info('no worker has registered with this queue yet');
    out(table(['worker', 'status', 'cpus', 'last heartbeat', 'judged', 'judging'], workers.map(row)));
  } finally {
    await queue.close();
  }
}

function workersReport(workers: WorkerInfo[]): WorkersReportJson {
  return {
    version: REPORT_VERSION,
    lease_s: leaseSeconds(),
    workers: workers.map((w) => ({
      id: w.id,
      host: w.host,
      pid: w.pid,
      cpus: w.cpus,
      slots: w.slots,
      judge_version: w.judgeVersion,
      image_ids: w.imageIds,
      status: w.status,
      started_at: w.startedAt,
      last_heartbeat: w.lastHeartbeat,
      heartbeat_age_s: w.heartbeatAgeS,
      ended_at: w.endedAt,
      judged: w.judged,
      judging: w.judging,
    })),
  };
}

function row(w: WorkerInfo): string[] {
  const judging = w.judging.map((j) => `submission ${j.submission} (batch ${j.batch})`).join(', ');
  // Alive by its last word but silent past the lease: gone, once another worker notices.
  const status = w.status === 'alive' && w.heartbeatAgeS > leaseSeconds() ? 'silent' : w.status;
  return [
    w.id,
    status,
    String(w.cpus),
    `${w.lastHeartbeat} (${Math.round(w.heartbeatAgeS)} s ago)`,
    String(w.judged),
    judging || (w.status === 'alive' ? 'idle' : ''),
  ];
}
