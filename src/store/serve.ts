import { dbContext, type Db } from './context.js';
import { openDatabase } from './open.js';

export type JobKind = 'judge0' | 'judging';

export interface Job {
  token: string;
  kind: JobKind;
  /** The request as JSON, in the form the kind's runner reads back. */
  request: string;
  status: 'queued' | 'done';
  result: string | null;
  createdAt: string;
}

interface JobRow {
  token: string;
  kind: JobKind;
  request: string;
  status: 'queued' | 'done';
  result: string | null;
  created_at: string;
}

/**
 * The service's own tables, on a connection of its own to the same database file: asynchronous
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

export async function openServeStore(file: string): Promise<ServeStore> {
  const db = dbContext(openDatabase(file), file);
  return {
    addJobs: async (jobs) => addJobs(db, jobs),
    getJobs: async (tokens) => getJobs(db, tokens),
    queuedJobs: async () => db.stmt(`SELECT * FROM serve_jobs WHERE status = 'queued' ORDER BY created_at, rowid`).all().map((r) => toJob(r as JobRow)),
    finishJob: async (token, result) => finishJob(db, token, result),
    useQuota: async (client, windowStart, runs) => useQuota(db, client, windowStart, runs),
    close: async () => db.close(),
  };
}

function addJobs(db: Db, jobs: ReadonlyArray<{ token: string; kind: JobKind; request: string }>): void {
  const now = new Date().toISOString();
  const insert = db.stmt(`INSERT INTO serve_jobs (token, kind, request, status, created_at) VALUES (?, ?, ?, 'queued', ?)`);
  db.transaction(() => {
    for (const j of jobs) insert.run(j.token, j.kind, j.request, now);
  });
}

function getJobs(db: Db, tokens: readonly string[]): Map<string, Job> {
  const select = db.stmt(`SELECT * FROM serve_jobs WHERE token = ?`);
  const found = new Map<string, Job>();
  for (const token of tokens) {
    const row = select.get(token) as JobRow | undefined;
    if (row) found.set(token, toJob(row));
  }
  return found;
}

function finishJob(db: Db, token: string, result: string): void {
  const changed = db.stmt(`UPDATE serve_jobs SET status = 'done', result = ?, finished_at = ? WHERE token = ? AND status = 'queued'`).run(result, new Date().toISOString(), token);
  if (changed.changes !== 1) throw new Error(`job ${token} is not queued`);
}

function useQuota(db: Db, client: string, windowStart: number, runs: number): number {
  return db.transaction(() => {
    // Windows before this one are of no further use.
    db.stmt(`DELETE FROM serve_quota WHERE client = ? AND window_start < ?`).run(client, windowStart);
    db.stmt(`INSERT INTO serve_quota (client, window_start, used) VALUES (?, ?, ?) ON CONFLICT (client, window_start) DO UPDATE SET used = used + excluded.used`).run(client, windowStart, runs);
    return (db.stmt(`SELECT used FROM serve_quota WHERE client = ? AND window_start = ?`).get(client, windowStart) as { used: number }).used;
  });
}

function toJob(r: JobRow): Job {
  return { token: r.token, kind: r.kind, request: r.request, status: r.status, result: r.result, createdAt: r.created_at };
}
