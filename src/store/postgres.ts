import pg from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';
import { UserError } from '../util/errors.js';
import { APPLICATION_ID, MIGRATIONS, newerSchema, postgresSteps } from './migrations.js';
import { POSTGRES, type Queries, type Sql, type TransactionOptions } from './sql.js';

/** Connections per process: judging writes are short, and many hosts share one server's limit. */
const POOL_SIZE = 4;
/** A server that does not answer at all is reported rather than waited on forever. */
const CONNECT_TIMEOUT_MS = 10_000;
/** SERIALIZABLE conflicts and deadlocks are retried this often before the error is the caller's. */
const MAX_ATTEMPTS = 8;
const SCHEMA_TABLE = 'zuko_schema';
const APPLICATION = 'zuko-judge';

/** OID of int8: ids and counts are 64-bit; as JS numbers they are exact up to 2^53. */
const INT8_OID = 20;
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/**
 * Connects to the PostgreSQL database at `url`, checks it is ours (or empty) and brings its
 * schema up to date. `label` is the URL with its password masked: the only form ever printed.
 */
export async function openPostgres(url: string, label: string, steps: readonly string[] = postgresSteps(MIGRATIONS)): Promise<Sql> {
  const pool = new pg.Pool({ connectionString: url, max: POOL_SIZE, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, application_name: APPLICATION, types });
  // An idle connection the server dropped is replaced on next use; it must not end the process.
  pool.on('error', () => undefined);
  try {
    await transaction(pool, label, (tx) => prepareSchema(tx, label, steps));
  } catch (err) {
    await pool.end();
    throw asUserError(err, label);
  }
  return {
    ...queries((text, params) => pool.query(text, params), label),
    transaction: (fn, opts) => transaction(pool, label, fn, opts),
    close: () => pool.end(),
  };
}

/** Queries, and `exec` for migrations: several statements and comments, no parameters. */
interface SchemaQueries extends Queries {
  exec(sql: string): Promise<void>;
}

/**
 * Our schema table says which version the database is at; a database holding other tables and
 * not that one belongs to another program and is left alone. Every process that opens the
 * database takes the same advisory lock first, so two hosts starting at once migrate it once.
 */
async function prepareSchema(tx: SchemaQueries, label: string, steps: readonly string[]): Promise<void> {
  await tx.get('SELECT pg_advisory_xact_lock(?, 0)', [APPLICATION_ID]);
  const tables = (await tx.all('SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name')).map(
    (r) => (r as { table_name: string }).table_name,
  );
  let version = 0;
  if (tables.includes(SCHEMA_TABLE)) {
    const row = (await tx.get(`SELECT application, version FROM ${SCHEMA_TABLE}`)) as { application: string; version: number } | undefined;
    if (row?.application !== APPLICATION) throw otherProgram(label, tables);
    version = row.version;
  } else if (tables.length) {
    throw otherProgram(label, tables);
  } else {
    await tx.exec(`CREATE TABLE ${SCHEMA_TABLE} (application TEXT NOT NULL, version INTEGER NOT NULL)`);
    await tx.run(`INSERT INTO ${SCHEMA_TABLE} (application, version) VALUES (?, 0)`, [APPLICATION]);
  }
  if (version > steps.length) throw newerSchema(label, version, steps.length);
  for (let step = version; step < steps.length; step++) await tx.exec(steps[step]);
  if (version !== steps.length) await tx.run(`UPDATE ${SCHEMA_TABLE} SET version = ?`, [steps.length]);
}

function otherProgram(label: string, tables: string[]): UserError {
  const some = tables.slice(0, 3).join(', ') + (tables.length > 3 ? ', …' : '');
  return UserError.at(
    label,
    undefined,
    `holds tables of another program (${some}), not a zuko-judge database; name an empty database or one zuko-judge created`,
  );
}

type Runner = (text: string, params?: unknown[]) => Promise<pg.QueryResult>;

function queries(run: Runner, label: string): SchemaQueries {
  const query = async (sql: string, params?: readonly unknown[]) => {
    try {
      // Without parameters the text goes as it is (migrations are several statements and comments).
      return await (params ? run(toPositional(sql), [...params]) : run(sql));
    } catch (err) {
      throw unavailable(err, label);
    }
  };
  return {
    dialect: POSTGRES,
    location: label,
    all: async (sql, params) => (await query(sql, params)).rows,
    get: async (sql, params) => (await query(sql, params)).rows[0],
    run: async (sql, params) => (await query(sql, params)).rowCount ?? 0,
    exec: async (sql) => {
      await query(sql);
    },
  };
}

/**
 * BEGIN … COMMIT on one pooled connection. READ COMMITTED by default: the store's writes lock the
 * rows they decide on (`lockRow`), so a second process waits and then sees the first one's
 * outcome. Serialization failures and deadlocks are retried from the start with backoff.
 */
async function transaction<T>(pool: pg.Pool, label: string, fn: (tx: SchemaQueries) => Promise<T>, opts: TransactionOptions = {}): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (err) {
      throw unavailable(err, label);
    }
    let broken: Error | undefined;
    try {
      await client.query(opts.serializable ? 'BEGIN ISOLATION LEVEL SERIALIZABLE' : 'BEGIN');
      const result = await fn(queries((text, params) => client.query(text, params), label));
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch((rollbackFailed: Error) => {
        broken = rollbackFailed;
      });
      if (!isConflict(err) || attempt >= MAX_ATTEMPTS) throw unavailable(err, label);
    } finally {
      // A connection that could not even roll back is not given to the next caller.
      client.release(broken);
    }
    await sleep(Math.random() * 10 * 2 ** attempt);
  }
}

/** serialization_failure, deadlock_detected: nothing wrong, another process came first. */
function isConflict(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '40001' || code === '40P01';
}

/** `?` placeholders as PostgreSQL's `$1, $2, …`; quoted text and identifiers are left as they are. */
export function toPositional(sql: string): string {
  let n = 0;
  return sql.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"|\?/g, (token) => (token === '?' ? `$${++n}` : token));
}

/** The connection failures pg reports without a SQLSTATE, as one error the judge can classify. */
const LOST_CONNECTION = /Connection terminated|connection error|Client has encountered|timeout exceeded when trying to connect|Client was closed/i;
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND']);

export class DatabaseUnavailable extends Error {
  override readonly name = 'DatabaseUnavailable';
  constructor(label: string, cause: Error) {
    super(`database ${label} unreachable: ${cause.message}`, { cause });
  }
}

function unavailable(err: unknown, label: string): unknown {
  if (!(err instanceof Error) || err instanceof pg.DatabaseError || err instanceof DatabaseUnavailable) return err;
  const code = (err as { code?: unknown }).code;
  if ((typeof code === 'string' && NETWORK_CODES.has(code)) || LOST_CONNECTION.test(err.message)) return new DatabaseUnavailable(label, err);
  return err;
}

/** What to tell a person whose URL does not lead to a usable database. */
function asUserError(err: unknown, label: string): unknown {
  if (err instanceof UserError) return err;
  const cause = err instanceof DatabaseUnavailable ? err.cause : err;
  const code = (cause as { code?: unknown } | null)?.code;
  // Server messages name the user and database, never the password.
  const message = cause instanceof Error ? cause.message : String(cause);
  const problem = typeof code === 'string' ? CONNECT_PROBLEMS[code]?.(message) : undefined;
  if (problem) return UserError.at(label, undefined, problem);
  if (err instanceof DatabaseUnavailable || err instanceof TypeError) return UserError.at(label, undefined, `cannot connect (${message})`);
  return err;
}

const CONNECT_PROBLEMS: Record<string, (message: string) => string> = {
  ECONNREFUSED: () => 'cannot connect: connection refused; is PostgreSQL running there? (`zuko-judge setup --postgres` installs and starts a local server)',
  ENOENT: () => 'cannot connect: no server socket there; is PostgreSQL running? (`zuko-judge setup --postgres` installs and starts a local server)',
  ENOTFOUND: () => 'cannot connect: host not found; check the host in the URL',
  EAI_AGAIN: () => 'cannot connect: the host name could not be resolved now; check the host in the URL',
  ETIMEDOUT: () => 'cannot connect: no answer from the server; check the host and port in the URL',
  '28P01': (m) => `${m}; check the user and password in the URL`,
  '28000': (m) => `${m}; the server does not let this user in: check the user in the URL and the server's pg_hba.conf`,
  '3D000': (m) => `${m}; create it (createdb) or name an existing database in the URL`,
  '42501': (m) => `${m}; the user in the URL needs the right to create tables in this database`,
  '53300': (m) => `${m}; the server has no connection left: try again later or raise max_connections`,
  '57P03': (m) => `${m}; the server is starting or stopping: try again shortly`,
};
