import Database from 'better-sqlite3';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, openStore } from '../../../src/store/index.js';
import { UserError } from '../../../src/util/errors.js';
import { submission, useTempDir } from './helpers.js';

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

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected an error');
}

describe('openStore', () => {
  it('creates a fresh file (and its folder) at the newest schema version, in WAL mode', () => {
    const file = path.join(tempDir(), 'nested', 'judge.db');
    const store = openStore(file);
    store.close();
    expect(existsSync(file)).toBe(true);
    const info = inspect(file);
    expect(info.version).toBe(MIGRATIONS.length);
    expect(info.version).toBeGreaterThan(0);
    expect(info.journal).toBe('wal');
    expect(info.tables).toEqual(expect.arrayContaining(['judgings', 'rejudge_batches', 'rejudge_items', 'submissions', 'test_results']));
  });

  it('keeps the data and the version on re-open', () => {
    const file = path.join(tempDir(), 'judge.db');
    const first = openStore(file);
    const { id } = first.addSubmission(submission());
    first.close();
    const second = openStore(file);
    expect(second.getSubmission(id)?.fileName).toBe('sum.py');
    expect(second.selectSubmissions({})).toHaveLength(1);
    second.close();
    expect(inspect(file).version).toBe(MIGRATIONS.length);
  });

  it('enforces foreign keys on its connection', () => {
    const store = openStore(path.join(tempDir(), 'judge.db'));
    const { id } = store.addSubmission(submission());
    const batch = store.createBatch({}, [id]);
    expect(() => store.markItemDone(batch, id, 999)).toThrow(/FOREIGN KEY/);
    expect(store.pendingItems(batch)).toHaveLength(1);
    expect(() => store.startJudging(42, { packageHash: 'x', judgeVersion: '1', imageIds: {} })).toThrow(/no such submission/);
    store.close();
  });

  it('refuses a file from a newer version, naming the file', () => {
    const file = path.join(tempDir(), 'judge.db');
    openStore(file).close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${MIGRATIONS.length + 5}`);
    raw.close();
    const err = catchError(() => openStore(file));
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toContain(file);
    expect((err as UserError).message).toMatch(/newer/);
  });

  it('turns a file that is not a database into a one-line UserError naming it', () => {
    const file = path.join(tempDir(), 'notes.db');
    writeFileSync(file, 'These are my contest notes, not a database.\n'.repeat(20));
    const err = catchError(() => openStore(file));
    expect(err).toBeInstanceOf(UserError);
    const message = (err as UserError).message;
    expect(message.startsWith(`${file}:`)).toBe(true);
    expect(message).not.toContain('\n');
    expect(message).toMatch(/not a SQLite database/);
  });

  it('will not add its tables to another program\'s SQLite database', () => {
    const file = path.join(tempDir(), 'other.db');
    const raw = new Database(file);
    raw.exec('CREATE TABLE bookmarks (url TEXT)');
    raw.close();
    const err = catchError(() => openStore(file));
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toContain(file);
    expect(inspect(file).tables).toEqual(['bookmarks']);
  });
});
