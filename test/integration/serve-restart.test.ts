import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { workspace } from '../helpers/zuko.js';
import { call, metricSum, startServer, type RunningServer } from '../helpers/serve.js';

const ws = workspace();
const servers: RunningServer[] = [];
const KEY = { 'X-Auth-Token': 'judge-key' };
const CONFIG = {
  api_keys: [{ name: 'judges', sha256: createHash('sha256').update('judge-key').digest('hex') }],
  rate: { global: { max: 10_000, window_s: 60 }, per_ip: { max: 10_000, window_s: 60 }, per_key: { max: 10_000, window_s: 60 } },
};
const ENV = { ZUKO_CPUS: '0' };
// About half a second of CPU, so the queue is still busy when the server is killed.
const BUSY = 'import time\nt = time.process_time()\nwhile time.process_time() - t < 0.5: pass\nprint("done")';

async function start(): Promise<RunningServer> {
  const s = await startServer(ws, CONFIG, ENV);
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
    const sumPy = readFileSync('problems/sum/submissions/accepted/sum.py', 'utf8');
    const noKey = await call(`${server.url}/api/v1/problems/sum/submissions`, 'POST', { language: 'python', source: sumPy });
    expect(noKey.status).toBe(401);

    const batch = await call(`${server.url}/submissions/batch`, 'POST', { submissions: Array.from({ length: 5 }, () => ({ language_id: 71, source_code: BUSY })) });
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

  it('shows live progress, and the CLICS scoreboard to key holders', async () => {
    const server = servers.at(-1)!;
    const sumCpp = readFileSync('problems/sum/submissions/accepted/sum.cpp', 'utf8');
    const posted = await call(`${server.url}/api/v1/problems/A/submissions`, 'POST', { language: 'cpp', source: sumCpp, contest: 'demo', team: 't2' }, KEY);
    expect(posted.status).toBe(201);
    const first = await call(`${server.url}/api/v1/submissions/${posted.json.id}`, 'GET', undefined, KEY);
    expect(first.json.verdict ?? first.json.status).toMatch(/^(queued|judging|AC)$/);
    await until('the contest judging', async () => {
      const r = await call(`${server.url}/api/v1/submissions/${posted.json.id}`, 'GET', undefined, KEY);
      return r.json.verdict ? r.json : null;
    });

    const wrongTeam = await call(`${server.url}/api/v1/problems/A/submissions`, 'POST', { language: 'cpp', source: sumCpp, contest: 'demo', team: 'nobody' }, KEY);
    expect(wrongTeam.status).toBe(400);
    expect(wrongTeam.json.field).toBe('team');
    const noProblem = await call(`${server.url}/api/v1/problems/nope/submissions`, 'POST', { language: 'cpp', source: sumCpp }, KEY);
    expect(noProblem.status).toBe(404);
    expect(JSON.stringify(noProblem.json)).not.toMatch(/\/tmp|\/work/);

    expect((await call(`${server.url}/api/v1/contests/demo/scoreboard`, 'GET')).status).toBe(401);
    const board = await call(`${server.url}/api/v1/contests/demo/scoreboard`, 'GET', undefined, KEY);
    expect(board.status).toBe(200);
    expect(board.json.rows.map((r: { team_id: string }) => r.team_id).sort()).toEqual(['t1', 't2', 't3', 't4', 't5']);
    expect(board.json.rows[0].problems.map((p: { problem_id: string }) => p.problem_id)).toEqual(['A', 'B', 'C', 'D']);
  });
});
