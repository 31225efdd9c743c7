import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../src/store/migrations.js';
import { migrateSqlite as migrate } from '../../../src/store/sqlite.js';
import { useTempDir } from '../../store-suite/fixtures.js';

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

describe('the failure kind migration', () => {
  it('classifies judgings that failed before kinds were stored by their reason', () => {
    const file = path.join(tempDir(), 'm.db');
    const db = new Database(file);
    const before = MIGRATIONS.findIndex((m) => m.includes('failure_kind'));
    migrate(db, file, MIGRATIONS.slice(0, before));
    db.exec(`INSERT INTO submissions (id, source, source_sha256, file_name, language, problem_id, problem_dir, submitted_at, dedup_key)
             VALUES (1, x'00', 'h', 'a.py', 'python', 'A', '/p', '2026-01-01T00:00:00Z', 'k')`);
    const judging = db.prepare(
      `INSERT INTO judgings (submission_id, started_at, status, failure_reason, package_hash, judge_version, image_ids)
       VALUES (1, '2026-01-01T00:00:00Z', ?, ?, 'p', 'v', '{}')`,
    );
    judging.run('failed', 'interrupted');
    judging.run('failed', 'cannot start a sandbox container');
    judging.run('running', null);
    migrate(db, file);
    expect(db.prepare('SELECT failure_kind FROM judgings ORDER BY id').all()).toEqual([
      { failure_kind: 'interrupted' },
      { failure_kind: 'error' },
      { failure_kind: null },
    ]);
    db.close();
  });
});
