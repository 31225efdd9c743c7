import { describe, expect, it } from 'vitest';
import { openServeStore } from '../../src/store/serve.js';
import { openTimeLimits } from '../../src/store/time-limits.js';
import type { Backend } from './backends.js';

export function serveTests(backend: Backend): void {
  describe('service jobs and quotas', () => {
    it('keeps jobs queued until their result, in the order they came, across a re-open', async () => {
      const db = await backend.fresh();
      const first = await openServeStore(db);
      const tokens = ['zz', 'aa', 'mm'];
      await first.addJobs(tokens.map((token) => ({ token, kind: 'judge0', request: `{"n":"${token}"}` })));
      await first.addJobs([{ token: 'later', kind: 'judging', request: '{"submission":1}' }]);
      await first.finishJob('aa', '{"ok":true}');
      await expect(first.finishJob('aa', '{"ok":false}')).rejects.toThrow(/not queued/);
      await first.close();

      const second = await openServeStore(db);
      expect((await second.queuedJobs()).map((j) => j.token)).toEqual(['zz', 'mm', 'later']);
      const jobs = await second.getJobs(['aa', 'later', 'missing']);
      expect([...jobs.keys()].sort()).toEqual(['aa', 'later']);
      expect(jobs.get('aa')).toMatchObject({ kind: 'judge0', status: 'done', result: '{"ok":true}', request: '{"n":"aa"}' });
      expect(jobs.get('later')).toMatchObject({ kind: 'judging', status: 'queued', result: null });
      expect(await second.getJobs([])).toEqual(new Map());
      await second.close();
    });

    it('counts runs per client and window, forgetting earlier windows', async () => {
      const store = await openServeStore(await backend.fresh());
      // Windows are milliseconds since 1970: wider than 32 bits.
      const window = 1_790_000_000_000;
      expect(await store.useQuota('a', window, 1)).toBe(1);
      expect(await store.useQuota('a', window, 3)).toBe(4);
      expect(await store.useQuota('b', window, 2)).toBe(2);
      expect(await store.useQuota('a', window + 60_000, 1)).toBe(1);
      expect(await store.useQuota('a', window, 1)).toBe(1);
      await store.close();
    });
  });

  describe('derived time limits', () => {
    it('stores one limit per package hash, the last one derived', async () => {
      const db = await backend.fresh();
      const limits = await openTimeLimits(db);
      expect(await limits.get('h1')).toBeNull();
      await limits.put('h1', { timeLimitMs: 2000, slowestMs: 610 });
      await limits.put('h1', { timeLimitMs: 3000, slowestMs: 990 });
      await limits.put('h2', { timeLimitMs: 1000, slowestMs: 100 });
      await limits.close();
      const again = await openTimeLimits(db);
      expect(await again.get('h1')).toMatchObject({ timeLimitMs: 3000, slowestMs: 990 });
      expect(await again.get('h2')).toMatchObject({ timeLimitMs: 1000, slowestMs: 100 });
      await again.close();
    });
  });
}
