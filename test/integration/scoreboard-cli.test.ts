import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import type { Verdict } from '../../src/verdict/verdict.js';
import { clicsViolations } from '../helpers/clics.js';
import { workspace } from '../helpers/zuko.js';

/**
 * `zuko-judge scoreboard` on a real database of stored judgings (no judging needed: the board
 * only reads), for the IOI demo contest and a contest whose problem path does not load.
 */
const w = workspace();
afterAll(() => w.remove());

const contests = w.copy('contests');
const problems = w.copy('problems');
const contestFile = path.join(contests, 'demo-ioi.yaml');

/** Stores a judged submission of the demo-ioi contest (A = subtasks, B = sum; both award 100). */
async function judged(team: string, problem: 'A' | 'B', minutes: number, verdict: Verdict, score: number): Promise<void> {
  const store = await openStore(w.db);
  try {
    const dir = path.join(problems, problem === 'A' ? 'subtasks' : 'sum');
    const { id } = await store.addSubmission({
      source: Buffer.from(`// ${team} ${problem} ${minutes}\n`),
      fileName: 'main.cpp',
      language: 'cpp',
      problemId: path.basename(dir),
      problemDir: dir,
      team,
      contest: 'demo-ioi',
      submittedAt: new Date(Date.parse('2026-11-22T09:00:00Z') + minutes * 60_000),
      contestMinutes: minutes,
    });
    const judging = await store.startJudging(id, { packageHash: 'x', judgeVersion: 'test', imageIds: {} });
    await store.finishJudging(judging, { verdict, score, maxScore: 100, timeMs: 1, memoryKb: 1, compileOk: true, compileOutput: '' });
  } finally {
    await store.close();
  }
}

interface Board {
  rows: Array<{ team_id: string; score: { score: number }; problems: Array<Record<string, unknown>> }>;
}

describe('scoreboard of a scoring contest', () => {
  it('prints CLICS JSON that validates, with a partial score never solved or first', async () => {
    await judged('t1', 'A', 10, 'AC', 40);
    await judged('t2', 'A', 20, 'WA', 100);
    await judged('t3', 'B', 30, 'AC', 100);
    const r = await w.run(['scoreboard', contestFile, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const board = JSON.parse(r.stdout) as Board;
    expect(clicsViolations(board)).toEqual([]);
    const cell = (team: string, label: string) => board.rows.find((row) => row.team_id === team)?.problems.find((p) => p.problem_id === label);
    expect(cell('t1', 'A')).toEqual({ problem_id: 'A', num_judged: 1, num_pending: 0, score: 40, time: 10, first_to_solve: false });
    expect(cell('t2', 'A')).toMatchObject({ score: 100, time: 20, first_to_solve: true });
    expect(cell('t3', 'B')).toMatchObject({ score: 100, first_to_solve: true });
    for (const row of board.rows) for (const p of row.problems) expect(p).not.toHaveProperty('solved');
  });

  it('shows each problem out of what its package awards', async () => {
    const html = await w.run(['scoreboard', contestFile, '--format', 'html']);
    expect(html.code, html.stderr).toBe(0);
    expect(html.stdout.match(/<span class="sub">100<\/span>/g)).toHaveLength(2);
  });
});

describe('scoreboard of a contest whose problem does not load', () => {
  it('fails with one line naming the contest file and the problem path, not an empty column', async () => {
    const broken = path.join(contests, 'broken.yaml');
    writeFileSync(
      broken,
      'id: broken\nname: Broken\nstart: 2026-11-22T09:00:00Z\nduration: 5h\nscoring: ioi\nproblems:\n  - { label: A, path: ../problems/sum }\n  - { label: B, path: ../problems/nowhere }\nteams:\n  - { id: t1, name: Ada }\n',
    );
    const r = await w.run(['scoreboard', broken, '--format', 'json']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/broken\.yaml: problems\.1\.path: the package of problem B does not load \(.*nowhere: no such problem package directory\)/);
  });
});
