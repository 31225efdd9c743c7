import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/index.js';
import type { Backend } from './backends.js';
import { judge, META, outcome, submission } from './fixtures.js';

export function submissionTests(backend: Backend): void {
  async function withStore(fn: (store: Store) => Promise<void>): Promise<void> {
    const store = await openStore(await backend.fresh());
    try {
      await fn(store);
    } finally {
      await store.close();
    }
  }

  describe('submissions', () => {
    it('keeps the data on re-open', async () => {
      const db = await backend.fresh();
      const first = await openStore(db);
      const { id } = await first.addSubmission(submission());
      await first.close();
      const second = await openStore(db);
      expect((await second.getSubmission(id))?.fileName).toBe('sum.py');
      expect(await second.selectSubmissions({})).toHaveLength(1);
      await second.close();
    });

    it('keeps binary sources byte for byte, across a re-open', async () => {
      const file = await backend.fresh();
      const junk = Buffer.concat([Buffer.from([0, 0xff, 0xfe, 0x80, 0x00, 0x0d, 0x0a]), randomBytes(4096), Buffer.from([0])]);
      const store = await openStore(file);
      const { id } = await store.addSubmission(submission({ source: junk, fileName: 'junk.c', language: 'c' }));
      await store.close();
      const reopened = await openStore(file);
      const back = await reopened.getSubmission(id);
      await reopened.close();
      expect(back).not.toBeNull();
      expect(Buffer.isBuffer(back!.source)).toBe(true);
      expect(back!.source.equals(junk)).toBe(true);
      expect(back!.sourceSha256).toBe(createHash('sha256').update(junk).digest('hex'));
    });

    it('returns the existing id for the same import, and a new one when any key part differs', async () => {
      await withStore(async (store) => {
        const first = await store.addSubmission(submission());
        expect(first.created).toBe(true);
        expect(await store.addSubmission(submission({ fileName: 'renamed.py', problemDir: '/elsewhere' }))).toEqual({ id: first.id, created: false });
        const variants = [
          submission({ team: 't2' }),
          submission({ problemId: 'B' }),
          submission({ contestMinutes: 13 }),
          submission({ source: Buffer.from('print(0)\n') }),
          submission({ contest: 'other' }),
        ];
        const ids = [];
        for (const v of variants) ids.push(await store.addSubmission(v));
        expect(ids.every((r) => r.created)).toBe(true);
        expect(new Set([first.id, ...ids.map((r) => r.id)]).size).toBe(6);
        expect(await store.selectSubmissions({})).toHaveLength(6);
      });
    });

    it('dedups submissions outside contests by the instant they were made, whatever the offset', async () => {
      await withStore(async (store) => {
        const base = { contest: null, team: null, contestMinutes: null };
        const a = await store.addSubmission(submission({ ...base, submittedAt: '2026-01-01T12:00:00Z' }));
        const same = await store.addSubmission(submission({ ...base, submittedAt: new Date('2026-01-01T13:00:00+01:00') }));
        const later = await store.addSubmission(submission({ ...base, submittedAt: '2026-01-01T12:00:01Z' }));
        expect(same).toEqual({ id: a.id, created: false });
        expect(later.created).toBe(true);
        const stored = (await store.getSubmission(a.id))!;
        expect(stored.team).toBeNull();
        expect(stored.contest).toBeNull();
        expect(new Date(stored.submittedAt).getTime()).toBe(Date.UTC(2026, 0, 1, 12));
      });
    });

    it('refuses a contest submission without team or contest time', async () => {
      await withStore(async (store) => {
        await expect(store.addSubmission(submission({ team: null }))).rejects.toThrow(/team/);
        await expect(store.addSubmission(submission({ contestMinutes: undefined }))).rejects.toThrow(/contest time/);
        await expect(store.addSubmission(submission({ submittedAt: 'yesterday' }))).rejects.toThrow(/submittedAt/);
        expect(await store.selectSubmissions({})).toEqual([]);
      });
    });

    it('returns null for an unknown submission', async () => {
      await withStore(async (store) => {
        expect(await store.getSubmission(1)).toBeNull();
        expect(await store.currentJudging(1)).toBeNull();
      });
    });

    it('selects by contest, problem, current verdict and ids, all combined', async () => {
      await withStore(async (store) => {
        const add = async (team: string, problemId: string, minutes: number, contest = 'demo') =>
          (await store.addSubmission(submission({ team, problemId, contestMinutes: minutes, contest }))).id;
        const a1 = await add('t1', 'A', 10);
        const a2 = await add('t2', 'A', 20);
        const b1 = await add('t1', 'B', 30);
        const other = await add('t1', 'A', 5, 'other');
        const unjudged = await add('t3', 'B', 40);
        await judge(store, a1, 'WA');
        await judge(store, a2, 'AC');
        await judge(store, b1, 'TLE');
        await judge(store, other, 'WA');

        const ids = async (filter: Parameters<Store['selectSubmissions']>[0]) => (await store.selectSubmissions(filter)).map((s) => s.id);
        expect(await ids({})).toEqual([a1, a2, b1, other, unjudged]);
        expect(await ids({ contest: 'demo' })).toEqual([a1, a2, b1, unjudged]);
        expect(await ids({ contest: 'demo', problem: 'A' })).toEqual([a1, a2]);
        expect(await ids({ verdict: 'WA' })).toEqual([a1, other]);
        expect(await ids({ verdict: ['WA', 'TLE'], contest: 'demo' })).toEqual([a1, b1]);
        expect(await ids({ problem: ['B'] })).toEqual([b1, unjudged]);
        expect(await ids({ ids: [unjudged, a2, 999] })).toEqual([a2, unjudged]);
        expect(await ids({ ids: [] })).toEqual([]);
        expect((await store.selectSubmissions({ ids: [a2] }))[0]).not.toHaveProperty('source');
      });
    });

    it('lists a contest for the scoreboard in contest-time order with current results', async () => {
      await withStore(async (store) => {
        const late = (await store.addSubmission(submission({ team: 't2', problemId: 'B', problemDir: '/p/b', contestMinutes: 90.5 }))).id;
        const early = (await store.addSubmission(submission({ team: 't1', problemId: 'A', problemDir: '/p/a', contestMinutes: 3 }))).id;
        await store.addSubmission(submission({ contest: 'other', contestMinutes: 1 }));
        const judging = await store.startJudging(early, META);
        await store.finishJudging(judging, outcome('AC', { score: 40, maxScore: 60 }));
        await store.startJudging(late, META);

        expect(await store.contestSubmissions('demo')).toEqual([
          { id: early, teamId: 't1', problemId: 'A', problemDir: '/p/a', minutes: 3, verdict: 'AC', score: 40, maxScore: 60 },
          { id: late, teamId: 't2', problemId: 'B', problemDir: '/p/b', minutes: 90.5, verdict: null, score: null, maxScore: null },
        ]);
        expect(await store.contestSubmissions('nope')).toEqual([]);
      });
    });
  });
}
