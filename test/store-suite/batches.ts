import { describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/index.js';
import type { Verdict } from '../../src/verdict/verdict.js';
import type { Backend } from './backends.js';
import { judge, META, submission } from './fixtures.js';

/** Three judged submissions on problem A and one never judged. */
async function seed(store: Store): Promise<number[]> {
  const ids: number[] = [];
  for (const [i, team] of ['t1', 't2', 't3', 't4'].entries()) ids.push((await store.addSubmission(submission({ team, contestMinutes: 10 * i }))).id);
  await judge(store, ids[0], 'WA');
  await judge(store, ids[1], 'AC');
  await judge(store, ids[2], 'TLE');
  return ids;
}

export function batchTests(backend: Backend): void {
  describe('rejudge batches', () => {
    it('resumes an interrupted batch for the same filter after a re-open, then records transitions', async () => {
      const file = await backend.fresh();
      const filter = { contest: 'demo', problem: 'A' };

      const run1 = await openStore(file);
      const ids = await seed(run1);
      const oldJudgings = [];
      for (const id of ids) oldJudgings.push((await run1.getSubmission(id))!.currentJudgingId);
      expect(await run1.openBatchFor(filter)).toBeNull();
      const batch = await run1.createBatch(
        filter,
        (await run1.selectSubmissions(filter)).map((s) => s.id),
      );
      expect((await run1.batchItems(batch)).map((i) => i.oldJudgingId)).toEqual(oldJudgings);
      // The first item is rejudged, the second is in flight when the process dies.
      await run1.markItemDone(batch, ids[0], await judge(run1, ids[0], 'AC'));
      await run1.startJudging(ids[1], META);
      await run1.close();

      const run2 = await openStore(file);
      expect(await run2.recoverInterrupted()).toEqual([ids[1]]);
      const open = await run2.openBatchFor({ problem: ['A'], contest: 'demo' });
      expect(open?.id).toBe(batch);
      expect(open?.status).toBe('open');
      expect((await run2.pendingItems(batch)).map((i) => i.submissionId)).toEqual(ids.slice(1));
      const finals: Verdict[] = ['WA', 'TLE', 'AC'];
      for (const [k, item] of (await run2.pendingItems(batch)).entries()) {
        await run2.markItemDone(batch, item.submissionId, await judge(run2, item.submissionId, finals[k]));
      }
      expect(await run2.pendingItems(batch)).toEqual([]);
      await run2.finishBatch(batch);

      expect((await run2.getBatch(batch))?.status).toBe('done');
      expect(await run2.openBatchFor(filter)).toBeNull();
      expect((await run2.batchTransitions(batch)).map((t) => [t.submissionId, t.oldVerdict, t.newVerdict, t.done])).toEqual([
        [ids[0], 'WA', 'AC', true],
        [ids[1], 'AC', 'WA', true],
        [ids[2], 'TLE', 'TLE', true],
        [ids[3], null, 'AC', true],
      ]);
      await run2.close();
    });

    it('keeps one open batch per filter, whatever the spelling of the filter', async () => {
      const store = await openStore(await backend.fresh());
      const ids = await seed(store);
      const batch = await store.createBatch({ verdict: ['WA', 'TLE', 'WA'] }, [ids[0], ids[2]]);
      expect((await store.openBatchFor({ verdict: ['TLE', 'WA'] }))?.id).toBe(batch);
      expect(await store.openBatchFor({ verdict: 'WA' })).toBeNull();
      expect(await store.openBatchFor({})).toBeNull();
      await expect(store.createBatch({ verdict: ['TLE', 'WA'] }, [ids[0]])).rejects.toThrow(/still open/);
      expect((await store.openBatchFor({ verdict: ['WA', 'TLE'] }))?.filter).toEqual({ verdict: ['TLE', 'WA'] });

      const single = await store.createBatch({ verdict: 'WA' }, [ids[0]]);
      expect(single).not.toBe(batch);
      expect((await store.openBatchFor({ verdict: ['WA'] }))?.id).toBe(single);
      await store.finishBatch(single);
      await expect(store.finishBatch(single)).rejects.toThrow(/already finished/);
      expect(await store.createBatch({ verdict: 'WA' }, [ids[0]])).toBeGreaterThan(single);
      await store.close();
    });

    it('keeps a --changed-only batch apart from the full one over the same filter', async () => {
      const store = await openStore(await backend.fresh());
      const ids = await seed(store);
      const changed = await store.createBatch({ contest: 'demo', changedOnly: true }, [ids[0]]);
      expect(await store.openBatchFor({ contest: 'demo' })).toBeNull();
      expect(await store.openBatchFor({ contest: 'demo', changedOnly: false })).toBeNull();
      expect((await store.openBatchFor({ contest: 'demo', changedOnly: true }))?.id).toBe(changed);
      const full = await store.createBatch({ contest: 'demo' }, ids);
      expect(full).not.toBe(changed);
      expect((await store.openBatchFor({ contest: 'demo', changedOnly: true }))?.filter).toEqual({ contest: 'demo', changedOnly: true });
      await store.close();
    });

    it('shows no new verdict for items not done or whose new judging failed', async () => {
      const store = await openStore(await backend.fresh());
      const ids = await seed(store);
      const batch = await store.createBatch({ ids: [ids[0], ids[1]] }, [ids[0], ids[1], ids[0]]);
      const failed = await store.startJudging(ids[0], META);
      await store.failJudging(failed, 'image gone');
      await store.markItemDone(batch, ids[0], failed);
      expect(await store.batchTransitions(batch)).toEqual([
        { submissionId: ids[0], done: true, oldJudgingId: expect.any(Number), newJudgingId: failed, oldVerdict: 'WA', newVerdict: null },
        { submissionId: ids[1], done: false, oldJudgingId: expect.any(Number), newJudgingId: null, oldVerdict: 'AC', newVerdict: null },
      ]);
      await expect(store.markItemDone(batch, ids[3], null)).rejects.toThrow(/not in rejudge batch/);
      await store.close();
    });

    it('keeps the first judging recorded for an item marked done twice', async () => {
      const store = await openStore(await backend.fresh());
      const ids = await seed(store);
      const batch = await store.createBatch({ ids: [ids[0]] }, [ids[0]]);
      const first = await judge(store, ids[0], 'AC');
      const second = await judge(store, ids[0], 'WA');
      expect(await store.markItemDone(batch, ids[0], first)).toBe(true);
      expect(await store.markItemDone(batch, ids[0], second)).toBe(false);
      expect((await store.batchItems(batch)).map((i) => [i.done, i.newJudgingId])).toEqual([[true, first]]);
      await store.close();
    });

    it('enforces foreign keys', async () => {
      const store = await openStore(await backend.fresh());
      const { id } = await store.addSubmission(submission());
      const batch = await store.createBatch({}, [id]);
      await expect(store.markItemDone(batch, id, 999)).rejects.toThrow(/FOREIGN KEY|foreign key/);
      expect(await store.pendingItems(batch)).toHaveLength(1);
      await expect(store.startJudging(42, { packageHash: 'x', judgeVersion: '1', imageIds: {} })).rejects.toThrow(/no such submission/);
      await store.close();
    });
  });
}
