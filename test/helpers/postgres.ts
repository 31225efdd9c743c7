import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { localUrl } from '../../src/cli/setup-postgres.js';

/**
 * The PostgreSQL server tests use: ZUKO_TEST_POSTGRES, a URL whose role may create databases,
 * else the local server and role `zuko-judge setup --postgres` prepares (test/global-setup.ts
 * runs that when the server is not there).
 */
export const ADMIN_URL = process.env.ZUKO_TEST_POSTGRES ?? localUrl();

/** `url` with another database name. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** One client, one statement: for reaching past the store (setting up, damaging, inspecting). */
export async function sqlAt(url: string, sql: string, params?: unknown[]): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql, params);
  } finally {
    await client.end();
  }
}

/** A database of its own for the calling test file: created before its tests, dropped after them. */
export function useTestDatabase(): () => string {
  const name = `zuko_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  beforeAll(async () => {
    await sqlAt(ADMIN_URL, `CREATE DATABASE ${name}`);
  });
  afterAll(async () => {
    await sqlAt(ADMIN_URL, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });
  return () => withDatabase(ADMIN_URL, name);
}

/**
 * A new empty schema in the database at `url`, and a URL that works in it (its search_path),
 * so each test gets a database of its own at the cost of a CREATE SCHEMA.
 */
export async function freshSchema(url: string): Promise<string> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  await sqlAt(url, `CREATE SCHEMA ${schema}`);
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}
