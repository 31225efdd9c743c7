/**
 * Batches of queued judging work. An item asks for one submission to be judged after a given
 * judging id; a job asks a worker to judge it. A submission already waiting in another batch gets
 * no second job: one judging settles every queued item of its submission that it started after,
 * so work queued twice is judged once.
 */
import type pg from 'pg';
import { z } from 'zod';
import type { QueueDb } from './db.js';

/** graphile-worker's task name for judging one submission. */
export const JUDGE_TASK = 'zuko_judge';
/**
 * Attempts a job gets. A worker retries infrastructure failures in place; an attempt is used up
 * by a worker that died or stopped mid-judging, or that refused the batch's images.
 */
export const MAX_ATTEMPTS = 25;
/** Enqueuers take this lock so two of them never both decide a submission has no job yet. */
const ENQUEUE_LOCK = 0x5a4b454e;

export const JobPayload = z.object({
  batch: z.number().int().positive(),
  submission: z.number().int().positive(),
  /** Key of the problem package archive in `zuko_queue.packages`. */
  package: z.string().regex(/^[0-9a-f]{64}$/),
});
export type JobPayload = z.output<typeof JobPayload>;

/** The job flag of a batch: a worker that refused the batch's images skips its jobs. */
export function batchFlag(batchId: number): string {
  return `batch:${batchId}`;
}

export interface NewItem {
  submissionId: number;
  /** The submission's largest judging id now (0 if none): a later judging settles the item. */
  afterJudgingId: number;
  packageSha: string;
}

/** Creates a batch over the items and queues a job for each submission not already queued. */
export async function enqueueBatch(
  db: QueueDb,
  label: string,
  items: readonly NewItem[],
  rejudgeBatchId: number | null = null,
): Promise<{ batchId: number; jobs: number }> {
  return db.transaction(async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [ENQUEUE_LOCK]);
    const batch = await client.query<{ id: string }>('INSERT INTO zuko_queue.batches (label, rejudge_batch_id) VALUES ($1, $2) RETURNING id', [
      label,
      rejudgeBatchId,
    ]);
    const batchId = Number(batch.rows[0].id);
    let jobs = 0;
    for (const item of items) {
      if (await addItem(client, batchId, item)) jobs++;
    }
    if (!items.length) await client.query('UPDATE zuko_queue.batches SET finished_at = now() WHERE id = $1', [batchId]);
    return { batchId, jobs };
  });
}

/** Adds the item; queues a job unless one is already queued for the submission. */
async function addItem(client: pg.PoolClient, batchId: number, item: NewItem): Promise<boolean> {
  const waiting = await client.query(`SELECT 1 FROM zuko_queue.items WHERE submission_id = $1 AND state = 'queued' LIMIT 1`, [item.submissionId]);
  await client.query(
    `INSERT INTO zuko_queue.items (batch_id, submission_id, after_judging_id, package_sha256, state) VALUES ($1, $2, $3, $4, 'queued')
     ON CONFLICT DO NOTHING`,
    [batchId, item.submissionId, item.afterJudgingId, item.packageSha],
  );
  if (waiting.rowCount) return false;
  const payload: JobPayload = { batch: batchId, submission: item.submissionId, package: item.packageSha };
  await client.query(`SELECT graphile_worker.add_job($1, $2::json, max_attempts => $3, flags => $4::text[])`, [
    JUDGE_TASK,
    JSON.stringify(payload),
    MAX_ATTEMPTS,
    [batchFlag(batchId)],
  ]);
  return true;
}

/** The largest `after` of the submission's queued items, or null when none is queued. */
export async function queuedAfter(db: QueueDb, submissionId: number): Promise<number | null> {
  const [row] = await db.rows(
    z.object({ after: z.coerce.number().int().nonnegative().nullable() }),
    'items',
    `SELECT max(after_judging_id) AS after FROM zuko_queue.items WHERE submission_id = $1 AND state = 'queued'`,
    [submissionId],
  );
  return row.after;
}

export type Settlement = { state: 'done' } | { state: 'failed'; kind: string; reason: string };

/**
 * The judging that settles items: every queued item of the submission queued before judging
 * `bound` was opened. `judgingId` is null when it failed before a judging was opened (the package
 * did not load); `bound` is then just above every item's `after`.
 */
export interface Settler {
  bound: number;
  judgingId: number | null;
}

/** The rejudge batches (of the store) whose queued items of the submission this judging settles. */
export async function rejudgesSettled(db: QueueDb, submissionId: number, bound: number): Promise<number[]> {
  const rows = await db.rows(
    z.object({ id: z.coerce.number() }),
    'items',
    `SELECT DISTINCT b.rejudge_batch_id AS id FROM zuko_queue.items i JOIN zuko_queue.batches b ON b.id = i.batch_id
     WHERE i.submission_id = $1 AND i.state = 'queued' AND i.after_judging_id < $2 AND b.rejudge_batch_id IS NOT NULL`,
    [submissionId, bound],
  );
  return rows.map((r) => r.id);
}

/** Settles every queued item of the submission that the judging started after, and finishes the batches left with nothing queued. */
export async function settle(db: QueueDb, submissionId: number, by: Settler, workerId: string, how: Settlement): Promise<number> {
  return db.transaction(async (client) => {
    const failure = how.state === 'failed' ? [how.kind, how.reason] : [null, null];
    const settled = await client.query<{ batch_id: string }>(
      `UPDATE zuko_queue.items SET state = $3, judging_id = $5, worker_id = $4, failure_kind = $6, failure_reason = $7, settled_at = now()
       WHERE submission_id = $1 AND state = 'queued' AND after_judging_id < $2
       RETURNING batch_id`,
      [submissionId, by.bound, how.state, workerId, by.judgingId, ...failure],
    );
    await client.query(
      `UPDATE zuko_queue.batches b SET finished_at = now()
       WHERE b.id = ANY($1::bigint[]) AND b.finished_at IS NULL
         AND NOT EXISTS (SELECT 1 FROM zuko_queue.items i WHERE i.batch_id = b.id AND i.state = 'queued')`,
      [settled.rows.map((s) => s.batch_id)],
    );
    return settled.rowCount ?? 0;
  });
}

export interface ImageMismatch {
  name: string;
  pinned: string;
  mine: string;
}

/**
 * Pins the batch to these images (name → id, the judge version among them) where it has none
 * yet, and returns where the batch is pinned to others: judging there would use other compilers.
 */
export async function pinImages(db: QueueDb, batchId: number, mine: Record<string, string>, workerId: string): Promise<ImageMismatch[]> {
  await db.pool.query(
    `INSERT INTO zuko_queue.batch_images (batch_id, name, image_id, pinned_by)
     SELECT $1, key, value, $3 FROM jsonb_each_text($2::jsonb) ON CONFLICT DO NOTHING`,
    [batchId, JSON.stringify(mine), workerId],
  );
  const pinned = await db.rows(
    z.object({ name: z.string(), image_id: z.string() }),
    'batch_images',
    'SELECT name, image_id FROM zuko_queue.batch_images WHERE batch_id = $1 AND name = ANY($2::text[])',
    [batchId, Object.keys(mine)],
  );
  return pinned.filter((p) => p.image_id !== mine[p.name]).map((p) => ({ name: p.name, pinned: p.image_id, mine: mine[p.name] }));
}

const ItemRow = z
  .object({
    submission_id: z.coerce.number(),
    state: z.enum(['queued', 'done', 'failed']),
    judging_id: z.coerce.number().nullable(),
    worker_id: z.string().nullable(),
    failure_kind: z.string().nullable(),
    failure_reason: z.string().nullable(),
  })
  .transform((r) => ({
    submissionId: r.submission_id,
    state: r.state,
    judgingId: r.judging_id,
    workerId: r.worker_id,
    failure: r.failure_kind === null ? null : { kind: r.failure_kind, reason: r.failure_reason ?? '' },
  }));
export type BatchItem = z.output<typeof ItemRow>;

export async function batchItems(db: QueueDb, batchId: number): Promise<BatchItem[]> {
  return db.rows(
    ItemRow,
    'items',
    'SELECT submission_id, state, judging_id, worker_id, failure_kind, failure_reason FROM zuko_queue.items WHERE batch_id = $1 ORDER BY submission_id',
    [batchId],
  );
}
