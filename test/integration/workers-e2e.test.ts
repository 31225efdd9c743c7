import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sqlAt, useTestDatabase } from '../helpers/postgres.js';
import { report } from '../helpers/report.js';
import { startServer } from '../helpers/serve.js';
import { CLI, workspace, type CliResult } from '../helpers/zuko.js';

/**
 * Judge workers as separate processes on one PostgreSQL queue, each pinned to a CPU of its own,
 * judge the demo contest queued with `import --enqueue-only`; one is killed with SIGKILL while it
 * judges and started again. Every submission is judged once and the board is the SQLite run's.
 */
const url = useTestDatabase();
const ws = workspace();
const MANIFEST = 'submissions/demo/manifest.csv';
/** Short, so the killed worker's job comes back within the test's time. */
const LEASE_S = '4';
const children: ChildProcess[] = [];

afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  ws.remove();
});

function worker(cpu: number, cache: string): { child: ChildProcess; done: Promise<CliResult> } {
  const env = { ...process.env, ZUKO_DB: url(), ZUKO_CPUS: String(cpu), ZUKO_CACHE: path.join(ws.dir, cache), ZUKO_LEASE: LEASE_S, NO_COLOR: '1' };
  const child = spawn(process.execPath, [CLI, 'worker', '--until-idle', '--json'], { env });
  children.push(child);
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (d: Buffer) => out.push(d));
  child.stderr.on('data', (d: Buffer) => err.push(d));
  const done = new Promise<CliResult>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() })),
  );
  return { child, done };
}

async function query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  return (await sqlAt(url(), sql, params)).rows as T[];
}

function boardRows(json: string): unknown {
  return (JSON.parse(json) as { rows: unknown }).rows;
}

describe('judge workers on one queue', () => {
  it('judge every submission once, survive a worker killed mid-judging, and give the SQLite board', async () => {
    const reference = await ws.run(['import', 'demo', MANIFEST, '--json']);
    expect(reference.code, reference.stderr).toBe(0);
    const referenceBoard = await ws.run(['scoreboard', 'demo', '--format', 'json', '--unfrozen']);

    const queued = await ws.run(['import', 'demo', MANIFEST, '--enqueue-only', '--json', '--db', url()]);
    expect(queued.code, queued.stderr).toBe(0);
    expect(report(queued, 'enqueue')).toMatchObject({ command: 'import', imported: 21, queued: 21, new_jobs: 21 });

    const a = worker(0, 'cache-a');
    const b = worker(1, 'cache-b');
    // Killed while it has a judging open, once some work is done: stopped first, so the judging
    // seen running is still running when the kill comes.
    let victim: string | undefined;
    while (!victim) {
      const running = await until(async () => {
        const rows = await query<{ worker: string; judging: number }>(
          `SELECT w.id AS worker, j.id AS judging FROM zuko_queue.workers w JOIN judgings j ON j.worker_id = w.id AND j.status = 'running'
           WHERE w.pid = $1 AND (SELECT count(*) FROM zuko_queue.items WHERE state = 'done') >= 3`,
          [a.child.pid],
        );
        return rows[0];
      }, 'worker a judging, three submissions done');
      a.child.kill('SIGSTOP');
      const [still] = await query<{ status: string }>(`SELECT status FROM judgings WHERE id = $1`, [running.judging]);
      if (still.status === 'running') victim = running.worker;
      else a.child.kill('SIGCONT');
    }
    a.child.kill('SIGKILL');
    await a.done;
    const again = worker(0, 'cache-a');
    const [rb, ragain] = await Promise.all([b.done, again.done]);
    expect(rb.code, rb.stderr).toBe(0);
    expect(ragain.code, ragain.stderr).toBe(0);

    // Every request settled (the restarted worker also queued what the killed one left running),
    // every submission with exactly one finished judging.
    expect(await query(`SELECT DISTINCT state FROM zuko_queue.items`)).toEqual([{ state: 'done' }]);
    expect(await query(`SELECT count(DISTINCT submission_id)::int AS n FROM zuko_queue.items`)).toEqual([{ n: 21 }]);
    const judged = await query<{ submission_id: number; done: number }>(
      `SELECT submission_id, count(*) FILTER (WHERE status = 'done')::int AS done FROM judgings GROUP BY submission_id`,
    );
    expect(judged).toHaveLength(21);
    expect(judged.filter((j) => j.done !== 1)).toEqual([]);
    // The judging the killed worker had open is history, failed as interrupted; it was judged again by another.
    const interrupted = await query<{ worker_id: string }>(`SELECT worker_id FROM judgings WHERE status = 'failed' AND failure_kind = 'interrupted'`);
    expect(interrupted.length).toBeGreaterThanOrEqual(1);
    expect(interrupted.every((j) => j.worker_id === victim)).toBe(true);
    const finishers = await query<{ worker_id: string }>(`SELECT DISTINCT worker_id FROM judgings WHERE status = 'done'`);
    expect(finishers.length).toBeGreaterThanOrEqual(2);

    const listed = await ws.run(['workers', '--json', '--db', url()]);
    const { workers } = report<{ workers: Array<{ id: string; status: string; judging: unknown[] }> }>(listed, 'workers');
    expect(workers.map((w) => w.status).sort()).toEqual(['gone', 'stopped', 'stopped']);
    expect(workers.find((w) => w.id === victim)?.status).toBe('gone');
    expect(workers.every((w) => w.judging.length === 0)).toBe(true);

    const board = await ws.run(['scoreboard', 'demo', '--format', 'json', '--unfrozen', '--db', url()]);
    expect(boardRows(board.stdout)).toEqual(boardRows(referenceBoard.stdout));
  }, 300_000);

  // Goes on in the database the test above judged the demo into.
  it('rejudge through the queue: workers mark the items done and the last closes the batch', async () => {
    // Workers record `tag@engine id`: nothing changed since, so nothing is selected.
    const unchanged = await ws.run(['rejudge', '--contest', 'demo', '--changed-only', '--enqueue-only', '--json', '--db', url()]);
    expect(report(unchanged, 'enqueue')).toMatchObject({ rejudge_batch: null, queue_batch: null, queued: 0 });
    const queued = await ws.run(['rejudge', '--problem', 'circle', '--enqueue-only', '--json', '--db', url()]);
    expect(queued.code, queued.stderr).toBe(0);
    expect(report(queued, 'enqueue')).toMatchObject({ command: 'rejudge', queued: 3, new_jobs: 3 });
    const w = worker(1, 'cache-b');
    expect((await w.done).code).toBe(0);
    expect(await query(`SELECT status FROM rejudge_batches`)).toEqual([{ status: 'done' }]);
    const circle = await query<{ done: number }>(
      `SELECT count(*) FILTER (WHERE j.status = 'done')::int AS done FROM submissions s JOIN judgings j ON j.submission_id = s.id
       WHERE s.problem_id = 'circle' GROUP BY s.id`,
    );
    expect(circle).toEqual([{ done: 2 }, { done: 2 }, { done: 2 }]);

    // Without --enqueue-only the command judges as one more worker and reports as it does on SQLite.
    const plain = await ws.run(['rejudge', '--problem', 'anagram', '--json', '--db', url()]);
    expect(plain.code, plain.stderr).toBe(0);
    expect(report(plain, 'rejudge')).toMatchObject({ selected: 5, judged: 5, unchanged: 5, failed: [], stopped: null });
  }, 240_000);

  it('a worker with other images than the batch leaves its jobs to workers that match', async () => {
    const queued = report<{ queue_batch: number }>(await ws.run(['rejudge', '--submission', '1', '--enqueue-only', '--json', '--db', url()]), 'enqueue');
    // As if the first worker to judge for the batch had another build of the Python image.
    await query(
      `INSERT INTO zuko_queue.batch_images (batch_id, name, image_id, pinned_by) VALUES ($1, 'python', 'zuko-judge/python:x@sha256:elsewhere', 'another')`,
      [queued.queue_batch],
    );
    const refusing = worker(0, 'cache-a');
    const refused = await refusing.done;
    expect(refused.code, refused.stderr).toBe(0);
    expect(refused.stderr).toMatch(/judged with other images \(python: batch zuko-judge\/python:x@sha256:elsewhere/);
    expect(report(refused, 'worker')).toMatchObject({ judged: 0, failed: 0 });
    expect(await query(`SELECT state FROM zuko_queue.items WHERE batch_id = $1`, [queued.queue_batch])).toEqual([{ state: 'queued' }]);

    await query(`DELETE FROM zuko_queue.batch_images WHERE batch_id = $1`, [queued.queue_batch]);
    const matching = worker(1, 'cache-b');
    expect(report(await matching.done, 'worker')).toMatchObject({ judged: 1 });
    expect(await query(`SELECT state FROM zuko_queue.items WHERE batch_id = $1`, [queued.queue_batch])).toEqual([{ state: 'done' }]);
  }, 120_000);

  it('serve queues a judging request for the workers and shows it queued until one judges it', async () => {
    const server = await startServer(
      ws,
      { api_keys: [{ name: 'judges', sha256: createHash('sha256').update('judge-key').digest('hex') }] },
      { ZUKO_DB: url() },
    );
    try {
      const key = { 'X-Auth-Token': 'judge-key' };
      const source = readFileSync(path.resolve('problems/sum/submissions/accepted/sum.py'), 'utf8');
      const posted = await fetchJson(`${server.url}/api/v1/problems/sum/submissions`, 'POST', { language: 'python', source }, key);
      expect(posted.status).toBe(201);
      const id = (posted.json as { id: number }).id;
      expect(await query(`SELECT state FROM zuko_queue.items WHERE submission_id = $1`, [id])).toEqual([{ state: 'queued' }]);
      expect((await fetchJson(`${server.url}/api/v1/submissions/${id}`, 'GET', undefined, key)).json).toMatchObject({ status: 'queued' });
      const w = worker(0, 'cache-a');
      expect((await w.done).code).toBe(0);
      expect((await fetchJson(`${server.url}/api/v1/submissions/${id}`, 'GET', undefined, key)).json).toMatchObject({ verdict: 'AC' });
    } finally {
      await server.stop();
    }
  }, 180_000);
});

async function fetchJson(url: string, method: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: unknown }> {
  const r = await fetch(url, {
    method,
    headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: r.status, json: await r.json() };
}

/** Polls `check` until it gives a value; fails naming `what` after two minutes. */
async function until<T>(check: () => Promise<T | undefined>, what: string): Promise<T> {
  const end = Date.now() + 120_000;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
