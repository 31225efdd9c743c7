import { parseDbLocation } from './location.js';
import { openPostgres } from './postgres.js';
import type { Sql } from './sql.js';
import { openSqlite } from './sqlite.js';

/**
 * The one place a `--db` / ZUKO_DB value becomes an open database: a path is a SQLite file
 * (created when missing), a `postgres://` or `postgresql://` URL a PostgreSQL database. Either is
 * checked to be ours and brought to the newest schema; anything wrong is one UserError naming it.
 */
export async function openSql(db: string): Promise<Sql> {
  const location = parseDbLocation(db);
  return location.kind === 'sqlite' ? openSqlite(location.file) : openPostgres(location.url, location.label);
}
