import { z } from 'zod';
import { openSql } from './open.js';
import { parseRows } from './rows.js';
import { placeholders, type Queries, type Sql } from './sql.js';

const JOB_KINDS = ['judge0', 'judging'] as const;
export type JobKind = (typeof JOB_KINDS)[number];

const JobRow = z
  .object({
    token: z.string(),
    kind: z.enum(JOB_KINDS),
    /** The request as JSON, in the form the kind's runner reads back. */
    request: z.string(),
    status: z.enum(['queued', 'done']),
    result: z.string().nullable(),
    created_at: z.string(),
  })
  .transform((r) => ({ token: r.token, kind: r.kind, request: r.request, status: r.status, result: r.result, createdAt: r.created_at }));
export type Job = z.output<typeof JobRow>;

const JOB_COLUMNS = 'token, kind, request, status, result, created_at';

/**
 * The service's own tables, on a connection of its own to the same database: asynchronous
 * jobs (queued until their result is written, so a restart finishes exactly the unfinished ones)
 * and run quotas per client and fixed window.
 */
export interface ServeStore {
  addJobs(jobs: ReadonlyArray<{ token: string; kind: JobKind; request: string }>): Promise<void>;
  getJobs(tokens: readonly string[]): Promise<Map<string, Job>>;
  /** Jobs without a result, oldest first: the work a restart picks up. */
  queuedJobs(): Promise<Job[]>;
  finishJob(token: string, result: string): Promise<void>;
  /** Counts runs against `client`'s window; returns the runs used in it, this one included. */
  useQuota(client: string, windowStart: number, runs: number): Promise<number>;
  close(): Promise<void>;
}

export async function openServeStore(db: string): Promise<ServeStore> {
  const sql = await openSql(db);
  return {
    addJobs: (jobs) => addJobs(sql, jobs),
    getJobs: (tokens) => getJobs(sql, tokens),
    queuedJobs: async () =>
      parseRows(sql.location, 'serve_jobs', JobRow, await sql.all(`SELECT ${JOB_COLUMNS} FROM serve_jobs WHERE status = 'queued' ORDER BY created_at, seq`)),
    finishJob: (token, result) => finishJob(sql, token, result),
    useQuota: (client, windowStart, runs) => useQuota(sql, client, windowStart, runs),
    close: () => sql.close(),
  };
}

/**
 * Jobs stored in the same millisecond share their creation time; `seq` numbers them in the order
 * they came (two servers storing at the same instant may draw the same number: either order is right).
 */
async function addJobs(db: Sql, jobs: ReadonlyArray<{ token: string; kind: JobKind; request: string }>): Promise<void> {
  const now = new Date().toISOString();
  await db.transaction(async (tx) => {
    for (const j of jobs) {
      await tx.run(
        `INSERT INTO serve_jobs (token, kind, request, status, created_at, seq)
         VALUES (?, ?, ?, 'queued', ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM serve_jobs))`,
        [j.token, j.kind, j.request, now],
      );
    }
  });
}

async function getJobs(db: Queries, tokens: readonly string[]): Promise<Map<string, Job>> {
  const found = new Map<string, Job>();
  if (!tokens.length) return found;
  const rows = await db.all(`SELECT ${JOB_COLUMNS} FROM serve_jobs WHERE token IN (${placeholders(tokens.length)})`, tokens);
  for (const job of parseRows(db.location, 'serve_jobs', JobRow, rows)) found.set(job.token, job);
  return found;
}

async function finishJob(db: Queries, token: string, result: string): Promise<void> {
  const changed = await db.run(`UPDATE serve_jobs SET status = 'done', result = ?, finished_at = ? WHERE token = ? AND status = 'queued'`, [
    result,
    new Date().toISOString(),
    token,
  ]);
  if (changed !== 1) throw new Error(`job ${token} is not queued`);
}

async function useQuota(db: Sql, client: string, windowStart: number, runs: number): Promise<number> {
  return db.transaction(async (tx) => {
    // Windows before this one are of no further use.
    await tx.run(`DELETE FROM serve_quota WHERE client = ? AND window_start < ?`, [client, windowStart]);
    const row = (await tx.get(
      `INSERT INTO serve_quota (client, window_start, used) VALUES (?, ?, ?)
       ON CONFLICT (client, window_start) DO UPDATE SET used = serve_quota.used + excluded.used
       RETURNING used`,
      [client, windowStart, runs],
    )) as { used: number };
    return row.used;
  });
}
