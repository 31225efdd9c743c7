import { errorMessage } from '../util/errors.js';
import { DatabaseUnavailable } from './postgres.js';

/** SQLite result codes (prefixes of the extended codes) that mean "not now", not "wrong". */
const SQLITE_TRANSIENT = ['SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_FULL', 'SQLITE_IOERR'];

/**
 * SQLSTATEs (or their two-character classes) of a PostgreSQL server that is down, restarting, out
 * of room or connections, or that lost a conflict the store already retried: all pass.
 */
const POSTGRES_TRANSIENT = ['08', '53', '57P01', '57P02', '57P03', '58', '40001', '40P01', '55P03'];

/**
 * Why an error of the database is the infrastructure's (wait it out, judge again later), or null
 * when it is not: a locked or full SQLite file, an unreachable or overloaded PostgreSQL server.
 */
export function transientDatabaseReason(err: unknown): string | null {
  if (err instanceof DatabaseUnavailable) return err.message;
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return null;
  if (SQLITE_TRANSIENT.some((c) => code.startsWith(c))) return `database ${code}: ${errorMessage(err)}`;
  const isSqlState = /^[0-9A-Z]{5}$/.test(code) && (err as { severity?: unknown }).severity !== undefined;
  if (isSqlState && POSTGRES_TRANSIENT.some((c) => code.startsWith(c))) return `database error ${code}: ${errorMessage(err)}`;
  return null;
}
