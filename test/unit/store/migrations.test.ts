import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../src/store/migrations.js';
import { useTempDir } from './helpers.js';

const tempDir = useTempDir();

const STEP_1 = 'CREATE TABLE a (x INTEGER)';
const STEP_2 = 'ALTER TABLE a ADD COLUMN y TEXT; CREATE TABLE b (z INTEGER)';
const BROKEN = 'CREATE TABLE c (w INTEGER); INSERT INTO nowhere VALUES (1)';

function tables(db: Database.Database): string[] {
  return (db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name`).all() as Array<{ name: string }>).map((r) => r.name);
}

describe('migrate', () => {
  it('applies only the steps past the stored version, in order', () => {
    const file = path.join(tempDir(), 'm.db');
    const db = new Database(file);
    migrate(db, file, [STEP_1]);
    db.prepare('INSERT INTO a (x) VALUES (7)').run();
    expect(db.pragma('user_version', { simple: true })).toBe(1);

    // Running step 1 again would fail ("table a already exists"): only step 2 may run.
    migrate(db, file, [STEP_1, STEP_2]);
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    expect(tables(db)).toEqual(['a', 'b']);
    expect(db.prepare('SELECT x, y FROM a').all()).toEqual([{ x: 7, y: null }]);
    migrate(db, file, [STEP_1, STEP_2]);
    db.close();
  });

  it('leaves the file as it was when a step fails', () => {
    const file = path.join(tempDir(), 'm.db');
    const db = new Database(file);
    migrate(db, file, [STEP_1]);
    expect(() => migrate(db, file, [STEP_1, STEP_2, BROKEN])).toThrow(/nowhere/);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(tables(db)).toEqual(['a']);
    db.close();
  });
});
