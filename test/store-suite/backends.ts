import Database from 'better-sqlite3';
import path from 'node:path';
import { freshSchema, sqlAt, useTestDatabase } from '../helpers/postgres.js';
import { toPositional } from '../../src/store/postgres.js';
import { useTempDir } from './fixtures.js';

/** A kind of database the shared store suite runs against. */
export interface Backend {
  name: 'sqlite' | 'postgres';
  /** A new empty database, as `--db` takes it; one per test. */
  fresh(): Promise<string>;
  /** Runs statements on it past the store: to damage a row, to add a trigger. */
  exec(db: string, sql: string, params?: unknown[]): Promise<void>;
}

/** SQLite files in a temporary folder per test. Call at the top of a test file. */
export function sqliteBackend(): Backend {
  const tempDir = useTempDir();
  return {
    name: 'sqlite',
    fresh: async () => path.join(tempDir(), 'judge.db'),
    exec: async (db, sql, params = []) => {
      const raw = new Database(db);
      try {
        if (params.length) raw.prepare(sql).run(...params);
        else raw.exec(sql);
      } finally {
        raw.close();
      }
    },
  };
}

/** A PostgreSQL database per test file, a schema per test. Call at the top of a test file. */
export function postgresBackend(): Backend {
  const database = useTestDatabase();
  return {
    name: 'postgres',
    fresh: () => freshSchema(database()),
    exec: async (db, sql, params) => {
      await sqlAt(db, params?.length ? toPositional(sql) : sql, params);
    },
  };
}
