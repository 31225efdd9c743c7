import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../../src/store/index.js';
import type { Verdict } from '../../../src/score/verdict.js';
import { META, outcome, submission, useTempDir } from './helpers.js';

const tempDir = useTempDir();

function judge(store: Store, submissionId: number, verdict: Verdict): number {
  const judging = store.startJudging(submissionId, META);
  store.finishJudging(judging, outcome(verdict));
  return judging;
}

/** Three judged submissions on problem A and one never judged. */
function seed(store: Store): number[] {
  const ids = ['t1', 't2', 't3', 't4'].map((team, i) => store.addSubmission(submission({ team, contestMinutes: 10 * i })).id);
  judge(store, ids[0], 'WA');
  judge(store, ids[1], 'AC');
  judge(store, ids[2], 'TLE');
  return ids;
}

describe('rejudge batches', () => {
  it('resumes an interrupted batch for the same filter after a re-open, then records transitions', () => {
    const file = path.join(tempDir(), 'judge.db');
    const filter = { contest: 'demo', problem: 'A' };

    const run1 = openStore(file);
    const ids = seed(run1);
    const oldJudgings = ids.map((id) => run1.getSubmission(id)!.currentJudgingId);
    expect(run1.openBatchFor(filter)).toBeNull();
    const batch = run1.createBatch(filter, run1.selectSubmissions(filter).map((s) => s.id));
    expect(run1.batchItems(batch).map((i) => i.oldJudgingId)).toEqual(oldJudgings);
    // The first item is rejudged, the second is in flight when the process dies.
    run1.markItemDone(batch, ids[0], judge(run1, ids[0], 'AC'));
    run1.startJudging(ids[1], META);
    run1.close();

    const run2 = openStore(file);
    expect(run2.recoverInterrupted()).toEqual([ids[1]]);
    const open = run2.openBatchFor({ problem: ['A'], contest: 'demo' });
    expect(open?.id).toBe(batch);
    expect(open?.status).toBe('open');
    expect(run2.pendingItems(batch).map((i) => i.submissionId)).toEqual(ids.slice(1));
    const finals: Verdict[] = ['WA', 'TLE', 'AC'];
    for (const [k, item] of run2.pendingItems(batch).entries()) {
      run2.markItemDone(batch, item.submissionId, judge(run2, item.submissionId, finals[k]));
    }
    expect(run2.pendingItems(batch)).toEqual([]);
    run2.finishBatch(batch);

    expect(run2.getBatch(batch)?.status).toBe('done');
    expect(run2.openBatchFor(filter)).toBeNull();
    expect(run2.batchTransitions(batch).map((t) => [t.submissionId, t.oldVerdict, t.newVerdict, t.done])).toEqual([
      [ids[0], 'WA', 'AC', true],
      [ids[1], 'AC', 'WA', true],
      [ids[2], 'TLE', 'TLE', true],
      [ids[3], null, 'AC', true],
    ]);
    run2.close();
  });

  it('keeps one open batch per filter, whatever the spelling of the filter', () => {
    const store = openStore(path.join(tempDir(), 'judge.db'));
    const ids = seed(store);
    const batch = store.createBatch({ verdict: ['WA', 'TLE', 'WA'] }, [ids[0], ids[2]]);
    expect(store.openBatchFor({ verdict: ['TLE', 'WA'] })?.id).toBe(batch);
    expect(store.openBatchFor({ verdict: 'WA' })).toBeNull();
    expect(store.openBatchFor({})).toBeNull();
    expect(() => store.createBatch({ verdict: ['TLE', 'WA'] }, [ids[0]])).toThrow(/still open/);
    expect(store.openBatchFor({ verdict: ['WA', 'TLE'] })?.filter).toEqual({ verdict: ['TLE', 'WA'] });

    const single = store.createBatch({ verdict: 'WA' }, [ids[0]]);
    expect(single).not.toBe(batch);
    expect(store.openBatchFor({ verdict: ['WA'] })?.id).toBe(single);
    store.finishBatch(single);
    expect(() => store.finishBatch(single)).toThrow(/already finished/);
    expect(store.createBatch({ verdict: 'WA' }, [ids[0]])).toBeGreaterThan(single);
    store.close();
  });

  it('shows no new verdict for items not done or whose new judging failed', () => {
    const store = openStore(path.join(tempDir(), 'judge.db'));
    const ids = seed(store);
    const batch = store.createBatch({ ids: [ids[0], ids[1]] }, [ids[0], ids[1], ids[0]]);
    const failed = store.startJudging(ids[0], META);
    store.failJudging(failed, 'image gone');
    store.markItemDone(batch, ids[0], failed);
    expect(store.batchTransitions(batch)).toEqual([
      { submissionId: ids[0], done: true, oldJudgingId: expect.any(Number), newJudgingId: failed, oldVerdict: 'WA', newVerdict: null },
      { submissionId: ids[1], done: false, oldJudgingId: expect.any(Number), newJudgingId: null, oldVerdict: 'AC', newVerdict: null },
    ]);
    expect(() => store.markItemDone(batch, ids[3], null)).toThrow(/not in rejudge batch/);
    store.close();
  });
});
