import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../util/errors.js';
import { APPLICATION_ID, migrate } from './migrations.js';

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
export function openDatabase(file: string): Database.Database {
  const resolved = path.resolve(file);
  makeFolder(resolved);
  let db: Database.Database | undefined;
  try {
    db = new Database(resolved, { timeout: BUSY_TIMEOUT_MS });
    configure(db);
    checkOwnership(db, resolved);
    migrate(db, resolved);
    return db;
  } catch (err) {
    db?.close();
    throw asUserError(err, resolved);
  }
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
