import Database from 'better-sqlite3';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { report } from '../helpers/report.js';
import { workspace, type CliResult } from '../helpers/zuko.js';

/**
 * The command line as an admin meets it: exit statuses, one-line messages, tables on stdout and
 * progress on stderr, and every --json report checked against its schema file. A tiny package
 * (two tests) keeps the judging part to seconds.
 */

const w = workspace();
afterAll(() => w.remove());

/** A bad-input exit: status 2 and one line on stderr, saying what. */
function refused(r: CliResult, what: RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trimEnd().split('\n');
  for (const line of lines) expect(line).toMatch(/^zuko-judge: /);
  expect(r.stderr).toMatch(what);
}

const root = w.dir;
const problem = path.join(root, 'problems', 'echo');
const contest = path.join(root, 'contests', 'mini.yaml');

function write(rel: string, text: string): string {
  const file = path.join(root, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

beforeAll(() => {
  write('problems/echo/problem.yaml', 'name: Echo\nlimits:\n  time_limit: 1\n');
  write('problems/echo/data/sample/1.in', '3\n');
  write('problems/echo/data/sample/1.ans', '3\n');
  write('problems/echo/data/secret/1.in', '7\n');
  write('problems/echo/data/secret/1.ans', '7\n');
  write('problems/echo/submissions/accepted/echo.py', 'print(input())\n');
  write('problems/echo/submissions/wrong_answer/zero.py', 'print(0)\n');
  write(
    'contests/mini.yaml',
    `id: mini\nname: Mini\nstart: 2026-11-21T10:00:00Z\nduration: 5h\nproblems:\n  - { label: A, path: ../problems/echo }\nteams:\n  - { id: t1, name: One }\n  - { id: t2, name: Two }\n`,
  );
  write('subs/ok.py', 'print(input())\n');
  write('subs/zero.py', 'print(0)\n');
  write('subs/empty.py', '');
  write('subs/noext', 'print(1)\n');
  mkdirSync(path.join(root, 'subs/folder'), { recursive: true });
  // Enough errors that the compiler's output runs past what a terminal is shown.
  write('subs/broken.cpp', Array.from({ length: 40 }, (_, i) => `int f${i}() { return undefined_${i}; }`).join('\n'));
  write('subs/manifest.csv', 'team,problem,time,file\nt1,A,10,ok.py\nt2,A,20,zero.py\n');
});

describe('usage', () => {
  it('prints help and exits 0 when a command is given nothing', async () => {
    for (const args of [[], ['submit'], ['problem', 'check']]) {
      const r = await w.run(args, root);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stdout).toMatch(/^Usage: zuko-judge/);
    }
  });

  it('exits 2 with one line for every usage error commander finds', async () => {
    refused(await w.run(['submit', 'echo'], root), /missing required argument 'source'/);
    refused(await w.run(['run', 'a.py', '--time-limit', 'soon'], root), /--time-limit must be a positive number/);
    refused(await w.run(['frobnicate'], root), /unknown command 'frobnicate'/);
    refused(await w.run(['results', '1', '--colour'], root), /unknown option '--colour'/);
  });

  it('prints its version, the engine and the images', async () => {
    const r = await w.run(['--version'], root);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^zuko-judge \d+\.\d+\.\d+\nengine: Docker /);
    expect(r.stdout).toMatch(/\ngcc +zuko-judge\/gcc:[0-9a-f]{16} +built/);
  });
});

describe('bad input is one line per problem and exit 2', () => {
  it('refuses filters that select nothing, and a rejudge of everything without --all', async () => {
    refused(await w.run(['rejudge'], root), /--all for every submission/);
    refused(await w.run(['rejudge', '--contest', 'nowhere'], root), /--contest: unknown contest 'nowhere'/);
    refused(await w.run(['rejudge', '--contest', contest], root), /contest mini .* has no submissions/);
    refused(await w.run(['rejudge', '--submission', '999'], root), /--submission: no submission 999/);
    refused(await w.run(['rejudge', '--all', '--problem', 'echo'], root), /--all selects every submission/);
    refused(await w.run(['results', '999'], root), /no submission 999/);
  });

  it('says what is wrong with a source before starting anything', async () => {
    refused(await w.run(['submit', problem, 'subs/empty.py'], root), /subs\/empty\.py: is empty/);
    refused(await w.run(['submit', problem, 'subs/noext'], root), /subs\/noext: has no extension .* pass --lang/);
    refused(await w.run(['submit', problem, 'subs/folder'], root), /subs\/folder: no files in it/);
    refused(await w.run(['run', 'subs/folder'], root), /subs\/folder: is a directory/);
  });

  it('names the manifest line of a bad row, and refuses times outside the contest, storing nothing', async () => {
    const bad = write('subs/bad.csv', 'team,problem,time,file\nt1,A,10,ok.py\nt1,A,11,empty.py\nt2,A,400,ok.py\nt2,A,-3,zero.py\n');
    const r = await w.run(['import', contest, bad], root);
    refused(r, /bad\.csv: line 4: time is 100 min after the end of contest mini/);
    expect(r.stderr).toMatch(/bad\.csv: line 5: time is 3 min before the start/);
    expect(r.stderr).toMatch(/2 of 4 submissions are outside the contest .*--clamp/);
    expect(r.stderr).toMatch(/bad\.csv: line 3: .*empty\.py: is empty/);
    const withClamp = await w.run(['import', contest, bad, '--clamp'], root);
    refused(withClamp, /bad\.csv: line 3: .*empty\.py: is empty/);
    expect(withClamp.stderr.trimEnd().split('\n')).toHaveLength(1);
    const db = new Database(w.db, { readonly: true });
    expect(db.prepare('SELECT COUNT(*) AS n FROM submissions').get()).toEqual({ n: 0 });
    db.close();
  });

  it('writes nothing for --out into a missing folder', async () => {
    refused(await w.run(['scoreboard', contest, '--out', path.join(root, 'no/such/board.html')], root), /--out: .*no\/such: no such folder/);
  });
});

describe('judging, with every report checked against its schema', () => {
  let imported: { submissions: Array<{ submission: number; problem: string; problem_label: string; verdict: string }> };

  it('imports a contest: labels and ids in the report, the table on stdout, progress on stderr', async () => {
    const r = await w.run(['import', contest, 'subs/manifest.csv', '--json'], root);
    expect(r.code, r.stderr).toBe(0);
    imported = report(r, 'import');
    expect(imported.submissions.map((s) => [s.problem, s.problem_label, s.verdict])).toEqual([
      ['echo', 'A', 'AC'],
      ['echo', 'A', 'WA'],
    ]);
    expect(r.stderr).toMatch(/import mini: 2\/2 submissions, AC 1 WA 1/);
    const again = await w.run(['import', contest, 'subs/manifest.csv'], root);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^id +team +problem +minute/);
    expect(again.stdout).toMatch(/2 submissions: AC 1 WA 1/);
  });

  it('submits with --contest, a label and --time; the live tally ends as the table counts', async () => {
    const r = await w.run(['submit', 'A', 'subs/zero.py', '--contest', contest, '--team', 't1', '--time', '1:00:00'], root);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^test +group +verdict/);
    expect(r.stdout).toMatch(/: WA +score 0\/100/);
    expect(r.stderr.trimEnd().split('\n').at(-1)).toMatch(/^echo: 2\/2 tests, WA 1 SK 1, /);
    refused(await w.run(['submit', 'A', 'subs/ok.py', '--contest', contest, '--team', 't1', '--time', '6h'], root), /--time 6h is 60 min after the end/);
    refused(await w.run(['submit', 'Z', 'subs/ok.py', '--contest', contest, '--team', 't1'], root), /mini\.yaml: problems: has no problem 'Z'/);
  });

  it('shows a compile error trimmed on the terminal and whole in --json', async () => {
    const r = await w.run(['submit', problem, 'subs/broken.cpp'], root);
    expect(r.code, r.stderr).toBe(0);
    const id = /submission (\d+), judging/.exec(r.stdout)![1];
    expect(r.stdout).toMatch(new RegExp(`more line\\(s\\); the whole output: zuko-judge results ${id} --json`));
    const full = report<{ compile: { output: string }; verdict: string; status: string }>(await w.run(['results', id, '--json'], root), 'judging');
    expect([full.status, full.verdict]).toEqual(['done', 'CE']);
    expect(full.compile.output.split('\n').length).toBeGreaterThan(25);
  });

  it('reads a judging back, and the history with the current one marked and why a later one failed', async () => {
    const first = imported.submissions[0].submission;
    const done = report<{ status: string; problem_label: string; later_failures: unknown[] }>(
      await w.run(['results', String(first), '--json'], root),
      'judging',
    );
    expect([done.status, done.problem_label, done.later_failures]).toEqual(['done', 'A', []]);
    // A later judging that the infrastructure failed: the done one stays current.
    const db = new Database(w.db);
    db.prepare(
      `INSERT INTO judgings (submission_id, started_at, status, package_hash, judge_version, image_ids) VALUES (?, '2026-11-21T11:00:00Z', 'failed', 'h', '0', '{}')`,
    ).run(first);
    db.prepare(`UPDATE judgings SET failure_kind = 'infrastructure', failure_reason = 'engine restarting' WHERE id = last_insert_rowid()`).run();
    db.close();
    const history = await w.run(['results', String(first), '--history'], root);
    expect(history.stdout).toMatch(/^\* +\d+ .* done +AC/m);
    expect(history.stdout).toMatch(/failed \(infrastructure\) .*engine restarting/);
    const json = report<{ current_judging: number; judgings: Array<{ current: boolean }> }>(
      await w.run(['results', String(first), '--history', '--json'], root),
      'history',
    );
    expect(json.judgings.map((j) => j.current)).toEqual([true, false]);
    const later = report<{ later_failures: Array<{ reason: string }> }>(await w.run(['results', String(first), '--json'], root), 'judging');
    expect(later.later_failures.map((f) => f.reason)).toEqual(['engine restarting']);
  });

  it('rejudges by contest path and label, reporting the selection', async () => {
    const r = await w.run(['rejudge', '--contest', contest, '--problem', 'A', '--json'], root);
    expect(r.code, r.stderr).toBe(0);
    const json = report<{ selection: { contest: string; problems: string[] }; selected: number; judged: number }>(r, 'rejudge');
    expect(json.selection).toMatchObject({ contest: 'mini', problems: ['echo'] });
    expect([json.selected, json.judged]).toEqual([3, 3]);
    refused(await w.run(['rejudge', '--contest', contest, '--problem', 'B'], root), /has no problem 'B'/);
    const nothing = report<{ batch: number | null }>(await w.run(['rejudge', '--contest', 'mini', '--changed-only', '--json'], root), 'rejudge');
    expect(nothing.batch).toBeNull();
  });

  it('checks a package, runs a program and lists languages, as the schemas say', async () => {
    const check = await w.run(['problem', 'check', problem, '--json'], root);
    expect(check.code, check.stderr).toBe(0);
    expect(report<{ problems: unknown[] }>(check, 'check').problems).toHaveLength(1);
    expect(check.stderr).toMatch(/check echo: 2\/2 submissions/);
    const run = await w.run(['run', 'subs/ok.py', '--stdin', path.join(problem, 'data/secret/1.in'), '--json'], root);
    expect(report<{ stdout: string }>(run, 'run').stdout).toBe('7\n');
    const languages = await w.run(['languages', '--json'], root);
    expect(report<{ languages: Array<{ id: string }> }>(languages, 'languages').languages.map((l) => l.id)).toContain('cpp');
  });
});
