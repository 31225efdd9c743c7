import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { workspace } from '../helpers/zuko.js';
import { call, metricSum, startServer, type RunningServer } from '../helpers/serve.js';

const ws = workspace();
const servers: RunningServer[] = [];
const sha256 = (key: string) => createHash('sha256').update(key).digest('hex');
const KEYS = ['a', 'b', 'c', 'd', 'e', 'f'].map((name) => ({ name, sha256: sha256(`secret-${name}`) }));
const as = (name: string) => ({ 'X-Auth-Token': `secret-${name}` });
const SLOW = { language: 'python', code: 'import time\ntime.sleep(1.5)\nprint("slept")' };

async function start(config: Record<string, unknown>, env: Record<string, string> = {}): Promise<RunningServer> {
  const s = await startServer(ws, config, env);
  servers.push(s);
  return s;
}

afterAll(async () => {
  for (const s of servers) if (s.child.exitCode === null) await s.stop();
  ws.remove();
});

describe('serve: rate limits under a flood', () => {
  it('holds the per-IP and the global limit, with 429, Retry-After and a JSON error', async () => {
    const server = await start({
      api_keys: KEYS,
      rate: { global: { max: 30, window_s: 600 }, per_ip: { max: 8, window_s: 600 }, per_key: { max: 100, window_s: 600 } },
    });
    const flood = (headers: Record<string, string> = {}) =>
      Promise.all(Array.from({ length: 20 }, () => call(`${server.url}/statuses`, 'GET', undefined, headers)));

    const anonymous = await flood();
    expect(anonymous.filter((r) => r.status === 200)).toHaveLength(8);
    const refused = anonymous.filter((r) => r.status === 429);
    expect(refused).toHaveLength(12);
    expect(Number(refused[0].headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused[0].json.error).toMatch(/^rate limit \(per_ip\) reached; retry in \d+ s$/);

    // A key has a larger allowance of its own, but the whole server has only 30 in its window.
    const keyed = await flood(as('a'));
    expect(keyed.filter((r) => r.status === 200)).toHaveLength(10);
    expect(keyed.filter((r) => r.status === 429).every((r) => /\(global\)/.test(r.json.error))).toBe(true);

    const unknownKey = await call(`${server.url}/statuses`, 'GET', undefined, { 'X-Auth-Token': 'guess' });
    expect(unknownKey.status).toBe(401);
    expect(unknownKey.json.field).toBe('X-Auth-Token');

    const metrics = (await call(`${server.url}/metrics`, 'GET')).json as string;
    expect(metricSum(metrics, 'zuko_rate_limit_rejections_total', { limit: 'per_ip' })).toBe(12);
    expect(metricSum(metrics, 'zuko_rate_limit_rejections_total', { limit: 'global' })).toBe(10);
    await server.stop();
  });
});

describe('serve: the run queue, concurrency per client and stored quotas', () => {
  const config = {
    api_keys: KEYS,
    queue_max: 1,
    quota: { max: 3, window_s: 10_000_000 },
    rate: { concurrency_per_client: 1, global: { max: 1000, window_s: 60 }, per_key: { max: 1000, window_s: 60 } },
  };
  const env = { ZUKO_CPUS: '0' };

  it('refuses with 503 when the queue is full, and a client that leaves frees its place', async () => {
    const server = await start(config, env);
    const health = async () => (await call(`${server.url}/healthz`, 'GET')).json;
    const run = (key: string, signal?: AbortSignal) =>
      fetch(`${server.url}/api/v1/execute`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...as(key) },
        body: JSON.stringify(SLOW),
        signal,
      });

    const first = run('a');
    for (let i = 0; i < 200 && (await health()).busy < 1; i++) await new Promise((r) => setTimeout(r, 25));
    const leaving = new AbortController();
    const second = run('b', leaving.signal).catch((err: Error) => err);
    for (let i = 0; i < 200 && (await health()).queue_depth < 1; i++) await new Promise((r) => setTimeout(r, 25));

    const full = await call(`${server.url}/api/v1/execute`, 'POST', SLOW, as('c'));
    expect(full.status).toBe(503);
    expect(Number(full.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(full.json.error).toMatch(/queue is full/);

    leaving.abort();
    expect(await second).toBeInstanceOf(Error);
    for (let i = 0; i < 200 && (await health()).queue_depth > 0; i++) await new Promise((r) => setTimeout(r, 25));
    expect((await health()).queue_depth).toBe(0);
    const third = await call(`${server.url}/api/v1/execute`, 'POST', { language: 'python', code: 'print(3)' }, as('c'));
    expect(third.json).toMatchObject({ status: 'OK', stdout: '3\n' });
    expect((await (await first).json()).stdout).toBe('slept\n');

    const metrics = (await call(`${server.url}/metrics`, 'GET')).json as string;
    expect(metricSum(metrics, 'zuko_rate_limit_rejections_total', { limit: 'queue' })).toBe(1);
    await server.stop();
  });

  it('caps runs in flight per client, and keeps quotas across a restart', async () => {
    let server = await start(config, env);
    const both = await Promise.all([call(`${server.url}/run`, 'POST', SLOW, as('d')), call(`${server.url}/run`, 'POST', SLOW, as('d'))]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 429]);
    expect(both.find((r) => r.status === 429)!.json.error).toMatch(/at most 1 runs at once per client/);

    for (let i = 0; i < 3; i++) expect((await call(`${server.url}/run`, 'POST', { language: 'python', code: 'print(1)' }, as('e'))).status).toBe(200);
    const over = await call(`${server.url}/run`, 'POST', { language: 'python', code: 'print(1)' }, as('e'));
    expect(over.status).toBe(429);
    expect(over.json.error).toMatch(/quota of 3 runs per 10000000 s used up/);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);

    await server.stop();
    server = await start(config, env);
    expect((await call(`${server.url}/run`, 'POST', { language: 'python', code: 'print(1)' }, as('e'))).status).toBe(429);
    // A Judge0 batch counts each submission against the quota.
    const batch = await call(
      `${server.url}/submissions/batch`,
      'POST',
      { submissions: Array.from({ length: 4 }, () => ({ language_id: 71, source_code: 'print(1)' })) },
      as('f'),
    );
    expect(batch.status).toBe(429);
    expect((await call(`${server.url}/run`, 'POST', { language: 'python', code: 'print(1)' }, as('a'))).status).toBe(200);
    await server.stop();
  });

  it('refuses to listen beyond loopback without keys or --public', async () => {
    const r = await ws.run(['serve', '--host', '0.0.0.0', '--port', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--host 0\.0\.0\.0: binding beyond loopback needs api_keys .* or --public/);
  });
});
