import { describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/index.js';
import { UserError } from '../../src/util/errors.js';
import type { Backend } from './backends.js';
import { META, outcome, submission, testResult } from './fixtures.js';

/** A trigger that makes the statement of finishJudging setting the current judging fail. */
const BLOCK_CURRENT: Record<Backend['name'], string> = {
  sqlite: `CREATE TRIGGER block BEFORE UPDATE OF current_judging_id ON submissions BEGIN SELECT RAISE(ABORT, 'blocked'); END`,
  postgres: `CREATE FUNCTION block() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'blocked'; END $$;
    CREATE TRIGGER block BEFORE UPDATE OF current_judging_id ON submissions FOR EACH ROW EXECUTE FUNCTION block()`,
};

export function judgingTests(backend: Backend): void {
  async function fresh(): Promise<{ store: Store; db: string }> {
    const db = await backend.fresh();
    return { store: await openStore(db), db };
  }

  describe('judgings', () => {
    it('makes the last finished judging current, never a running or failed one', async () => {
      const { store } = await fresh();
      const { id } = await store.addSubmission(submission());
      const first = await store.startJudging(id, META);
      expect((await store.getJudging(first))?.status).toBe('running');
      expect(await store.currentJudging(id)).toBeNull();

      await store.finishJudging(first, outcome('WA'));
      expect((await store.currentJudging(id))?.id).toBe(first);
      expect((await store.currentJudging(id))?.outcome?.verdict).toBe('WA');

      const second = await store.startJudging(id, { ...META, packageHash: 'q'.repeat(64) });
      expect((await store.currentJudging(id))?.id).toBe(first);
      await store.finishJudging(second, outcome('AC'));
      expect((await store.currentJudging(id))?.id).toBe(second);
      expect((await store.getSubmission(id))?.currentJudgingId).toBe(second);

      const third = await store.startJudging(id, META);
      await store.failJudging(third, 'sandbox image missing', 'infrastructure');
      expect((await store.currentJudging(id))?.id).toBe(second);
      const fourth = await store.startJudging(id, META);
      await store.failJudging(fourth, 'checker does not compile');
      expect((await store.currentJudging(id))?.id).toBe(second);

      const history = await store.judgingHistory(id);
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
      await store.close();
    });

    it('stores the whole outcome of a finished judging', async () => {
      const { store } = await fresh();
      const { id } = await store.addSubmission(submission());
      const judging = await store.startJudging(id, META);
      const ce = outcome('CE', { score: 0, maxScore: 30, timeMs: 0, memoryKb: 0 });
      await store.finishJudging(judging, ce);
      const back = (await store.getJudging(judging))!;
      expect(back.outcome).toEqual(ce);
      expect(back.judgeVersion).toBe('0.1.0');
      expect(Date.parse(back.finishedAt!)).toBeGreaterThanOrEqual(Date.parse(back.startedAt));
      await store.close();
    });

    it('lets only a running judging change', async () => {
      const { store } = await fresh();
      const { id } = await store.addSubmission(submission());
      const done = await store.startJudging(id, META);
      await store.finishJudging(done, outcome('AC'));
      await expect(store.finishJudging(done, outcome('WA'))).rejects.toThrow(/not running/);
      await expect(store.failJudging(done, 'late')).rejects.toThrow(/not running/);
      await expect(store.saveTestResults(done, [testResult('secret/1', 'AC')])).rejects.toThrow(/not running/);
      await expect(store.finishJudging(12345, outcome('AC'))).rejects.toThrow(/no such judging/);
      expect((await store.currentJudging(id))?.outcome?.verdict).toBe('AC');
      expect(await store.testResults(done)).toEqual([]);
      await store.close();
    });

    it('saves test results in judging order and reads them back', async () => {
      const { store } = await fresh();
      const { id } = await store.addSubmission(submission());
      const judging = await store.startJudging(id, META);
      const results = [
        testResult('sample/1', 'AC', { outputSha256: 'a'.repeat(64) }),
        testResult('secret/g1/01', 'WA', { score: 0, cpuMs: 12.5 }),
        testResult('secret/g1/02', 'SK', { cpuMs: 0, wallMs: 0, memoryKb: 0, outputBytes: 0 }),
      ];
      await store.saveTestResults(judging, results);
      const back = await store.testResults(judging);
      expect(back.map((r) => r.ordinal)).toEqual([0, 1, 2]);
      expect(back.map(({ judgingId, ordinal, ...rest }) => rest)).toEqual(results);
      expect(back.every((r) => r.judgingId === judging)).toBe(true);
      await store.close();
    });

    it('saves no test result at all when one insert fails', async () => {
      const { store } = await fresh();
      const { id } = await store.addSubmission(submission());
      const judging = await store.startJudging(id, META);
      const clash = [testResult('secret/1', 'AC', { ordinal: 0 }), testResult('secret/2', 'AC', { ordinal: 1 }), testResult('secret/3', 'WA', { ordinal: 1 })];
      await expect(store.saveTestResults(judging, clash)).rejects.toThrow(/UNIQUE|PRIMARY KEY|duplicate key/);
      expect(await store.testResults(judging)).toEqual([]);
      await store.saveTestResults(judging, clash.slice(0, 2));
      expect((await store.testResults(judging)).map((r) => r.name)).toEqual(['secret/1', 'secret/2']);
      await store.close();
    });

    it('fails judgings left running by a crash when the database is opened again', async () => {
      const db = await backend.fresh();
      const before = await openStore(db);
      const a = (await before.addSubmission(submission({ team: 't1' }))).id;
      const b = (await before.addSubmission(submission({ team: 't2' }))).id;
      const c = (await before.addSubmission(submission({ team: 't3' }))).id;
      const finished = await before.startJudging(a, META);
      await before.finishJudging(finished, outcome('AC'));
      const leftA = await before.startJudging(a, META);
      await before.saveTestResults(leftA, [testResult('secret/1', 'AC')]);
      const leftC1 = await before.startJudging(c, META);
      const leftC2 = await before.startJudging(c, META);
      await before.close();

      const after = await openStore(db);
      expect(await after.recoverInterrupted()).toEqual([a, c]);
      for (const judging of [leftA, leftC1, leftC2]) {
        const j = (await after.getJudging(judging))!;
        expect(j.status).toBe('failed');
        expect(j.failureReason).toBe('interrupted');
        expect(j.failureKind).toBe('interrupted');
        expect(j.finishedAt).not.toBeNull();
      }
      expect((await after.currentJudging(a))?.id).toBe(finished);
      expect(await after.currentJudging(b)).toBeNull();
      expect(await after.currentJudging(c)).toBeNull();
      expect(await after.recoverInterrupted()).toEqual([]);
      await after.close();
    });

    it("records the worker of each judging and fails one worker's running judgings on request", async () => {
      const store = await openStore(await backend.fresh(), { workerId: 'host-a/1/aaaa' });
      expect(store.workerId).toBe('host-a/1/aaaa');
      const a = (await store.addSubmission(submission({ team: 't1' }))).id;
      const b = (await store.addSubmission(submission({ team: 't2' }))).id;
      const mine = await store.startJudging(a, META);
      const theirs = await store.startJudging(b, { ...META, workerId: 'host-b/2/bbbb' });
      const finished = await store.startJudging(b, { ...META, workerId: 'host-b/2/bbbb' });
      await store.finishJudging(finished, outcome('AC'));
      expect((await store.getJudging(mine))?.workerId).toBe('host-a/1/aaaa');
      expect((await store.getJudging(theirs))?.workerId).toBe('host-b/2/bbbb');

      expect(await store.failWorkerJudgings('host-b/2/bbbb')).toEqual([b]);
      const failed = (await store.getJudging(theirs))!;
      expect([failed.status, failed.failureKind, failed.failureReason]).toEqual(['failed', 'interrupted', 'interrupted']);
      expect((await store.getJudging(finished))?.status).toBe('done');
      expect((await store.getJudging(mine))?.status).toBe('running');
      expect(await store.failWorkerJudgings('host-b/2/bbbb', 'worker lost', 'infrastructure')).toEqual([]);
      expect(await store.failWorkerJudgings('host-a/1/aaaa', 'worker lost', 'infrastructure')).toEqual([a]);
      expect((await store.getJudging(mine))?.failureKind).toBe('infrastructure');
      await store.close();
    });

    it('leaves a judging running and the current one in place when finishing fails half-way', async () => {
      const { store, db } = await fresh();
      const { id } = await store.addSubmission(submission());
      const first = await store.startJudging(id, META);
      await store.finishJudging(first, outcome('WA'));
      const second = await store.startJudging(id, META);
      // Another connection makes the second statement of finishJudging fail.
      await backend.exec(db, BLOCK_CURRENT[backend.name]);
      await expect(store.finishJudging(second, outcome('AC'))).rejects.toThrow(/blocked/);
      const j = (await store.getJudging(second))!;
      expect([j.status, j.outcome, j.finishedAt]).toEqual(['running', null, null]);
      expect((await store.currentJudging(id))?.id).toBe(first);
      await store.close();
    });

    it('reports a row damaged outside zuko-judge against the database, table and column', async () => {
      const { store, db } = await fresh();
      const { id } = await store.addSubmission(submission());
      const judging = await store.startJudging(id, META);
      await store.finishJudging(judging, outcome('AC'));
      await backend.exec(db, `UPDATE judgings SET verdict = 'XX' WHERE id = ?`, [judging]);
      let err: unknown;
      try {
        await store.currentJudging(id);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(UserError);
      expect((err as UserError).issues[0]).toMatchObject({ file: store.location, field: `judgings[id ${judging}].verdict` });
      await store.close();
    });
  });
}
