import { spawn } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, openStore, type Store } from '../../../src/store/index.js';
import { maskPassword } from '../../../src/store/location.js';
import { openPostgres } from '../../../src/store/postgres.js';
import { UserError } from '../../../src/util/errors.js';
import { ADMIN_URL, sqlAt, withDatabase } from '../../helpers/postgres.js';
import { postgresBackend } from '../../store-suite/backends.js';
import { batchTests } from '../../store-suite/batches.js';
import { judge, META, outcome, submission } from '../../store-suite/fixtures.js';
import { judgingTests } from '../../store-suite/judgings.js';
import { serveTests } from '../../store-suite/serve.js';
import { submissionTests } from '../../store-suite/submissions.js';

// The store suite every backend passes (SQLite: test/unit/store/sqlite.test.ts), then what only a
// server shared by several processes has: races, workers, connections.
const backend = postgresBackend();
submissionTests(backend);
judgingTests(backend);
batchTests(backend);
serveTests(backend);

async function errorOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected an error');
}

/**
 * Holds a lock (`lockSql`, in a transaction of a third connection) while `start` sets writers
 * going, until at least `waiters` of them wait on a lock; then lets them all go at once. So
 * writers that are not safe against each other really do overlap.
 */
async function released<T>(
  db: string,
  lockSql: string,
  params: unknown[],
  waiters: number,
  start: () => Array<Promise<T>>,
): Promise<Array<PromiseSettledResult<T>>> {
  const holder = new pg.Client({ connectionString: db });
  await holder.connect();
  try {
    await holder.query('BEGIN');
    await holder.query(lockSql, params);
    const writers = start();
    const settled = Promise.allSettled(writers);
    for (let i = 0; ; i++) {
      const waiting = await holder.query(
        `SELECT count(*)::int AS n FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE NOT l.granted AND a.datname = current_database()`,
      );
      if (waiting.rows[0].n >= waiters) break;
      if (i > 400) throw new Error(`only ${waiting.rows[0].n} of ${waiters} writers came to wait on the lock`);
      await new Promise((r) => setTimeout(r, 25));
    }
    await holder.query('COMMIT');
    return await settled;
  } finally {
    await holder.end();
  }
}

async function twoStores(): Promise<{ db: string; a: Store; b: Store; close(): Promise<void> }> {
  const db = await backend.fresh();
  const a = await openStore(db);
  const b = await openStore(db);
  return { db, a, b, close: async () => void (await Promise.all([a.close(), b.close()])) };
}

describe('PostgreSQL: two processes writing at once', () => {
  it('records a judging that two processes finish at the same time once', async () => {
    const { db, a, b, close } = await twoStores();
    const { id } = await a.addSubmission(submission());
    const judging = await a.startJudging(id, META);
    const results = await released(db, 'SELECT 1 FROM judgings WHERE id = $1 FOR UPDATE', [judging], 2, () => [
      a.finishJudging(judging, outcome('AC')),
      b.finishJudging(judging, outcome('WA')),
    ]);
    const won = results.findIndex((r) => r.status === 'fulfilled');
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(String((results[1 - won] as PromiseRejectedResult).reason)).toMatch(/not running/);
    const stored = (await a.getJudging(judging))!;
    expect(stored.outcome?.verdict).toBe(won === 0 ? 'AC' : 'WA');
    expect((await a.getSubmission(id))?.currentJudgingId).toBe(judging);
    await close();
  });

  it('marks a rejudge item done once when two processes mark it at the same time', async () => {
    const { db, a, b, close } = await twoStores();
    const { id } = await a.addSubmission(submission());
    const batch = await a.createBatch({ ids: [id] }, [id]);
    const [first, second] = [await judge(a, id, 'AC'), await judge(b, id, 'WA')];
    const results = await released(db, 'SELECT 1 FROM rejudge_items WHERE batch_id = $1 FOR UPDATE', [batch], 2, () => [
      a.markItemDone(batch, id, first),
      b.markItemDone(batch, id, second),
    ]);
    const recorded = results.map((r) => (r as PromiseFulfilledResult<boolean>).value);
    expect(recorded.sort()).toEqual([false, true]);
    const items = await a.batchItems(batch);
    expect(items).toHaveLength(1);
    expect(items[0].done).toBe(true);
    expect([first, second]).toContain(items[0].newJudgingId);
    await close();
  });

  it('lets one of two processes open a batch for the same filter; the other is told it is open', async () => {
    const { db, a, b, close } = await twoStores();
    const { id } = await a.addSubmission(submission());
    // Both have looked for an open batch before either inserts one.
    const results = await released(db, 'LOCK TABLE rejudge_batches IN SHARE MODE', [], 2, () => [
      a.createBatch({ contest: 'demo' }, [id]),
      b.createBatch({ contest: 'demo' }, [id]),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(String(refused.reason)).toMatch(/still open/);
    expect((await sqlAt(db, 'SELECT count(*)::int AS n FROM rejudge_batches')).rows[0].n).toBe(1);
    await close();
  });

  it('stores a submission imported by two processes at once once', async () => {
    const { a, b, close } = await twoStores();
    const added = await Promise.all([a.addSubmission(submission()), b.addSubmission(submission())]);
    expect(added[0].id).toBe(added[1].id);
    expect(added.map((r) => r.created).sort()).toEqual([false, true]);
    await close();
  });

  it('migrates a fresh database once when two processes open it at the same time', async () => {
    const db = await backend.fresh();
    const stores = await Promise.all([openStore(db), openStore(db), openStore(db)]);
    await Promise.all(stores.map((s) => s.close()));
    expect((await sqlAt(db, 'SELECT application, version FROM zuko_schema')).rows).toEqual([{ application: 'zuko-judge', version: MIGRATIONS.length }]);
  });
});

describe('PostgreSQL: workers', () => {
  it('recovers the running judgings of workers that are gone, never those of a live one', async () => {
    const db = await backend.fresh();
    const live = await openStore(db);
    const gone = await openStore(db);
    expect(live.workerId).not.toBe(gone.workerId);
    const s1 = (await live.addSubmission(submission({ team: 't1' }))).id;
    const s2 = (await live.addSubmission(submission({ team: 't2' }))).id;
    const s3 = (await live.addSubmission(submission({ team: 't3' }))).id;
    const running = await live.startJudging(s1, META);
    const abandoned = await gone.startJudging(s2, META);
    // A worker id nobody ever held, as a queue might record for a worker that never came up.
    const orphan = await live.startJudging(s3, { ...META, workerId: 'host-x/1/never' });
    // Its lock goes with its connection, as when the process dies.
    await gone.close();

    const other = await openStore(db);
    expect(await other.recoverInterrupted()).toEqual([s2, s3]);
    expect((await other.getJudging(abandoned))?.failureKind).toBe('interrupted');
    expect((await other.getJudging(orphan))?.status).toBe('failed');
    expect((await other.getJudging(running))?.status).toBe('running');
    await live.finishJudging(running, outcome('AC'));
    expect((await other.currentJudging(s1))?.id).toBe(running);
    expect(await other.recoverInterrupted()).toEqual([]);
    await Promise.all([live.close(), other.close()]);
  });

  it('sees a worker killed mid-judging as gone', async () => {
    const db = await backend.fresh();
    const store = await openStore(db);
    const { id } = await store.addSubmission(submission());
    // A separate process starts a judging and is killed with it running.
    const script = `import { openStore } from ${JSON.stringify(path.resolve('dist/store/index.js'))};
      const store = await openStore(process.env.DB);
      const judging = await store.startJudging(Number(process.env.SUB), JSON.parse(process.env.META));
      console.log(judging);
      setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      env: { ...process.env, DB: db, SUB: String(id), META: JSON.stringify(META) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const judging = await new Promise<number>((resolve, reject) => {
      child.stdout.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
      child.once('exit', (code) => reject(new Error(`the judging process ended first (${code})`)));
    });
    expect(await store.recoverInterrupted()).toEqual([]);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    // The server notices the dropped connection at once on this machine; allow it a moment.
    let recovered: number[] = [];
    for (let i = 0; i < 100 && !recovered.length; i++) {
      recovered = await store.recoverInterrupted();
      if (!recovered.length) await new Promise((r) => setTimeout(r, 50));
    }
    expect(recovered).toEqual([id]);
    expect((await store.getJudging(judging))?.status).toBe('failed');
    await store.close();
  });
});

describe('PostgreSQL: opening', () => {
  it('names the database, password masked, in one line when it cannot connect', async () => {
    const cases: Array<[string, RegExp]> = [
      ['postgres://zuko:hunter2secret@127.0.0.1:1/zuko', /connection refused/],
      [withDatabase(ADMIN_URL, 'zuko').replace(/:[^:@/]*@/, ':hunter2secret@'), /password authentication failed/],
      [withDatabase(ADMIN_URL, 'no_such_database_here'), /does not exist.*createdb/],
    ];
    for (const [url, problem] of cases) {
      const err = await errorOf(openStore(url));
      expect(err).toBeInstanceOf(UserError);
      const message = (err as UserError).message;
      expect(message.startsWith(`${maskPassword(url)}:`)).toBe(true);
      expect(message).toMatch(problem);
      expect(message).not.toContain('hunter2secret');
      expect(message).not.toContain('\n');
    }
  });

  it("will not add its tables to a database holding another program's", async () => {
    const db = await backend.fresh();
    await sqlAt(db, 'CREATE TABLE bookmarks (url TEXT)');
    const err = await errorOf(openStore(db));
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toMatch(/another program \(bookmarks\)/);
    const tables = await sqlAt(db, 'SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()');
    expect(tables.rows).toEqual([{ table_name: 'bookmarks' }]);
  });

  it('refuses a database from a newer version', async () => {
    const db = await backend.fresh();
    await (await openStore(db)).close();
    await sqlAt(db, 'UPDATE zuko_schema SET version = $1', [MIGRATIONS.length + 5]);
    const err = await errorOf(openStore(db));
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toMatch(/newer/);
  });

  it('applies only the steps past the stored version, and none of a list that fails', async () => {
    const db = await backend.fresh();
    const open = async (steps: string[]) => (await openPostgres(db, 'test', steps)).close();
    await open(['CREATE TABLE a (x INTEGER)']);
    await sqlAt(db, 'INSERT INTO a (x) VALUES (7)');
    // Running step 1 again would fail ("relation a already exists"): only step 2 may run.
    await open(['CREATE TABLE a (x INTEGER)', 'ALTER TABLE a ADD COLUMN y TEXT; CREATE TABLE b (z INTEGER)']);
    await expect(
      open([
        'CREATE TABLE a (x INTEGER)',
        'ALTER TABLE a ADD COLUMN y TEXT; CREATE TABLE b (z INTEGER)',
        'CREATE TABLE c (w INTEGER); INSERT INTO nowhere VALUES (1)',
      ]),
    ).rejects.toThrow(/nowhere/);
    expect((await sqlAt(db, 'SELECT version FROM zuko_schema')).rows).toEqual([{ version: 2 }]);
    expect((await sqlAt(db, 'SELECT x, y FROM a')).rows).toEqual([{ x: 7, y: null }]);
    const tables = await sqlAt(db, 'SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1');
    expect(tables.rows.map((r) => r.table_name)).toEqual(['a', 'b', 'zuko_schema']);
  });
});
