import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { clicsViolations } from '../helpers/clics.js';
import { workspace } from '../helpers/zuko.js';
import { call, metricSum, startServer, type RunningServer } from '../helpers/serve.js';

const ws = workspace();
const servers: RunningServer[] = [];
const KEY = { 'X-Auth-Token': 'judge-key' };
const CONFIG = {
  api_keys: [{ name: 'judges', sha256: createHash('sha256').update('judge-key').digest('hex') }],
  rate: { global: { max: 10_000, window_s: 60 }, per_ip: { max: 10_000, window_s: 60 }, per_key: { max: 10_000, window_s: 60 } },
};
const ENV = { ZUKO_CPUS: '0', ZUKO_PROBLEMS: path.resolve('problems') };
// About half a second of CPU, so the queue is still busy when the server is killed.
const BUSY = 'import time\nt = time.process_time()\nwhile time.process_time() - t < 0.5: pass\nprint("done")';

/** A contest running now, 250 minutes in: past its freeze at 240, so new results are hidden from the public. */
function liveContest(): void {
  mkdirSync(path.join(ws.dir, 'contests'), { recursive: true });
  const start = new Date(Date.now() - 250 * 60_000).toISOString();
  const problem = path.resolve('problems/sum');
  writeFileSync(
    path.join(ws.dir, 'contests', 'live.yaml'),
    `name: Live\nstart: ${start}\nduration: 5h\nfreeze: 4h\nproblems:\n  - { label: A, path: ${problem} }\nteams:\n  - { id: t1, name: One }\n  - { id: t2, name: Two }\n`,
  );
}

async function start(): Promise<RunningServer> {
  liveContest();
  const s = await startServer(ws, CONFIG, ENV, ws.dir);
  servers.push(s);
  return s;
}

afterAll(async () => {
  for (const s of servers) if (s.child.exitCode === null) await s.stop();
  ws.remove();
});

async function until<T>(what: string, fn: () => Promise<T | null>, ms = 120_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await fn();
    if (value !== null) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Stored jobs of a kind by status, read straight from the database file. */
function storedJobs(kind: string): { done: number; queued: number } {
  const db = new Database(ws.db, { readonly: true });
  try {
    const rows = db.prepare(`SELECT status, count(*) AS n FROM serve_jobs WHERE kind = ? GROUP BY status`).all(kind) as Array<{ status: string; n: number }>;
    return { done: rows.find((r) => r.status === 'done')?.n ?? 0, queued: rows.find((r) => r.status === 'queued')?.n ?? 0 };
  } finally {
    db.close();
  }
}

describe('serve: asynchronous work survives a killed server', () => {
  it('answers every Judge0 token and judges every submission after a restart, running nothing twice', async () => {
    let server = await start();
    const sumPy = readFileSync(path.resolve('problems/sum/submissions/accepted/sum.py'), 'utf8');
    const noKey = await call(`${server.url}/api/v1/problems/sum/submissions`, 'POST', { language: 'python', source: sumPy });
    expect(noKey.status).toBe(401);

    const batch = await call(`${server.url}/submissions/batch`, 'POST', {
      submissions: Array.from({ length: 5 }, () => ({ language_id: 71, source_code: BUSY })),
    });
    expect(batch.status).toBe(201);
    const tokens: string[] = batch.json.map((t: { token: string }) => t.token);
    const judged = await call(`${server.url}/api/v1/problems/sum/submissions`, 'POST', { language: 'python', source: sumPy }, KEY);
    expect(judged.status).toBe(201);
    const id: number = judged.json.id;

    await until('a first token to finish', async () => {
      const shown = await call(`${server.url}/submissions/batch?tokens=${tokens.join(',')}&fields=status_id`, 'GET');
      return shown.json.submissions.some((s: { status_id: number }) => s.status_id > 2) ? true : null;
    });
    await server.kill();
    const atKill = storedJobs('judge0');
    expect(atKill.done).toBeGreaterThanOrEqual(1);
    expect(atKill.queued).toBeGreaterThanOrEqual(2);

    server = await start();
    expect(server.log()).toMatch(/resuming \d+ queued job\(s\)/);
    const finished = await until('every token', async () => {
      const shown = await call(`${server.url}/submissions/batch?tokens=${tokens.join(',')}&fields=status,stdout`, 'GET');
      return shown.json.submissions.every((s: { status: { id: number } }) => s.status.id > 2) ? shown.json.submissions : null;
    });
    expect(finished).toEqual(tokens.map(() => ({ status: { id: 3, description: 'Accepted' }, stdout: 'done\n' })));

    const result = await until('the judging', async () => {
      const r = await call(`${server.url}/api/v1/submissions/${id}`, 'GET', undefined, KEY);
      return r.json.verdict ? r.json : null;
    });
    expect(result).toMatchObject({ submission: id, problem: 'sum', language: 'python', verdict: 'AC', score: 100, compile: { ok: true } });
    expect(result.tests.length).toBeGreaterThan(2);

    // Only the jobs without a stored result ran again: the restarted server executed the queued
    // Judge0 jobs and nothing more.
    const metrics = (await call(`${server.url}/metrics`, 'GET')).json as string;
    expect(metricSum(metrics, 'zuko_executions_total', { language: 'python' })).toBe(atKill.queued);
    expect(storedJobs('judge0')).toEqual({ done: 5, queued: 0 });
    expect(storedJobs('judging')).toEqual({ done: 1, queued: 0 });
  });

  it('shows live progress, and the CLICS scoreboard: frozen for all, unfrozen for key holders', async () => {
    const server = servers.at(-1)!;
    const sumCpp = readFileSync(path.resolve('problems/sum/submissions/accepted/sum.cpp'), 'utf8');
    const posted = await call(`${server.url}/api/v1/problems/A/submissions`, 'POST', { language: 'cpp', source: sumCpp, contest: 'live', team: 't2' }, KEY);
    expect(posted.status).toBe(201);
    const first = await call(`${server.url}/api/v1/submissions/${posted.json.id}`, 'GET', undefined, KEY);
    expect(first.json.verdict ?? first.json.status).toMatch(/^(queued|judging|AC)$/);
    await until('the contest judging', async () => {
      const r = await call(`${server.url}/api/v1/submissions/${posted.json.id}`, 'GET', undefined, KEY);
      return r.json.verdict ? r.json : null;
    });

    const wrongTeam = await call(
      `${server.url}/api/v1/problems/A/submissions`,
      'POST',
      { language: 'cpp', source: sumCpp, contest: 'live', team: 'nobody' },
      KEY,
    );
    expect(wrongTeam.status).toBe(400);
    expect(wrongTeam.json.field).toBe('team');
    const noProblem = await call(`${server.url}/api/v1/problems/nope/submissions`, 'POST', { language: 'cpp', source: sumCpp }, KEY);
    expect(noProblem.status).toBe(404);
    // No host path: neither the checkout's nor a temporary folder's.
    expect(JSON.stringify(noProblem.json)).not.toContain(process.cwd());
    expect(JSON.stringify(noProblem.json)).not.toMatch(/\/tmp\//);

    // The public board is frozen: t2's submission came after the freeze, so it shows as pending there.
    const publicBoard = await call(`${server.url}/api/v1/contests/live/scoreboard`, 'GET');
    expect(publicBoard.status).toBe(200);
    expect(clicsViolations(publicBoard.json)).toEqual([]);
    const t2 = (b: any) => b.rows.find((r: { team_id: string }) => r.team_id === 't2').problems[0];
    expect(t2(publicBoard.json)).toMatchObject({ solved: false, num_pending: 1 });
    expect((await call(`${server.url}/api/v1/contests/live/scoreboard?unfrozen=true`, 'GET')).status).toBe(401);
    const board = await call(`${server.url}/api/v1/contests/live/scoreboard?unfrozen=true`, 'GET', undefined, KEY);
    expect(board.status).toBe(200);
    expect(clicsViolations(board.json)).toEqual([]);
    expect(t2(board.json)).toMatchObject({ solved: true, num_judged: 1, num_pending: 0 });
    expect(board.json.rows[0].team_id).toBe('t2');
  });
});
