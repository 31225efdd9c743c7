import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../../src/store/index.js';
import { UserError } from '../../../src/util/errors.js';
import { META, outcome, submission, testResult, useTempDir } from './helpers.js';

const tempDir = useTempDir();

function fresh(): { store: Store; file: string } {
  const file = path.join(tempDir(), 'judge.db');
  return { store: openStore(file), file };
}

describe('judgings', () => {
  it('makes the last finished judging current, never a running or failed one', () => {
    const { store } = fresh();
    const { id } = store.addSubmission(submission());
    const first = store.startJudging(id, META);
    expect(store.getJudging(first)?.status).toBe('running');
    expect(store.currentJudging(id)).toBeNull();

    store.finishJudging(first, outcome('WA'));
    expect(store.currentJudging(id)?.id).toBe(first);
    expect(store.currentJudging(id)?.outcome?.verdict).toBe('WA');

    const second = store.startJudging(id, { ...META, packageHash: 'q'.repeat(64) });
    expect(store.currentJudging(id)?.id).toBe(first);
    store.finishJudging(second, outcome('AC'));
    expect(store.currentJudging(id)?.id).toBe(second);
    expect(store.getSubmission(id)?.currentJudgingId).toBe(second);

    const third = store.startJudging(id, META);
    store.failJudging(third, 'sandbox image missing', 'infrastructure');
    expect(store.currentJudging(id)?.id).toBe(second);
    const fourth = store.startJudging(id, META);
    store.failJudging(fourth, 'checker does not compile');
    expect(store.currentJudging(id)?.id).toBe(second);

    const history = store.judgingHistory(id);
    expect(history.map((j) => [j.id, j.status])).toEqual([
      [first, 'done'],
      [second, 'done'],
      [third, 'failed'],
      [fourth, 'failed'],
    ]);
    expect(history[2].failureReason).toBe('sandbox image missing');
    expect(history.map((j) => j.failureKind)).toEqual([null, null, 'infrastructure', 'error']);
    expect(history[2].outcome).toBeNull();
    expect(history[1].packageHash).toBe('q'.repeat(64));
    expect(history[0].imageIds).toEqual(META.imageIds);
    store.close();
  });

  it('stores the whole outcome of a finished judging', () => {
    const { store } = fresh();
    const { id } = store.addSubmission(submission());
    const judging = store.startJudging(id, META);
    const ce = outcome('CE', { score: 0, maxScore: 30, timeMs: 0, memoryKb: 0 });
    store.finishJudging(judging, ce);
    const back = store.getJudging(judging)!;
    expect(back.outcome).toEqual(ce);
    expect(back.judgeVersion).toBe('0.1.0');
    expect(Date.parse(back.finishedAt!)).toBeGreaterThanOrEqual(Date.parse(back.startedAt));
    store.close();
  });

  it('lets only a running judging change', () => {
    const { store } = fresh();
    const { id } = store.addSubmission(submission());
    const done = store.startJudging(id, META);
    store.finishJudging(done, outcome('AC'));
    expect(() => store.finishJudging(done, outcome('WA'))).toThrow(/not running/);
    expect(() => store.failJudging(done, 'late')).toThrow(/not running/);
    expect(() => store.saveTestResults(done, [testResult('secret/1', 'AC')])).toThrow(/not running/);
    expect(() => store.finishJudging(12345, outcome('AC'))).toThrow(/no such judging/);
    expect(store.currentJudging(id)?.outcome?.verdict).toBe('AC');
    expect(store.testResults(done)).toEqual([]);
    store.close();
  });

  it('saves test results in judging order and reads them back', () => {
    const { store } = fresh();
    const { id } = store.addSubmission(submission());
    const judging = store.startJudging(id, META);
    const results = [
      testResult('sample/1', 'AC', { outputSha256: 'a'.repeat(64) }),
      testResult('secret/g1/01', 'WA', { score: 0, cpuMs: 12.5 }),
      testResult('secret/g1/02', 'SK', { cpuMs: 0, wallMs: 0, memoryKb: 0, outputBytes: 0 }),
    ];
    store.saveTestResults(judging, results);
    const back = store.testResults(judging);
    expect(back.map((r) => r.ordinal)).toEqual([0, 1, 2]);
    expect(back.map(({ judgingId, ordinal, ...rest }) => rest)).toEqual(results);
    expect(back.every((r) => r.judgingId === judging)).toBe(true);
    store.close();
  });

  it('saves no test result at all when one insert fails', () => {
    const { store } = fresh();
    const { id } = store.addSubmission(submission());
    const judging = store.startJudging(id, META);
    const clash = [
      testResult('secret/1', 'AC', { ordinal: 0 }),
      testResult('secret/2', 'AC', { ordinal: 1 }),
      testResult('secret/3', 'WA', { ordinal: 1 }),
    ];
    expect(() => store.saveTestResults(judging, clash)).toThrow(/UNIQUE|PRIMARY KEY/);
    expect(store.testResults(judging)).toEqual([]);
    store.saveTestResults(judging, clash.slice(0, 2));
    expect(store.testResults(judging).map((r) => r.name)).toEqual(['secret/1', 'secret/2']);
    store.close();
  });

  it('fails judgings left running by a crash when the file is opened again', () => {
    const file = path.join(tempDir(), 'judge.db');
    const before = openStore(file);
    const a = before.addSubmission(submission({ team: 't1' })).id;
    const b = before.addSubmission(submission({ team: 't2' })).id;
    const c = before.addSubmission(submission({ team: 't3' })).id;
    const finished = before.startJudging(a, META);
    before.finishJudging(finished, outcome('AC'));
    const leftA = before.startJudging(a, META);
    before.saveTestResults(leftA, [testResult('secret/1', 'AC')]);
    const leftC1 = before.startJudging(c, META);
    const leftC2 = before.startJudging(c, META);
    before.close();

    const after = openStore(file);
    expect(after.recoverInterrupted()).toEqual([a, c]);
    for (const judging of [leftA, leftC1, leftC2]) {
      const j = after.getJudging(judging)!;
      expect(j.status).toBe('failed');
      expect(j.failureReason).toBe('interrupted');
      expect(j.failureKind).toBe('interrupted');
      expect(j.finishedAt).not.toBeNull();
    }
    expect(after.currentJudging(a)?.id).toBe(finished);
    expect(after.currentJudging(b)).toBeNull();
    expect(after.currentJudging(c)).toBeNull();
    expect(after.recoverInterrupted()).toEqual([]);
    after.close();
  });

  it('leaves a judging running and the current one in place when finishing fails half-way', () => {
    const { store, file } = fresh();
    const { id } = store.addSubmission(submission());
    const first = store.startJudging(id, META);
    store.finishJudging(first, outcome('WA'));
    const second = store.startJudging(id, META);
    // Another connection makes the second statement of finishJudging fail.
    const raw = new Database(file);
    raw.exec(`CREATE TRIGGER block BEFORE UPDATE OF current_judging_id ON submissions BEGIN SELECT RAISE(ABORT, 'blocked'); END`);
    raw.close();
    expect(() => store.finishJudging(second, outcome('AC'))).toThrow(/blocked/);
    const j = store.getJudging(second)!;
    expect([j.status, j.outcome, j.finishedAt]).toEqual(['running', null, null]);
    expect(store.currentJudging(id)?.id).toBe(first);
    store.close();
  });

  it('reports a row damaged outside zuko-judge against the file, table and column', () => {
    const { store, file } = fresh();
    const { id } = store.addSubmission(submission());
    const judging = store.startJudging(id, META);
    store.finishJudging(judging, outcome('AC'));
    const raw = new Database(file);
    raw.prepare(`UPDATE judgings SET verdict = 'XX' WHERE id = ?`).run(judging);
    raw.close();
    let err: unknown;
    try {
      store.currentJudging(id);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).issues[0]).toMatchObject({ file, field: `judgings[id ${judging}].verdict` });
    store.close();
  });
});
