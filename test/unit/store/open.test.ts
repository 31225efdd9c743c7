import Database from 'better-sqlite3';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, openStore } from '../../../src/store/index.js';
import { UserError } from '../../../src/util/errors.js';
import { useTempDir } from '../../store-suite/fixtures.js';

const tempDir = useTempDir();

/** Reads pragmas and table names straight from the file, past the store. */
function inspect(file: string): { version: number; journal: string; tables: string[] } {
  const db = new Database(file, { readonly: true });
  try {
    const version = db.pragma('user_version', { simple: true }) as number;
    const journal = db.pragma('journal_mode', { simple: true }) as string;
    const tables = (db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name`).all() as Array<{ name: string }>).map((t) => t.name);
    return { version, journal, tables };
  } finally {
    db.close();
  }
}

async function catchError(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected an error');
}

describe('openStore', () => {
  it('creates a fresh file (and its folder) at the newest schema version, in WAL mode', async () => {
    const file = path.join(tempDir(), 'nested', 'judge.db');
    const store = await openStore(file);
    await store.close();
    expect(existsSync(file)).toBe(true);
    const info = inspect(file);
    expect(info.version).toBe(MIGRATIONS.length);
    expect(info.version).toBeGreaterThan(0);
    expect(info.journal).toBe('wal');
    expect(info.tables).toEqual(expect.arrayContaining(['judgings', 'rejudge_batches', 'rejudge_items', 'submissions', 'test_results']));
  });

  it('keeps the version on re-open', async () => {
    const file = path.join(tempDir(), 'judge.db');
    await (await openStore(file)).close();
    await (await openStore(file)).close();
    expect(inspect(file).version).toBe(MIGRATIONS.length);
  });

  it('refuses a file from a newer version, naming the file', async () => {
    const file = path.join(tempDir(), 'judge.db');
    await (await openStore(file)).close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${MIGRATIONS.length + 5}`);
    raw.close();
    const err = await catchError(() => openStore(file));
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toContain(file);
    expect((err as UserError).message).toMatch(/newer/);
  });

  it('turns a file that is not a database into a one-line UserError naming it', async () => {
    const file = path.join(tempDir(), 'notes.db');
    writeFileSync(file, 'These are my contest notes, not a database.\n'.repeat(20));
    const err = await catchError(() => openStore(file));
    expect(err).toBeInstanceOf(UserError);
    const message = (err as UserError).message;
    expect(message.startsWith(`${file}:`)).toBe(true);
    expect(message).not.toContain('\n');
    expect(message).toMatch(/not a SQLite database/);
  });

  it("will not add its tables to another program's SQLite database", async () => {
    const file = path.join(tempDir(), 'other.db');
    const raw = new Database(file);
    raw.exec('CREATE TABLE bookmarks (url TEXT)');
    raw.close();
    const err = await catchError(() => openStore(file));
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toContain(file);
    expect(inspect(file).tables).toEqual(['bookmarks']);
  });
});
