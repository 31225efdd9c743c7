import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../../src/store/index.js';
import { META, outcome, submission, useTempDir } from './helpers.js';

const tempDir = useTempDir();

function withStore(fn: (store: Store, file: string) => void): void {
  const file = path.join(tempDir(), 'judge.db');
  const store = openStore(file);
  try {
    fn(store, file);
  } finally {
    store.close();
  }
}

function judge(store: Store, submissionId: number, verdict: Parameters<typeof outcome>[0]): number {
  const judging = store.startJudging(submissionId, META);
  store.finishJudging(judging, outcome(verdict));
  return judging;
}

describe('submissions', () => {
  it('keeps binary sources byte for byte, across a re-open', () => {
    const file = path.join(tempDir(), 'judge.db');
    const junk = Buffer.concat([Buffer.from([0, 0xff, 0xfe, 0x80, 0x00, 0x0d, 0x0a]), randomBytes(4096), Buffer.from([0])]);
    const store = openStore(file);
    const { id } = store.addSubmission(submission({ source: junk, fileName: 'junk.c', language: 'c' }));
    store.close();
    const reopened = openStore(file);
    const back = reopened.getSubmission(id);
    reopened.close();
    expect(back).not.toBeNull();
    expect(Buffer.isBuffer(back!.source)).toBe(true);
    expect(back!.source.equals(junk)).toBe(true);
    expect(back!.sourceSha256).toBe(createHash('sha256').update(junk).digest('hex'));
  });

  it('returns the existing id for the same import, and a new one when any key part differs', () => {
    withStore((store) => {
      const first = store.addSubmission(submission());
      expect(first.created).toBe(true);
      expect(store.addSubmission(submission({ fileName: 'renamed.py', problemDir: '/elsewhere' }))).toEqual({ id: first.id, created: false });
      const variants = [
        submission({ team: 't2' }),
        submission({ problemId: 'B' }),
        submission({ contestMinutes: 13 }),
        submission({ source: Buffer.from('print(0)\n') }),
        submission({ contest: 'other' }),
      ];
      const ids = variants.map((v) => store.addSubmission(v));
      expect(ids.every((r) => r.created)).toBe(true);
      expect(new Set([first.id, ...ids.map((r) => r.id)]).size).toBe(6);
      expect(store.selectSubmissions({})).toHaveLength(6);
    });
  });

  it('dedups submissions outside contests by the instant they were made, whatever the offset', () => {
    withStore((store) => {
      const base = { contest: null, team: null, contestMinutes: null };
      const a = store.addSubmission(submission({ ...base, submittedAt: '2026-01-01T12:00:00Z' }));
      const same = store.addSubmission(submission({ ...base, submittedAt: new Date('2026-01-01T13:00:00+01:00') }));
      const later = store.addSubmission(submission({ ...base, submittedAt: '2026-01-01T12:00:01Z' }));
      expect(same).toEqual({ id: a.id, created: false });
      expect(later.created).toBe(true);
      const stored = store.getSubmission(a.id)!;
      expect(stored.team).toBeNull();
      expect(stored.contest).toBeNull();
      expect(new Date(stored.submittedAt).getTime()).toBe(Date.UTC(2026, 0, 1, 12));
    });
  });

  it('refuses a contest submission without team or contest time', () => {
    withStore((store) => {
      expect(() => store.addSubmission(submission({ team: null }))).toThrow(/team/);
      expect(() => store.addSubmission(submission({ contestMinutes: undefined }))).toThrow(/contest time/);
      expect(() => store.addSubmission(submission({ submittedAt: 'yesterday' }))).toThrow(/submittedAt/);
      expect(store.selectSubmissions({})).toEqual([]);
    });
  });

  it('returns null for an unknown submission', () => {
    withStore((store) => {
      expect(store.getSubmission(1)).toBeNull();
      expect(store.currentJudging(1)).toBeNull();
    });
  });

  it('selects by contest, problem, current verdict and ids, all combined', () => {
    withStore((store) => {
      const add = (team: string, problemId: string, minutes: number, contest = 'demo') =>
        store.addSubmission(submission({ team, problemId, contestMinutes: minutes, contest })).id;
      const a1 = add('t1', 'A', 10);
      const a2 = add('t2', 'A', 20);
      const b1 = add('t1', 'B', 30);
      const other = add('t1', 'A', 5, 'other');
      const unjudged = add('t3', 'B', 40);
      judge(store, a1, 'WA');
      judge(store, a2, 'AC');
      judge(store, b1, 'TLE');
      judge(store, other, 'WA');

      const ids = (filter: Parameters<Store['selectSubmissions']>[0]) => store.selectSubmissions(filter).map((s) => s.id);
      expect(ids({})).toEqual([a1, a2, b1, other, unjudged]);
      expect(ids({ contest: 'demo' })).toEqual([a1, a2, b1, unjudged]);
      expect(ids({ contest: 'demo', problem: 'A' })).toEqual([a1, a2]);
      expect(ids({ verdict: 'WA' })).toEqual([a1, other]);
      expect(ids({ verdict: ['WA', 'TLE'], contest: 'demo' })).toEqual([a1, b1]);
      expect(ids({ problem: ['B'] })).toEqual([b1, unjudged]);
      expect(ids({ ids: [unjudged, a2, 999] })).toEqual([a2, unjudged]);
      expect(ids({ ids: [] })).toEqual([]);
      expect(store.selectSubmissions({ ids: [a2] })[0]).not.toHaveProperty('source');
    });
  });

  it('lists a contest for the scoreboard in contest-time order with current results', () => {
    withStore((store) => {
      const late = store.addSubmission(submission({ team: 't2', problemId: 'B', contestMinutes: 90.5 })).id;
      const early = store.addSubmission(submission({ team: 't1', problemId: 'A', contestMinutes: 3 })).id;
      store.addSubmission(submission({ contest: 'other', contestMinutes: 1 }));
      const judging = store.startJudging(early, META);
      store.finishJudging(judging, outcome('AC', { score: 40, maxScore: 60 }));
      store.startJudging(late, META);

      expect(store.contestSubmissions('demo')).toEqual([
        { id: early, teamId: 't1', problemId: 'A', minutes: 3, verdict: 'AC', score: 40, maxScore: 60 },
        { id: late, teamId: 't2', problemId: 'B', minutes: 90.5, verdict: null, score: null, maxScore: null },
      ]);
      expect(store.contestSubmissions('nope')).toEqual([]);
    });
  });
});
