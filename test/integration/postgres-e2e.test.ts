import { afterAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../helpers/postgres.js';
import { workspace, type CliResult } from '../helpers/zuko.js';

const w = workspace();
afterAll(() => w.remove());
const database = useTestDatabase();

function ok(r: CliResult): string {
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

describe('the demo contest on PostgreSQL', () => {
  it('imports, judges and gives the same scoreboard as on SQLite', async () => {
    const boards: string[] = [];
    for (const db of [database(), w.db]) {
      ok(await w.run(['import', 'demo', 'submissions/demo/manifest.csv', '--db', db]));
      boards.push(ok(await w.run(['scoreboard', 'demo', '--db', db, '--format', 'csv', '--unfrozen'])));
    }
    expect(boards[0].split('\n').length).toBeGreaterThan(2);
    expect(boards[0]).toBe(boards[1]);

    // Read back through another command: the stored judging as `submit` printed it.
    const judged = JSON.parse(ok(await w.run(['results', '1', '--db', database(), '--json']))) as { submission: number; tests: unknown[] };
    expect(judged.submission).toBe(1);
    expect(judged.tests.length).toBeGreaterThan(0);
  });
});
