import Database from 'better-sqlite3';
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { engineControl } from '../helpers/engine.js';
import { CLI, waitFor, workspace, type CliResult } from '../helpers/zuko.js';

/**
 * Real faults during real batches: the Docker engine stopped and started again, a compile cache on
 * a full tmpfs, the database locked by another connection, a checker that segfaults. After each,
 * verdicts and scoreboard must equal the run without the fault, with nothing judged twice.
 */

const w = workspace();
const engine = engineControl();
afterEach(() => engine.ensureRunning());
afterAll(() => w.remove());

w.copy('problems');
const contestFile = path.join(w.copy('contests'), 'demo.yaml');
const manifest = path.resolve('submissions/demo/manifest.csv');
const dbs = { baseline: w.db, engineImport: path.join(w.dir, 'engine.db'), cacheFull: path.join(w.dir, 'cache.db'), locked: path.join(w.dir, 'locked.db') };

interface Launched {
  stderr(): string;
  done: Promise<CliResult>;
}

/** Starts the CLI on a database of its own; stderr can be watched while it runs. */
function launch(args: string[], db: string, env: Record<string, string> = {}): Launched {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ZUKO_DB: db, ZUKO_CACHE: w.cache, NO_COLOR: '1', ...env } });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (d: Buffer) => out.push(d));
  child.stderr.on('data', (d: Buffer) => err.push(d));
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() }));
  });
  return { stderr: () => Buffer.concat(err).toString(), done };
}

function query<T>(db: string, sql: string, ...params: unknown[]): T[] {
  const d = new Database(db, { readonly: true, timeout: 10_000 });
  try {
    return d.prepare(sql).all(...params) as T[];
  } finally {
    d.close();
  }
}

/** Current verdict per submission, keyed by what identifies it in any database. */
function verdicts(db: string): Record<string, string | null> {
  const rows = query<{ team_id: string; problem_id: string; contest_minutes: number; verdict: string | null }>(
    db,
    `SELECT s.team_id, s.problem_id, s.contest_minutes, j.verdict FROM submissions s
     LEFT JOIN judgings j ON j.id = s.current_judging_id ORDER BY s.id`,
  );
  return Object.fromEntries(rows.map((r) => [`${r.team_id}/${r.problem_id}/${r.contest_minutes}`, r.verdict]));
}

/** How many finished judgings each submission has: "judged once" is all ones. */
function doneCounts(db: string): number[] {
  return query<{ n: number }>(
    db,
    `SELECT COUNT(j.id) AS n FROM submissions s LEFT JOIN judgings j ON j.submission_id = s.id AND j.status = 'done' GROUP BY s.id ORDER BY s.id`,
  ).map((r) => r.n);
}

function failures(db: string): Array<{ failure_kind: string; failure_reason: string }> {
  return query(db, `SELECT failure_kind, failure_reason FROM judgings WHERE status = 'failed' ORDER BY id`);
}

function running(db: string): number {
  return query<{ n: number }>(db, `SELECT COUNT(*) AS n FROM judgings WHERE status = 'running'`)[0].n;
}

function countWhere(db: string, where: string): number {
  try {
    return query<{ n: number }>(db, `SELECT COUNT(*) AS n FROM judgings WHERE ${where}`)[0].n;
  } catch {
    // Not created yet.
    return 0;
  }
}

interface ClicsBoard {
  rows: Array<{
    team_id: string;
    rank: number;
    score: { num_solved: number; total_time: number };
    problems: Array<{ problem_id: string; num_judged: number; num_pending: number; solved: boolean }>;
  }>;
}

async function scoreboard(db: string): Promise<ClicsBoard['rows']> {
  const r = await launch(['scoreboard', contestFile, '--format', 'json', '--unfrozen'], db).done;
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as ClicsBoard).rows;
}

function ourContainers(): string {
  return execFileSync('docker', ['ps', '-a', '-q', '--filter', 'label=zuko-judge.owner']).toString().trim();
}

// Engine restarts and whole-contest imports on a loaded 2-core machine take minutes, not seconds.
describe('faults never become verdicts', { timeout: 360_000 }, () => {
  let baseline: Record<string, string | null>;
  let board: ClicsBoard['rows'];

  it('judges the demo contest without a fault, for comparison', async () => {
    const r = await launch(['import', contestFile, manifest, '--json'], dbs.baseline).done;
    expect(r.code, r.stderr).toBe(0);
    baseline = verdicts(dbs.baseline);
    expect(Object.keys(baseline)).toHaveLength(21);
    expect(Object.values(baseline)).not.toContain(null);
    board = await scoreboard(dbs.baseline);
  });

  it('waits out an engine restart in the middle of a rejudge', async () => {
    const rejudge = launch(['rejudge', '--contest', 'demo', '--json'], dbs.baseline);
    await waitFor(() => countWhere(dbs.baseline, `status = 'done'`) >= 23, 120_000, 'part of the rejudge');
    await engine.stop();
    await engine.start();
    const r = await rejudge.done;
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { judged: number; transitions: Record<string, number>; failed: unknown[]; stopped: string | null };
    expect(report).toMatchObject({ judged: 21, transitions: {}, failed: [], stopped: null });
    // Said once when it paused and once when it went on.
    expect(r.stderr.match(/judging paused: /g)).toHaveLength(1);
    expect(r.stderr.match(/judging resumed: back after /g)).toHaveLength(1);
    expect(verdicts(dbs.baseline)).toEqual(baseline);
    expect(await scoreboard(dbs.baseline)).toEqual(board);
    // One import and one rejudge judging each; what the outage hit is kept as failed history.
    expect(doneCounts(dbs.baseline)).toEqual(Array(21).fill(2));
    const failed = failures(dbs.baseline);
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((f) => f.failure_kind === 'infrastructure')).toBe(true);
    const hit = query<{ submission_id: number }>(dbs.baseline, `SELECT submission_id FROM judgings WHERE status = 'failed' LIMIT 1`)[0].submission_id;
    const { judgings: history } = JSON.parse((await launch(['results', String(hit), '--history', '--json'], dbs.baseline).done).stdout) as {
      judgings: Array<{ status: string; failure: string | null; verdict: string | null }>;
    };
    // The import's judging, what the outage hit, and the rejudge's judging: the first and last are the verdicts.
    expect([history[0].status, history.at(-1)!.status]).toEqual(['done', 'done']);
    expect(history.slice(1, -1).length).toBeGreaterThan(0);
    for (const h of history.slice(1, -1)) expect(h).toMatchObject({ status: 'failed', failure: 'infrastructure', verdict: null });
    expect(running(dbs.baseline)).toBe(0);
    expect(ourContainers()).toBe('');
  });

  it('stops an import after the outage limit with exit 75, and the same import finishes it', async () => {
    const first = launch(['import', contestFile, manifest, '--json'], dbs.engineImport, { ZUKO_OUTAGE_LIMIT: '2' });
    await waitFor(() => countWhere(dbs.engineImport, '1') >= 1, 120_000, 'the import to start judging');
    await engine.stop();
    const stopped = await first.done;
    expect(stopped.code, stopped.stderr).toBe(75);
    const report = JSON.parse(stopped.stdout) as { failed: Array<{ submission: number; failure: string; reason: string }>; stopped: string };
    expect(report.stopped).toMatch(/^gave up after waiting \d+\.\d s: Docker engine unreachable/);
    expect(report.failed.length).toBeGreaterThan(0);
    expect(report.failed.every((f) => f.failure === 'infrastructure')).toBe(true);
    expect(stopped.stderr).toMatch(/stopped: gave up after waiting .*; run the same command again/);
    expect(running(dbs.engineImport)).toBe(0);
    // Nothing it could not judge got a verdict.
    const partial = verdicts(dbs.engineImport);
    for (const f of report.failed) expect(Object.values(partial)[f.submission - 1]).toBeNull();
    // Its only judging failed: shown as failed, with why, and exit status 1.
    const unjudged = await launch(['results', String(report.failed[0].submission), '--json'], dbs.engineImport).done;
    expect(unjudged.code).toBe(1);
    expect(JSON.parse(unjudged.stdout)).toMatchObject({ status: 'failed', verdict: null, failure: { failure: 'infrastructure' } });

    await engine.start();
    const again = await launch(['import', contestFile, manifest, '--json'], dbs.engineImport).done;
    expect(again.code, again.stderr).toBe(0);
    expect(verdicts(dbs.engineImport)).toEqual(baseline);
    expect(await scoreboard(dbs.engineImport)).toEqual(board);
    expect(doneCounts(dbs.engineImport)).toEqual(Array(21).fill(1));
    expect(failures(dbs.engineImport).every((f) => f.failure_kind === 'infrastructure')).toBe(true);
  });

  it('waits while the compile cache is on a full disk', async () => {
    // Problem A's submissions only: every one of them compiles into the empty cache.
    const subset = path.join(w.dir, 'problem-a.csv');
    const lines = readFileSync(manifest, 'utf8').trim().split('\n');
    const rows = lines.slice(1).filter((l) => l.split(',')[1] === 'A');
    writeFileSync(subset, [lines[0], ...rows.map((l) => l.replace(/^([^,]*,[^,]*,[^,]*,)/, `$1${path.dirname(manifest)}/`))].join('\n'));
    const cache = path.join(w.dir, 'small-cache');
    mkdirSync(cache);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', cache]);
    try {
      const filler = path.join(cache, 'filler');
      fillUp(filler);
      const run = launch(['import', contestFile, subset, '--json'], dbs.cacheFull, { ZUKO_CACHE: cache });
      await waitFor(() => /judging paused: no space left on device/.test(run.stderr()), 120_000, 'the import to pause');
      rmSync(filler);
      const r = await run.done;
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/judging resumed: back after /);
      const onA = Object.fromEntries(Object.entries(baseline).filter(([k]) => k.includes('/sum/')));
      expect(Object.keys(onA)).toHaveLength(rows.length);
      expect(verdicts(dbs.cacheFull)).toEqual(onA);
      expect(doneCounts(dbs.cacheFull)).toEqual(Array(rows.length).fill(1));
      const failed = failures(dbs.cacheFull);
      expect(failed.length).toBeGreaterThan(0);
      expect(failed.every((f) => f.failure_kind === 'infrastructure' && /no space left on device/.test(f.failure_reason))).toBe(true);
    } finally {
      execFileSync('umount', [cache]);
    }
  });

  it('waits while another connection holds the database locked', async () => {
    const run = launch(['import', contestFile, manifest, '--json'], dbs.locked);
    await waitFor(() => countWhere(dbs.locked, `status = 'done'`) >= 1, 120_000, 'the import to judge something');
    const holder = new Database(dbs.locked, { timeout: 10_000 });
    holder.exec('BEGIN EXCLUSIVE');
    // Held until a write of the judge has waited out its busy timeout (5 s) and failed, however
    // long its judgings take to reach one: that must pause the judge, never fail a judging.
    await waitFor(() => /judging paused: database SQLITE_BUSY/.test(run.stderr()), 120_000, 'the judge to pause on the locked database');
    holder.exec('COMMIT');
    holder.close();
    const r = await run.done;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/judging paused: database SQLITE_BUSY/);
    expect(r.stderr).toMatch(/judging resumed: back after /);
    expect(verdicts(dbs.locked)).toEqual(baseline);
    expect(await scoreboard(dbs.locked)).toEqual(board);
    expect(doneCounts(dbs.locked)).toEqual(Array(21).fill(1));
    expect(running(dbs.locked)).toBe(0);
  });

  it('makes a segfaulting checker a judge error, pending on the scoreboard until fixed and rejudged', async () => {
    const sum = path.join(w.dir, 'problems/sum');
    const yaml = path.join(sum, 'problem.yaml');
    const original = readFileSync(yaml, 'utf8');
    writeFileSync(yaml, original.replace('validation: default', 'validation: custom'));
    mkdirSync(path.join(sum, 'output_validators/crash'), { recursive: true });
    writeFileSync(path.join(sum, 'output_validators/crash/crash.c'), 'int main(void) { volatile int *p = 0; *p = 1; return 42; }\n');

    const broken = await launch(['rejudge', '--contest', 'demo', '--problem', 'sum', '--json'], dbs.baseline).done;
    expect(broken.code, broken.stderr).toBe(0);
    const now = verdicts(dbs.baseline);
    for (const [key, verdict] of Object.entries(baseline)) {
      if (!key.includes('/sum/')) expect(now[key]).toBe(verdict);
      // Every output that reached the checker is a JE; a program that never got there keeps its verdict.
      else if (verdict === 'AC' || verdict === 'WA') expect(now[key]).toBe('JE');
      else expect([verdict, 'JE']).toContain(now[key]);
    }
    expect(Object.values(now).filter((v) => v === 'JE').length).toBeGreaterThan(0);
    const jeBoard = await scoreboard(dbs.baseline);
    for (const row of jeBoard) {
      const onA = Object.entries(now).filter(([k]) => k.startsWith(`${row.team_id}/sum/`));
      const cellA = row.problems.find((p) => p.problem_id === 'A')!;
      expect(cellA.solved).toBe(false);
      expect(cellA.num_pending).toBe(onA.filter(([, v]) => v === 'JE').length);
      expect(cellA.num_judged).toBe(onA.filter(([, v]) => v !== 'JE' && v !== 'CE').length);
    }

    writeFileSync(yaml, original);
    rmSync(path.join(sum, 'output_validators'), { recursive: true });
    const fixed = await launch(['rejudge', '--contest', 'demo', '--verdict', 'JE', '--json'], dbs.baseline).done;
    expect(fixed.code, fixed.stderr).toBe(0);
    expect(verdicts(dbs.baseline)).toEqual(baseline);
    expect(await scoreboard(dbs.baseline)).toEqual(board);
  });
});

/** Writes until the file system is full. */
function fillUp(file: string): void {
  const chunk = Buffer.alloc(1 << 20);
  const fd = openSync(file, 'w');
  try {
    for (;;) writeSync(fd, chunk);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  } finally {
    closeSync(fd);
  }
}
