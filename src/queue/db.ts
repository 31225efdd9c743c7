/**
 * The job queue's own tables in PostgreSQL (schema `zuko_queue`), beside graphile-worker's
 * (schema `graphile_worker`): problem packages by content hash, batches of queued work and the
 * images each batch is judged with, and the workers with their heartbeats.
 */
import pg from 'pg';
import { runMigrations } from 'graphile-worker';
import type { z } from 'zod';
import { maskPassword } from '../store/location.js';
import { UserError } from '../util/errors.js';
import { quietLogger } from './logger.js';

/**
 * Entry i takes the schema from version i to i + 1; entries are never edited once released.
 */
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE zuko_queue.packages (
    archive_sha256 text PRIMARY KEY,
    package_hash   text NOT NULL,
    problem_id     text NOT NULL,
    archive        bytea NOT NULL,
    stored_at      timestamptz NOT NULL DEFAULT now()
  );
  CREATE TABLE zuko_queue.batches (
    id               bigserial PRIMARY KEY,
    label            text NOT NULL,
    -- The store's rejudge batch this batch carries out, when it is a rejudge.
    rejudge_batch_id bigint,
    created_at       timestamptz NOT NULL DEFAULT now(),
    finished_at      timestamptz
  );
  -- What the first worker that judged for a batch judged with; later workers must match.
  CREATE TABLE zuko_queue.batch_images (
    batch_id  bigint NOT NULL REFERENCES zuko_queue.batches(id),
    name      text NOT NULL,
    image_id  text NOT NULL,
    pinned_by text NOT NULL,
    PRIMARY KEY (batch_id, name)
  );
  CREATE TABLE zuko_queue.items (
    batch_id         bigint NOT NULL REFERENCES zuko_queue.batches(id),
    submission_id    bigint NOT NULL,
    -- A judging of the submission with a larger id started after this item was queued: once done, it settles the item.
    after_judging_id bigint NOT NULL,
    package_sha256   text NOT NULL REFERENCES zuko_queue.packages(archive_sha256),
    state            text NOT NULL CHECK (state IN ('queued', 'done', 'failed')),
    judging_id       bigint,
    worker_id        text,
    failure_kind     text,
    failure_reason   text,
    settled_at       timestamptz,
    PRIMARY KEY (batch_id, submission_id)
  );
  CREATE INDEX items_queued ON zuko_queue.items(submission_id) WHERE state = 'queued';
  CREATE TABLE zuko_queue.workers (
    id            text PRIMARY KEY,
    host          text NOT NULL,
    pid           integer NOT NULL,
    cpus          integer NOT NULL,
    slots         integer NOT NULL,
    judge_version text NOT NULL,
    image_ids     jsonb NOT NULL DEFAULT '{}',
    started_at    timestamptz NOT NULL DEFAULT now(),
    heartbeat_at  timestamptz NOT NULL DEFAULT now(),
    status        text NOT NULL CHECK (status IN ('alive', 'stopped', 'gone')),
    ended_at      timestamptz,
    judged        integer NOT NULL DEFAULT 0
  );
  CREATE INDEX workers_alive ON zuko_queue.workers(heartbeat_at) WHERE status = 'alive';
  -- What each slot of a worker is judging now.
  CREATE TABLE zuko_queue.assignments (
    worker_id     text NOT NULL REFERENCES zuko_queue.workers(id),
    slot          integer NOT NULL,
    batch_id      bigint NOT NULL,
    submission_id bigint NOT NULL,
    -- Its judging, once opened.
    judging_id    bigint,
    started_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (worker_id, slot)
  );
  `,
];

/** Any number to tell our advisory lock from others': migrations of concurrent starts run one at a time. */
const MIGRATION_LOCK = 0x5a4b5147;

export interface QueueDb {
  readonly pool: pg.Pool;
  /** The database's address without its password, for messages. */
  readonly where: string;
  /** Runs `fn` in one transaction on one connection. */
  transaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T>;
  /** Rows of one query, each checked against `schema`; a misfit names the table and column. */
  rows<S extends z.ZodType>(schema: S, table: string, sql: string, params?: unknown[], client?: pg.PoolClient): Promise<z.output<S>[]>;
  close(): Promise<void>;
}

/** Connects and brings both schemas (ours and graphile-worker's) up to date. */
export async function openQueueDb(url: string, poolSize = 10): Promise<QueueDb> {
  const where = maskPassword(url);
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle connection that breaks (the server restarted) must not crash the process.
  pool.on('error', () => undefined);
  const db = queueDb(pool, where);
  try {
    await migrate(db);
  } catch (err) {
    await pool.end();
    if (err instanceof UserError) throw err;
    throw UserError.at(where, undefined, `cannot open the job queue (${(err as Error).message})`);
  }
  return db;
}

function queueDb(pool: pg.Pool, where: string): QueueDb {
  return {
    pool,
    where,
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(client);
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    async rows(schema, table, sql, params = [], client) {
      const result = await (client ?? pool).query(sql, params);
      return result.rows.map((row) => {
        const parsed = schema.safeParse(row);
        if (parsed.success) return parsed.data;
        const issue = parsed.error.issues[0];
        throw UserError.at(where, `zuko_queue.${table}.${issue.path.join('.')}`, `unexpected stored value: ${issue.message}`);
      });
    },
    close: () => pool.end(),
  };
}

async function migrate(db: QueueDb): Promise<void> {
  await db.transaction(async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE SCHEMA IF NOT EXISTS zuko_queue');
    await client.query('CREATE TABLE IF NOT EXISTS zuko_queue.schema_version (version integer NOT NULL)');
    const found = await client.query<{ version: number }>('SELECT version FROM zuko_queue.schema_version');
    const version = found.rows[0]?.version ?? 0;
    if (version > MIGRATIONS.length) {
      throw UserError.at(
        db.where,
        'zuko_queue.schema_version',
        `queue schema version ${version} is newer than this zuko-judge knows (${MIGRATIONS.length}); use a newer zuko-judge`,
      );
    }
    for (let step = version; step < MIGRATIONS.length; step++) await client.query(MIGRATIONS[step]);
    if (!found.rows.length) await client.query('INSERT INTO zuko_queue.schema_version (version) VALUES ($1)', [MIGRATIONS.length]);
    else await client.query('UPDATE zuko_queue.schema_version SET version = $1', [MIGRATIONS.length]);
  });
  // graphile-worker serialises its own migrations.
  await runMigrations({ pgPool: db.pool, logger: quietLogger(() => undefined) });
}
