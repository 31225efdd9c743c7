import Database from 'better-sqlite3';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { clicsViolations } from '../helpers/clics.js';
import { leftoverContainers, waitFor, workspace } from '../helpers/zuko.js';

const w = workspace();
afterAll(() => w.remove());

// The contest and its packages are copied, so test data can change without touching the repository.
w.copy('problems');
const contestFile = path.join(w.copy('contests'), 'demo.yaml');
const manifest = path.resolve('submissions/demo/manifest.csv');

interface ImportJson {
  imported: number;
  already_stored: number;
  judged: Array<{ submission: number; team: string; problem: string; problem_label: string; verdict: string }>;
  submissions: Array<{ submission: number; problem: string; problem_label: string; verdict: string }>;
}
interface RejudgeJson {
  batch: number | null;
  resumed: boolean;
  selected: number;
  judged: number;
  transitions: Record<string, number>;
  changed: Array<{ submission: number; problem: string; problem_label: string; old_verdict: string; new_verdict: string }>;
  failed: unknown[];
}

function query<T>(sql: string, ...params: unknown[]): T[] {
  const d = new Database(w.db, { readonly: true });
  try {
    return d.prepare(sql).all(...params) as T[];
  } finally {
    d.close();
  }
}

async function json<T>(args: string[], expectedCode = 0): Promise<T> {
  const r = await w.run([...args, '--json']);
  expect(r.code, r.stderr).toBe(expectedCode);
  return JSON.parse(r.stdout) as T;
}

describe('a contest end to end', () => {
  let firstImport: ImportJson;

  it('imports and judges the sample contest; importing again adds nothing', async () => {
    firstImport = await json<ImportJson>(['import', contestFile, manifest]);
    expect(firstImport.imported).toBe(21);
    const verdicts = new Set(firstImport.judged.map((j) => j.verdict));
    for (const v of ['AC', 'WA', 'TLE', 'RTE', 'CE']) expect(verdicts).toContain(v);
    const again = await json<ImportJson>(['import', contestFile, manifest]);
    expect([again.imported, again.already_stored, again.judged.length]).toEqual([0, 21, 0]);
    expect(query<{ n: number }>('SELECT COUNT(*) AS n FROM submissions')[0].n).toBe(21);
  });

  it('publishes a scoreboard that matches the judged verdicts', async () => {
    const r = await w.run(['scoreboard', contestFile, '--format', 'json', '--unfrozen']);
    const board = JSON.parse(r.stdout) as { rows: Array<{ team_id: string; score: { num_solved: number }; problems: Array<{ solved: boolean }> }> };
    expect(clicsViolations(board)).toEqual([]);
    const solved = new Map<string, Set<string>>();
    for (const j of firstImport.judged) {
      if (j.verdict !== 'AC') continue;
      solved.set(j.team, (solved.get(j.team) ?? new Set()).add(j.problem_label));
    }
    for (const row of board.rows) expect(row.score.num_solved).toBe(solved.get(row.team_id)?.size ?? 0);
    const csv = (await w.run(['scoreboard', contestFile, '--format', 'csv'])).stdout.split('\n');
    expect(csv[0]).toMatch(/^rank,team_id,/);
    expect(csv.filter(Boolean)).toHaveLength(6);
  });

  it('rejudges only the changed problem after an answer changed, shows the flips, and flips back', async () => {
    const ans = path.join(w.dir, 'problems/sum/data/secret/01-zeros.ans');
    const original = readFileSync(ans);
    writeFileSync(ans, '1\n');
    const acOnA = firstImport.judged.filter((j) => j.problem_label === 'A' && j.verdict === 'AC').length;
    const changed = await json<RejudgeJson>(['rejudge', '--contest', 'demo', '--changed-only']);
    expect(changed.selected).toBe(firstImport.judged.filter((j) => j.problem_label === 'A').length);
    expect(changed.transitions['AC → WA']).toBe(acOnA);
    // Everything on A now fails the changed case first (a program that timed out later now fails there too).
    expect(changed.changed.every((c) => c.problem === 'sum' && c.problem_label === 'A' && c.new_verdict === 'WA')).toBe(true);
    expect(changed.changed.filter((c) => c.old_verdict === 'AC')).toHaveLength(acOnA);
    // Old judgings stay as history; the new ones are current.
    const history = query<{ n: number }>('SELECT COUNT(*) AS n FROM judgings');
    expect(history[0].n).toBe(21 + changed.judged);

    writeFileSync(ans, original);
    const r = await w.run(['rejudge', '--contest', 'demo', '--changed-only', '--fail-on-change', '--json']);
    expect(r.code).toBe(3);
    const back = JSON.parse(r.stdout) as RejudgeJson;
    expect(back.transitions['WA → AC']).toBe(acOnA);
    const nothing = await json<RejudgeJson>(['rejudge', '--contest', 'demo', '--changed-only']);
    expect(nothing.batch).toBeNull();
  });

  it('continues a killed rejudge without judging anything twice', async () => {
    const before = query<{ n: number }>(`SELECT COUNT(*) AS n FROM judgings WHERE status = 'done'`)[0].n;
    const child = w.start(['rejudge', '--contest', 'demo']);
    const doneItems = () => {
      try {
        return query<{ n: number }>(
          'SELECT COUNT(*) AS n FROM rejudge_items i JOIN rejudge_batches b ON b.id = i.batch_id WHERE b.status = ? AND i.done = 1',
          'open',
        )[0].n;
      } catch {
        return 0;
      }
    };
    await waitFor(() => doneItems() >= 3, 120_000, 'part of the rejudge');
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const partial = doneItems();
    expect(partial).toBeLessThan(21);

    const resumed = await json<RejudgeJson>(['rejudge', '--contest', 'demo']);
    expect(resumed.resumed).toBe(true);
    expect(resumed.selected).toBe(21);
    expect(resumed.judged).toBe(21);
    const items = query<{ done: number; new_judging_id: number | null }>('SELECT done, new_judging_id FROM rejudge_items WHERE batch_id = ?', resumed.batch);
    expect(items.every((i) => i.done === 1 && i.new_judging_id !== null)).toBe(true);
    // One finished judging per submission from this batch: none judged twice.
    const after = query<{ n: number }>(`SELECT COUNT(*) AS n FROM judgings WHERE status = 'done'`)[0].n;
    expect(after - before).toBe(21);
    expect(query<{ n: number }>(`SELECT COUNT(*) AS n FROM judgings WHERE status = 'running'`)[0].n).toBe(0);
    expect(query<{ status: string }>('SELECT status FROM rejudge_batches WHERE id = ?', resumed.batch)[0].status).toBe('done');
    expect(leftoverContainers()).toEqual([]);
  });

  it('rejects a bad manifest as a whole, storing nothing', async () => {
    const bad = path.join(w.dir, 'bad.csv');
    writeFileSync(bad, 'team,problem,time,file\nnobody,A,1,x.cpp\n');
    const r = await w.run(['import', contestFile, bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/team 'nobody'/);
    expect(r.stderr).toMatch(/no such file x\.cpp/);
    expect(query<{ n: number }>('SELECT COUNT(*) AS n FROM submissions')[0].n).toBe(21);
  });
});
