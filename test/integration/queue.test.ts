import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProblem } from '../../src/problem/load.js';
import { batchItems, enqueueBatch, JUDGE_TASK, pinImages, queuedAfter, settle } from '../../src/queue/batches.js';
import { openQueueDb, type QueueDb } from '../../src/queue/db.js';
import { PackageCache, storePackage } from '../../src/queue/packages.js';
import { heartbeat, jobsLeft, reapGone, registerWorker, slotIds } from '../../src/queue/workers.js';
import { packageHash } from '../../src/problem/hash.js';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { useTestDatabase } from '../helpers/postgres.js';

/** The queue's tables and rules on a real PostgreSQL server, without judging anything. */
const url = useTestDatabase();
let db: QueueDb;
let pkg: string;
const cacheRoot = mkdtempSync(path.join(os.tmpdir(), 'zuko-queue-test-'));

beforeAll(async () => {
  db = await openQueueDb(url());
  pkg = await storePackage(db, loadProblem('problems/sum'));
});
afterAll(async () => {
  await db?.close();
  rmSync(cacheRoot, { recursive: true, force: true });
});

async function jobsOf(submission: number): Promise<number> {
  const r = await db.pool.query(
    `SELECT count(*)::int AS n FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks t ON t.id = j.task_id WHERE t.identifier = $1 AND (j.payload->>'submission')::int = $2`,
    [JUDGE_TASK, submission],
  );
  return r.rows[0].n as number;
}

describe('the job queue', () => {
  it('opens twice at once without a schema race, and again later', async () => {
    const [a, b] = await Promise.all([openQueueDb(url()), openQueueDb(url())]);
    await Promise.all([a.close(), b.close()]);
  });

  it('queues one job per submission however many batches ask, and one judging settles them all', async () => {
    const first = await enqueueBatch(db, 'import', [{ submissionId: 101, afterJudgingId: 0, packageSha: pkg }]);
    const second = await enqueueBatch(db, 'rejudge', [{ submissionId: 101, afterJudgingId: 7, packageSha: pkg }], 3);
    expect([first.jobs, second.jobs]).toEqual([1, 0]);
    expect(await jobsOf(101)).toBe(1);
    expect(await queuedAfter(db, 101)).toBe(7);
    // A judging opened before the rejudge was queued settles only the import's item.
    expect(await settle(db, 101, { bound: 5, judgingId: 5 }, 'w', { state: 'done' })).toBe(1);
    expect((await batchItems(db, second.batchId))[0].state).toBe('queued');
    expect(await settle(db, 101, { bound: 9, judgingId: 9 }, 'w', { state: 'done' })).toBe(1);
    expect(await queuedAfter(db, 101)).toBeNull();
    expect(await batchItems(db, first.batchId)).toMatchObject([{ submissionId: 101, state: 'done', judgingId: 5 }]);
    expect(await batchItems(db, second.batchId)).toMatchObject([{ submissionId: 101, state: 'done', judgingId: 9 }]);
    // Settled twice (a second worker finding the work done): nothing changes.
    expect(await settle(db, 101, { bound: 9, judgingId: 9 }, 'w2', { state: 'done' })).toBe(0);
  });

  it('keeps why a submission could not be judged', async () => {
    const { batchId } = await enqueueBatch(db, 'import', [{ submissionId: 102, afterJudgingId: 0, packageSha: pkg }]);
    await settle(db, 102, { bound: 1, judgingId: null }, 'w', { state: 'failed', kind: 'error', reason: 'problem.yaml: broken' });
    expect(await batchItems(db, batchId)).toMatchObject([{ state: 'failed', judgingId: null, failure: { kind: 'error', reason: 'problem.yaml: broken' } }]);
  });

  it('pins a batch to the first images judged with and names every image that differs', async () => {
    const { batchId } = await enqueueBatch(db, 'import', [{ submissionId: 103, afterJudgingId: 0, packageSha: pkg }]);
    const mine = { 'zuko-judge': '1.0', gcc: 'zuko-judge/gcc:a@sha256:1' };
    expect(await pinImages(db, batchId, mine, 'w1')).toEqual([]);
    expect(await pinImages(db, batchId, { ...mine, python: 'zuko-judge/python:b@sha256:2' }, 'w2')).toEqual([]);
    expect(await pinImages(db, batchId, { 'zuko-judge': '1.0', gcc: 'zuko-judge/gcc:a@sha256:9' }, 'w3')).toEqual([
      { name: 'gcc', pinned: 'zuko-judge/gcc:a@sha256:1', mine: 'zuko-judge/gcc:a@sha256:9' },
    ]);
  });

  it('counts the jobs a worker could still take, skipping batches it refused', async () => {
    const before = await jobsLeft(db, []);
    const { batchId } = await enqueueBatch(db, 'import', [{ submissionId: 104, afterJudgingId: 0, packageSha: pkg }]);
    expect(await jobsLeft(db, [])).toBe(before + 1);
    expect(await jobsLeft(db, [`batch:${batchId}`])).toBe(before);
  });

  it('declares a silent worker gone, fails its judgings and releases its jobs; a live one keeps them', async () => {
    const { batchId } = await enqueueBatch(db, 'import', [{ submissionId: 105, afterJudgingId: 0, packageSha: pkg }]);
    for (const id of ['silent', 'alive']) await registerWorker(db, { id, host: 'h', pid: 1, cpus: 1, slots: 2, judgeVersion: '1' });
    const job = (await db.pool.query(`SELECT id FROM graphile_worker.jobs WHERE 'batch:${batchId}' = ANY(SELECT jsonb_object_keys(flags))`)).rows[0].id;
    await db.pool.query(`UPDATE graphile_worker._private_jobs SET locked_by = $1, locked_at = now() WHERE id = $2`, [slotIds('silent', 2)[1], job]);
    await db.pool.query(`INSERT INTO zuko_queue.assignments (worker_id, slot, batch_id, submission_id, judging_id) VALUES ('silent', 1, $1, 105, 42)`, [
      batchId,
    ]);
    await db.pool.query(`UPDATE zuko_queue.workers SET heartbeat_at = now() - interval '1 minute' WHERE id = 'silent'`);
    const released: string[] = [];
    expect(await reapGone(db, 30, async (id) => void released.push(id))).toEqual(['silent']);
    expect(released).toEqual(['silent']);
    const locked = await db.pool.query('SELECT locked_by FROM graphile_worker.jobs WHERE id = $1', [job]);
    expect(locked.rows[0].locked_by).toBeNull();
    expect(await heartbeat(db, 'silent')).toBe(false);
    expect(await heartbeat(db, 'alive')).toBe(true);
    // Gone once: the next sweep finds nothing to do.
    expect(await reapGone(db, 30, async () => undefined)).toEqual([]);
  });

  it('hands workers the package by its hash and refuses a damaged archive', async () => {
    const cache = new PackageCache(db, cacheRoot);
    const dir = await cache.dir(pkg);
    expect(path.basename(dir)).toBe('sum');
    expect(packageHash(dir)).toBe(loadProblem('problems/sum').hash);
    await db.pool.query(`UPDATE zuko_queue.packages SET archive = $2 WHERE archive_sha256 = $1`, [pkg, Buffer.from('not gzip')]);
    rmSync(dir, { recursive: true });
    await expect(new PackageCache(db, cacheRoot).dir(pkg)).rejects.toThrow(/not a gzip archive/);
  });
});
