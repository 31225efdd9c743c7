import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../util/errors.js';
import { APPLICATION_ID, MIGRATIONS, newerSchema } from './migrations.js';
import { SQLITE, type Queries, type Sql } from './sql.js';

/** How long a statement waits for another connection's lock before giving up. */
const BUSY_TIMEOUT_MS = 5000;

/** SQLite result codes that describe the file rather than a mistake in our SQL. */
const FILE_PROBLEMS: Record<string, string> = {
  SQLITE_NOTADB: 'is not a SQLite database',
  SQLITE_CORRUPT: 'is a damaged SQLite database',
  SQLITE_CANTOPEN: 'cannot be opened',
  SQLITE_READONLY: 'is read-only',
  SQLITE_PERM: 'cannot be accessed (permission denied)',
  SQLITE_BUSY: 'is locked by another program',
};

/**
 * Opens (creating it and its folder when missing) the database at `file`, checks it is ours and
 * brings its schema up to date. Anything wrong with the file is one UserError naming it.
 */
export function openSqlite(file: string): Sql {
  const resolved = path.resolve(file);
  makeFolder(resolved);
  let db: Database.Database | undefined;
  try {
    db = new Database(resolved, { timeout: BUSY_TIMEOUT_MS });
    configure(db);
    checkOwnership(db, resolved);
    migrateSqlite(db, resolved);
  } catch (err) {
    db?.close();
    throw asUserError(err, resolved);
  }
  return sqliteSql(db, resolved);
}

/**
 * Brings the database at `file` up to the newest schema. All pending steps run in one
 * transaction, so a failure leaves the file at the version it had.
 */
export function migrateSqlite(db: Database.Database, file: string, steps: readonly string[] = MIGRATIONS): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > steps.length) throw newerSchema(file, version, steps.length);
  if (version === steps.length) return;
  db.transaction(() => {
    for (let step = version; step < steps.length; step++) db.exec(steps[step]);
    db.pragma(`application_id = ${APPLICATION_ID}`);
    db.pragma(`user_version = ${steps.length}`);
  }).immediate();
}

/**
 * better-sqlite3 answers at once, but a transaction body awaits between its statements: one
 * connection is shared by every caller, so a transaction holds it until it ends and other
 * statements queue behind it rather than landing inside it.
 */
function sqliteSql(db: Database.Database, file: string): Sql {
  const statements = new Map<string, Database.Statement>();
  const prepare = (sql: string): Database.Statement => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  const direct: Queries = {
    dialect: SQLITE,
    location: file,
    all: async (sql, params = []) => prepare(sql).all(...params),
    get: async (sql, params = []) => prepare(sql).get(...params),
    run: async (sql, params = []) => prepare(sql).run(...params).changes,
  };
  let tail: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const result = tail.then(fn);
    tail = result.catch(() => undefined);
    return result;
  };
  return {
    dialect: SQLITE,
    location: file,
    all: (sql, params) => exclusive(() => direct.all(sql, params)),
    get: (sql, params) => exclusive(() => direct.get(sql, params)),
    run: (sql, params) => exclusive(() => direct.run(sql, params)),
    transaction: (fn) =>
      exclusive(async () => {
        db.exec('BEGIN IMMEDIATE');
        try {
          const result = await fn(direct);
          db.exec('COMMIT');
          return result;
        } catch (err) {
          // A failed COMMIT or an error SQLite already rolled back for leaves no transaction open.
          if (db.inTransaction) db.exec('ROLLBACK');
          throw err;
        }
      }),
    close: async () => {
      await exclusive(async () => db.close());
    },
  };
}

function makeFolder(file: string): void {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
  } catch (err) {
    throw UserError.at(file, undefined, `cannot create its folder (${(err as Error).message})`);
  }
}

function configure(db: Database.Database): void {
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma('journal_mode = WAL');
  // In WAL mode NORMAL keeps the file consistent after a crash; only the last commits may be lost.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
}

/** A fresh file is fine; a SQLite file of some other program must not get our tables added. */
function checkOwnership(db: Database.Database, file: string): void {
  const appId = db.pragma('application_id', { simple: true }) as number;
  if (appId === APPLICATION_ID) return;
  const tables = db.prepare(`SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'`).get() as { n: number };
  if (appId === 0 && tables.n === 0) return;
  throw UserError.at(file, undefined, 'is a SQLite database of another program, not a zuko-judge database');
}

function asUserError(err: unknown, file: string): unknown {
  if (err instanceof UserError) return err;
  if (!(err instanceof Database.SqliteError)) return err;
  const known = Object.entries(FILE_PROBLEMS).find(([code]) => err.code.startsWith(code));
  if (known) return UserError.at(file, undefined, `${known[1]} (${err.message.split('\n')[0]})`);
  if (err.code.startsWith('SQLITE_IOERR')) return UserError.at(file, undefined, `cannot be read or written (${err.message.split('\n')[0]})`);
  return err;
}
