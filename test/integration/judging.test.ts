import Database from 'better-sqlite3';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProblem } from '../../src/problem/load.js';
import { leftoverContainers, waitFor, workspace } from '../helpers/zuko.js';

const w = workspace();
afterAll(() => w.remove());

const SUM = 'problems/sum/submissions';

interface TestJson {
  name: string;
  group: string;
  verdict: string;
  time_ms: number;
  wall_ms: number;
  memory_kb: number;
  score: number;
  message: string;
}
interface JudgingJson {
  submission: number;
  judging: number;
  problem: string;
  language: string;
  verdict: string;
  score: number;
  max_score: number;
  time_ms: number;
  memory_kb: number;
  compile: { ok: boolean; output: string };
  tests: TestJson[];
}

async function submit(problem: string, file: string, extra: string[] = []): Promise<JudgingJson> {
  const r = await w.run(['submit', problem, file, '--json', ...extra]);
  expect(r.code, r.stderr).toBe(0);
  // Nothing but the one JSON object on stdout.
  return JSON.parse(r.stdout) as JudgingJson;
}

function db() {
  return new Database(w.db, { readonly: true });
}

describe('submit', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['accepted/sum.cpp', 'AC', /^$/],
    ['wrong_answer/difference.cpp', 'WA', /expected/],
    ['time_limit_exceeded/busy_loop.cpp', 'TLE', /CPU time|wall time/],
    ['run_time_error/null_deref.cpp', 'RTE', /SIGSEGV/],
    ['run_time_error/exit_code.c', 'RTE', /exit code 3/],
    ['memory_limit_exceeded/touch_1gib.cpp', 'MLE', /memory/],
    ['output_limit_exceeded/print_forever.cpp', 'OLE', /bytes/],
  ];
  for (const [file, verdict, message] of cases) {
    it(`judges ${file} as ${verdict}`, async () => {
      const j = await submit('sum', path.join(SUM, file));
      expect(j.verdict).toBe(verdict);
      expect(j.problem).toBe('sum');
      expect(j.compile.ok).toBe(true);
      expect(j.max_score).toBe(100);
      expect(j.score).toBe(verdict === 'AC' ? 100 : 0);
      expect(j.tests).toHaveLength(14);
      const first = j.tests.findIndex((t) => t.verdict !== 'AC');
      if (verdict === 'AC') {
        expect(first).toBe(-1);
      } else {
        expect(j.tests[first].verdict).toBe(verdict);
        expect(j.tests[first].message).toMatch(message);
        // Pass-fail: everything after the first rejection is skipped.
        expect(j.tests.slice(first + 1).every((t) => t.verdict === 'SK')).toBe(true);
      }
      for (const t of j.tests) {
        expect(Object.keys(t).sort()).toEqual(['group', 'memory_kb', 'message', 'name', 'score', 'time_ms', 'verdict', 'wall_ms']);
        expect(typeof t.time_ms).toBe('number');
      }
      expect(j.time_ms).toBe(Math.max(...j.tests.map((t) => t.time_ms)));
    });
  }

  it('reports a compile error with the compiler output and no tests', async () => {
    const bad = path.join(w.dir, 'broken.cpp');
    writeFileSync(bad, 'int main() { return undeclared; }\n');
    const j = await submit('sum', bad);
    expect(j.verdict).toBe('CE');
    expect(j.compile.ok).toBe(false);
    expect(j.compile.output).toMatch(/undeclared/);
    expect(j.tests).toEqual([]);
  });

  it('judges binary junk as a compile error, not a judge failure', async () => {
    const junk = path.join(w.dir, 'junk.cpp');
    writeFileSync(junk, Buffer.from([0, 255, 1, 254, 0, 0, 7, 200]));
    expect((await submit('sum', junk)).verdict).toBe('CE');
  });

  it('scores subtasks: full, partial with TLE, partial with WA', async () => {
    const sub = 'problems/subtasks/submissions';
    const full = await submit('subtasks', `${sub}/accepted/kadane.cpp`);
    expect([full.verdict, full.score, full.max_score]).toEqual(['AC', 100, 100]);
    const quadratic = await submit('subtasks', `${sub}/partially_accepted/quadratic.cpp`);
    expect([quadratic.verdict, quadratic.score]).toEqual(['TLE', 50]);
    expect(quadratic.tests.filter((t) => t.group === 'secret/g3').map((t) => t.verdict)).toContain('TLE');
    const totalOnly = await submit('subtasks', `${sub}/partially_accepted/total_only.cpp`);
    expect([totalOnly.verdict, totalOnly.score]).toEqual(['WA', 20]);
  });

  it('compiles an identical source once and judges it the same way again', async () => {
    const entries = () => readdirSync(path.join(w.cache, 'compile')).length;
    const file = path.join(SUM, 'accepted/sum.c');
    const first = await submit('sum', file);
    const before = entries();
    const second = await submit('sum', file);
    expect(entries()).toBe(before);
    expect(second.submission).not.toBe(first.submission);
    expect(second.tests.map((t) => t.verdict)).toEqual(first.tests.map((t) => t.verdict));
  });

  it('stores the submission, a done judging with the package hash, and every test result', async () => {
    const file = path.join(SUM, 'accepted/sum.py');
    const j = await submit('sum', file);
    const d = db();
    try {
      const s = d.prepare('SELECT * FROM submissions WHERE id = ?').get(j.submission) as Record<string, unknown>;
      expect(Buffer.compare(s.source as Buffer, readFileSync(file))).toBe(0);
      expect(s.language).toBe('python');
      expect(s.current_judging_id).toBe(j.judging);
      const judging = d.prepare('SELECT * FROM judgings WHERE id = ?').get(j.judging) as Record<string, unknown>;
      expect(judging.status).toBe('done');
      expect(judging.verdict).toBe('AC');
      expect(judging.package_hash).toBe(loadProblem('problems/sum').hash);
      const count = d.prepare('SELECT COUNT(*) AS n FROM test_results WHERE judging_id = ?').get(j.judging) as { n: number };
      expect(count.n).toBe(14);
    } finally {
      d.close();
    }
  });

  it('results shows the stored judging as submit did, and --history lists it', async () => {
    const j = await submit('sum', path.join(SUM, 'wrong_answer/int_overflow.c'));
    const r = await w.run(['results', String(j.submission), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const stored = JSON.parse(r.stdout) as JudgingJson;
    expect(stored).toEqual(j);
    const h = await w.run(['results', String(j.submission), '--history', '--json']);
    const history = JSON.parse(h.stdout) as { current_judging: number; judgings: Array<{ judging: number; status: string }> };
    expect(history.judgings.map((x) => [x.judging, x.status])).toEqual([[j.judging, 'done']]);
    expect(history.current_judging).toBe(j.judging);
  });
});

describe('bad input', () => {
  const noneRunning = () => {
    // Input rejected before anything is stored may leave no database at all.
    if (!existsSync(w.db)) return 0;
    const d = db();
    try {
      return (d.prepare(`SELECT COUNT(*) AS n FROM judgings WHERE status = 'running'`).get() as { n: number }).n;
    } finally {
      d.close();
    }
  };

  it('fails with one line and exit 2, storing nothing half-done', async () => {
    const foo = path.join(w.dir, 'x.foo');
    writeFileSync(foo, 'hello');
    const big = path.join(w.dir, 'big.cpp');
    writeFileSync(big, `// ${'x'.repeat(300 * 1024)}\nint main(){}\n`);
    const runs = [
      [['submit', 'sum', foo], /cannot tell the language.*known: .*cpp/],
      [['submit', 'sum', big], /big\.cpp.*KiB.*limit/],
      [['submit', 'sum', path.join(w.dir, 'missing.cpp')], /missing\.cpp: no such file/],
      [['submit', 'no-such-problem', path.join(SUM, 'accepted/sum.cpp')], /unknown problem 'no-such-problem'/],
    ] as const;
    for (const [args, message] of runs) {
      const r = await w.run([...args]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    }
    expect(noneRunning()).toBe(0);
  });
});

describe('a judge killed mid-run', () => {
  it('leaves the judging running and unfinished; the next judging command fails it and judges it again', async () => {
    const slow = path.join(w.dir, 'slow.cpp');
    // Right answers, slowly: sleeping costs no CPU, so every test passes, the judging just takes a while.
    writeFileSync(slow, '#include <cstdio>\n#include <unistd.h>\nint main(){long long a,b;scanf("%lld %lld",&a,&b);usleep(700000);printf("%lld\\n",a+b);}\n');
    const child = w.start(['submit', 'sum', slow]);
    const runningId = (): number | null => {
      try {
        const d = db();
        try {
          const row = d.prepare(`SELECT submission_id FROM judgings WHERE status = 'running'`).get() as { submission_id: number } | undefined;
          const results = d.prepare(`SELECT COUNT(*) AS n FROM test_results`).get() as { n: number };
          return row && results ? row.submission_id : null;
        } finally {
          d.close();
        }
      } catch {
        return null;
      }
    };
    await waitFor(() => runningId() !== null, 60_000, 'a running judging');
    await new Promise((r) => setTimeout(r, 1500));
    const id = runningId()!;
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));

    const d = db();
    const current = d.prepare('SELECT current_judging_id AS c FROM submissions WHERE id = ?').get(id) as { c: number | null };
    d.close();
    expect(current.c).toBeNull();
    const r = await w.run(['results', String(id)]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/judging \d+ is running \(or was left running by a killed judge/);
    const unfinished = JSON.parse((await w.run(['results', String(id), '--json'])).stdout) as { status: string; verdict: null; tests: unknown[] };
    expect(unfinished).toMatchObject({ status: 'judging', verdict: null, tests: [] });

    await submit('sum', path.join(SUM, 'accepted/sum.c'));
    const after = db();
    try {
      const statuses = after.prepare('SELECT status FROM judgings WHERE submission_id = ? ORDER BY id').all(id) as Array<{ status: string }>;
      expect(statuses.map((s) => s.status)).toEqual(['failed', 'done']);
      const sub = after.prepare('SELECT current_judging_id AS c FROM submissions WHERE id = ?').get(id) as { c: number | null };
      expect(sub.c).not.toBeNull();
    } finally {
      after.close();
    }
    expect(leftoverContainers()).toEqual([]);
  });
});

describe('problem check', () => {
  it('agrees with every bundled problem and its example submissions', async () => {
    const r = await w.run(['problem', 'check', 'sum', 'circle', 'anagram', 'subtasks', 'pairsum', '--json']);
    const results = (
      JSON.parse(r.stdout) as {
        problems: Array<{ problem: string; ok: boolean; issues: string[]; submissions: Array<{ file: string; ok: boolean; reason: string }> }>;
      }
    ).problems;
    const wrong = results.flatMap((p) => [...p.issues, ...p.submissions.filter((s) => !s.ok).map((s) => `${p.problem}/${s.file}: ${s.reason}`)]);
    expect(wrong).toEqual([]);
    expect(results.map((p) => p.problem)).toEqual(['sum', 'circle', 'anagram', 'subtasks', 'pairsum']);
    expect(r.code).toBe(0);
  });

  it('derives a missing time limit from the accepted submissions, keeps it in the database and writes nothing into the package', async () => {
    const dir = w.copy('problems/circle');
    const yaml = readFileSync(path.join(dir, 'problem.yaml'), 'utf8').replace(/\n\s*time_limit:.*\n/, '\n');
    writeFileSync(path.join(dir, 'problem.yaml'), yaml);
    const r = await w.run(['problem', 'check', dir, '--json']);
    const result = (JSON.parse(r.stdout) as { problems: Array<{ ok: boolean; time_limit_ms: number; time_limit_source: string }> }).problems[0];
    expect(result.time_limit_source).toBe('derived');
    expect(result.time_limit_ms).toBeGreaterThan(0);
    expect(existsSync(path.join(dir, '.timelimit'))).toBe(false);
    const stored = db().prepare('SELECT time_limit_ms FROM derived_time_limits').all() as Array<{ time_limit_ms: number }>;
    expect(stored.map((row) => row.time_limit_ms)).toEqual([result.time_limit_ms]);
    expect(r.code).toBe(0);
  });

  it('lists every problem of a broken package and exits 1', async () => {
    const dir = w.copy('problems/sum');
    writeFileSync(path.join(dir, 'problem.yaml'), 'name: Sum\nflavour: salty\nlimits:\n  memory: lots\n');
    writeFileSync(path.join(dir, 'data/secret/99-orphan.in'), '1 2\n');
    const r = await w.run(['problem', 'check', dir, '--json']);
    const result = (JSON.parse(r.stdout) as { problems: Array<{ ok: boolean; issues: string[] }> }).problems[0];
    expect(result.ok).toBe(false);
    expect(result.issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/flavour/),
        expect.stringMatching(/limits\.memory/),
        expect.stringMatching(/99-orphan\.in: has no answer file/),
      ]),
    );
    expect(r.code).toBe(1);
  });
});
