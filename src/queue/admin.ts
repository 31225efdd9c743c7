/**
 * For measuring the queue (`npm run bench`): databases of their own, the server's counters for
 * one, and how long a batch took from the last worker's start to its last item settled.
 */
import pg from 'pg';
import { z } from 'zod';

/** A fresh database `name` beside the one `adminUrl` names (its role may create databases); its URL. */
export async function createDatabase(adminUrl: string, name: string): Promise<string> {
  await dropDatabase(adminUrl, name);
  await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

const Stats = z.object({ commits: z.coerce.number(), rows: z.coerce.number(), connections: z.coerce.number() });

/** Database `name`'s commits, rows inserted, updated or deleted so far, and its connections now. */
export async function databaseStats(adminUrl: string, name: string): Promise<z.output<typeof Stats>> {
  const rows = await adminQuery(
    adminUrl,
    `SELECT xact_commit AS commits, tup_inserted + tup_updated + tup_deleted AS rows,
            (SELECT count(*) FROM pg_stat_activity WHERE datname = $1) AS connections
     FROM pg_stat_database WHERE datname = $1`,
    [name],
  );
  return Stats.parse(rows[0]);
}

const Timing = z.object({ submissions: z.coerce.number().int().positive(), seconds: z.coerce.number().positive() });

/** Items settled done, and the seconds from the last worker's start to the last item settled. */
export async function batchTiming(url: string): Promise<z.output<typeof Timing>> {
  const rows = await adminQuery(
    url,
    `SELECT (SELECT count(*) FROM zuko_queue.items WHERE state = 'done') AS submissions,
            extract(epoch FROM (SELECT max(settled_at) FROM zuko_queue.items) - (SELECT max(started_at) FROM zuko_queue.workers)) AS seconds`,
  );
  return Timing.parse(rows[0]);
}

async function adminQuery(url: string, sql: string, params: unknown[] = []): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows;
  } finally {
    await client.end();
  }
}
