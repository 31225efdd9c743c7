import { describe, expect, it } from 'vitest';
import { checkExposure, loadServeConfig, ServeConfigSchema } from '../../../src/serve/config.js';
import { fixedWindow } from '../../../src/serve/guard.js';
import { HttpError } from '../../../src/serve/http-error.js';
import { BoundedQueue } from '../../../src/serve/queue.js';

describe('fixedWindow', () => {
  it('lets max calls through per window and says how long until the next one', () => {
    let now = 1000;
    const hit = fixedWindow(2, 100, () => now);
    expect([hit(), hit()]).toEqual([0, 0]);
    now = 1030;
    expect(hit()).toBe(70);
    now = 1100;
    expect(hit()).toBe(0);
  });
});

describe('BoundedQueue', () => {
  const gate = () => {
    let open!: () => void;
    const opened = new Promise<void>((r) => (open = r));
    return { open, opened };
  };

  it('runs up to its concurrency, queues up to its cap and refuses the rest with 503', async () => {
    const q = new BoundedQueue(1, 1);
    const g = gate();
    const first = q.run(() => g.opened.then(() => 'first'));
    const second = q.run(async () => 'second');
    expect([q.busy, q.depth]).toEqual([1, 1]);
    await expect(q.run(async () => 'third')).rejects.toMatchObject({ status: 503, limit: 'queue' });
    g.open();
    expect(await Promise.all([first, second])).toEqual(['first', 'second']);
    expect([q.busy, q.depth]).toEqual([0, 0]);
  });

  it('never runs more than its concurrency when a slot is handed over', async () => {
    const q = new BoundedQueue(1, 10);
    let running = 0;
    let most = 0;
    const work = async () => {
      most = Math.max(most, ++running);
      await new Promise((r) => setTimeout(r, 1));
      running--;
    };
    await Promise.all(Array.from({ length: 8 }, () => q.run(work)));
    expect(most).toBe(1);
  });

  it('drops a waiting run whose client left, and admits stored work past the cap', async () => {
    const q = new BoundedQueue(1, 1);
    const g = gate();
    const first = q.run(() => g.opened);
    const leaving = new AbortController();
    const gone = q.run(async () => 'never', { signal: leaving.signal });
    leaving.abort();
    await expect(gone).rejects.toBeInstanceOf(HttpError);
    expect(q.depth).toBe(0);
    const stored = [q.run(async () => 1, { admitted: true }), q.run(async () => 2, { admitted: true })];
    expect(q.depth).toBe(2);
    g.open();
    await first;
    expect(await Promise.all(stored)).toEqual([1, 2]);
  });
});

describe('serve configuration', () => {
  it('defaults protect a small instance on loopback', () => {
    const config = loadServeConfig();
    expect(config).toMatchObject({ host: '127.0.0.1', port: 2358, quota: { max: 100, window_s: 900 }, rate: { per_ip: { max: 100, window_s: 900 } } });
    expect(checkExposure(config, false)).toBeNull();
  });

  it('needs keys or --public beyond loopback', () => {
    const open = ServeConfigSchema.parse({ host: '0.0.0.0' });
    expect(() => checkExposure(open, false)).toThrow(/needs api_keys and require_key: true .* or --public/);
    expect(checkExposure(open, true)).toMatch(/anyone who reaches it can run code/);
    const keyed = ServeConfigSchema.parse({ host: '0.0.0.0', require_key: true, api_keys: [{ name: 'ci', sha256: 'a'.repeat(64) }] });
    expect(checkExposure(keyed, false)).toBeNull();
  });

  it('names the field of a bad setting', () => {
    const parsed = ServeConfigSchema.safeParse({ rate: { per_ip: { max: -1, window_s: 60 } }, api_keys: [{ name: 'x', sha256: 'plain' }] });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((i) => i.path.join('.'))).toEqual(expect.arrayContaining(['rate.per_ip.max', 'api_keys.0.sha256']));
  });
});
