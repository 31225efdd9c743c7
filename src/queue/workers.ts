/**
 * Judge workers as the database sees them: who they are (host, pid, a random id), what they judge
 * with, when they last said they were alive, and what each of their slots is judging. A worker
 * whose heartbeat is older than the lease is gone: its jobs go back to the queue.
 */
import { z } from 'zod';
import type { QueueDb } from './db.js';
import { JUDGE_TASK } from './batches.js';

export interface WorkerIdentity {
  id: string;
  host: string;
  pid: number;
  cpus: number;
  /** Jobs it judges at once; its graphile-worker ids are `<id>/<slot>`. */
  slots: number;
  judgeVersion: string;
}

/** The graphile-worker ids of a worker's slots: the ids its job locks carry. */
export function slotIds(workerId: string, slots: number): string[] {
  return Array.from({ length: slots }, (_, i) => `${workerId}/${i}`);
}

export async function registerWorker(db: QueueDb, w: WorkerIdentity): Promise<void> {
  await db.pool.query(`INSERT INTO zuko_queue.workers (id, host, pid, cpus, slots, judge_version, status) VALUES ($1, $2, $3, $4, $5, $6, 'alive')`, [
    w.id,
    w.host,
    w.pid,
    w.cpus,
    w.slots,
    w.judgeVersion,
  ]);
}

/** Records the engine's id of more images the worker judges with. */
export async function addWorkerImages(db: QueueDb, workerId: string, images: Record<string, string>): Promise<void> {
  await db.pool.query('UPDATE zuko_queue.workers SET image_ids = image_ids || $2::jsonb WHERE id = $1', [workerId, JSON.stringify(images)]);
}

/** Says the worker is alive; false when others already declared it gone (it must stop judging). */
export async function heartbeat(db: QueueDb, workerId: string): Promise<boolean> {
  const result = await db.pool.query(`UPDATE zuko_queue.workers SET heartbeat_at = now() WHERE id = $1 AND status = 'alive'`, [workerId]);
  return result.rowCount === 1;
}

/** A worker leaving on its own: nothing of it is locked any more. */
export async function stopWorker(db: QueueDb, workerId: string, judged: number): Promise<void> {
  await db.pool.query(`UPDATE zuko_queue.workers SET status = 'stopped', ended_at = now(), judged = $2 WHERE id = $1 AND status = 'alive'`, [workerId, judged]);
  await db.pool.query('DELETE FROM zuko_queue.assignments WHERE worker_id = $1', [workerId]);
}

export async function setJudged(db: QueueDb, workerId: string, judged: number): Promise<void> {
  await db.pool.query('UPDATE zuko_queue.workers SET judged = $2 WHERE id = $1', [workerId, judged]);
}

export async function assign(db: QueueDb, workerId: string, slot: number, batchId: number, submissionId: number): Promise<void> {
  await db.pool.query(
    `INSERT INTO zuko_queue.assignments (worker_id, slot, batch_id, submission_id) VALUES ($1, $2, $3, $4)
     ON CONFLICT (worker_id, slot) DO UPDATE SET batch_id = excluded.batch_id, submission_id = excluded.submission_id, started_at = now()`,
    [workerId, slot, batchId, submissionId],
  );
}

export async function assignJudging(db: QueueDb, workerId: string, slot: number, judgingId: number): Promise<void> {
  await db.pool.query('UPDATE zuko_queue.assignments SET judging_id = $3 WHERE worker_id = $1 AND slot = $2', [workerId, slot, judgingId]);
}

export async function unassign(db: QueueDb, workerId: string, slot: number): Promise<void> {
  await db.pool.query('DELETE FROM zuko_queue.assignments WHERE worker_id = $1 AND slot = $2', [workerId, slot]);
}

/**
 * Declares every alive worker whose heartbeat is older than `leaseS` gone: `release` fails the
 * judgings it left running (so a late finish is refused), then its job locks are dropped so any worker takes the jobs again.
 * One reaper at a time per worker (rows locked, others skipped), and a reaper that dies halfway
 * leaves the worker alive to be reaped again: each step may run twice.
 */
export async function reapGone(db: QueueDb, leaseS: number, release: (workerId: string) => Promise<void>): Promise<string[]> {
  return db.transaction(async (client) => {
    const stale = await db.rows(
      z.object({ id: z.string(), slots: z.number().int().positive() }),
      'workers',
      `SELECT id, slots FROM zuko_queue.workers WHERE status = 'alive' AND heartbeat_at < now() - make_interval(secs => $1)
       FOR UPDATE SKIP LOCKED`,
      [leaseS],
      client,
    );
    for (const w of stale) {
      await release(w.id);
      await client.query('SELECT graphile_worker.force_unlock_workers($1::text[])', [slotIds(w.id, w.slots)]);
      // Wakes idle workers now (on commit), as a new job does, rather than at their next poll.
      await client.query(`SELECT pg_notify('jobs:insert', $1)`, [JSON.stringify({ count: w.slots })]);
      await client.query(`UPDATE zuko_queue.workers SET status = 'gone', ended_at = now() WHERE id = $1`, [w.id]);
      await client.query('DELETE FROM zuko_queue.assignments WHERE worker_id = $1', [w.id]);
    }
    return stale.map((w) => w.id);
  });
}

/**
 * Jobs this worker could still take or is waiting on: not permanently failed, not of a batch it
 * refused. Locked ones count: their worker may be gone, and the job comes back after the lease.
 */
export async function jobsLeft(db: QueueDb, skipFlags: readonly string[]): Promise<number> {
  const [row] = await db.rows(
    z.object({ n: z.coerce.number() }),
    'jobs',
    `SELECT count(*) AS n FROM graphile_worker.jobs
     WHERE task_identifier = $1 AND attempts < max_attempts AND NOT (coalesce(flags, '{}'::jsonb) ?| $2::text[])`,
    [JUDGE_TASK, skipFlags],
  );
  return row.n;
}

const WorkerRow = z
  .object({
    id: z.string(),
    host: z.string(),
    pid: z.number().int(),
    cpus: z.number().int(),
    slots: z.number().int(),
    judge_version: z.string(),
    image_ids: z.record(z.string(), z.string()),
    started_at: z.date(),
    heartbeat_at: z.date(),
    heartbeat_age_s: z.coerce.number(),
    status: z.enum(['alive', 'stopped', 'gone']),
    ended_at: z.date().nullable(),
    judged: z.number().int(),
    judging: z.array(
      z.object({ slot: z.number().int(), batch: z.coerce.number(), submission: z.coerce.number(), judging: z.coerce.number().nullable(), since: z.string() }),
    ),
  })
  .transform((r) => ({
    id: r.id,
    host: r.host,
    pid: r.pid,
    cpus: r.cpus,
    slots: r.slots,
    judgeVersion: r.judge_version,
    imageIds: r.image_ids,
    startedAt: r.started_at.toISOString(),
    lastHeartbeat: r.heartbeat_at.toISOString(),
    heartbeatAgeS: r.heartbeat_age_s,
    status: r.status,
    endedAt: r.ended_at?.toISOString() ?? null,
    judged: r.judged,
    /** What its slots are judging now. */
    judging: r.judging,
  }));
export type WorkerInfo = z.output<typeof WorkerRow>;

/** Alive workers first, then the others, newest first. */
export async function listWorkers(db: QueueDb): Promise<WorkerInfo[]> {
  return db.rows(
    WorkerRow,
    'workers',
    `SELECT w.id, w.host, w.pid, w.cpus, w.slots, w.judge_version, w.image_ids, w.started_at, w.heartbeat_at,
       extract(epoch FROM now() - w.heartbeat_at) AS heartbeat_age_s, w.status, w.ended_at, w.judged,
       coalesce((SELECT json_agg(json_build_object('slot', a.slot, 'batch', a.batch_id, 'submission', a.submission_id, 'judging', a.judging_id,
                   'since', to_char(a.started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) ORDER BY a.slot)
                 FROM zuko_queue.assignments a WHERE a.worker_id = w.id), '[]'::json) AS judging
     FROM zuko_queue.workers w
     ORDER BY w.status = 'alive' DESC, w.started_at DESC`,
  );
}
