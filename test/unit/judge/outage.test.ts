import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { failureOf, infrastructureReason } from '../../../src/record/failure.js';
import { Outage, OutageError } from '../../../src/judge/outage.js';
import { SandboxError, UserError } from '../../../src/util/errors.js';

/** An outage with fast backoff whose one probe answers from a switch the test flips. */
function setup(limitMs = 5_000) {
  const log: string[] = [];
  const world = { up: true, probes: 0 };
  const outage = new Outage({
    probes: [
      async () => {
        world.probes++;
        return world.up ? null : 'engine unreachable';
      },
    ],
    limitMs,
    log: (line) => log.push(line),
    firstDelayMs: 5,
    maxDelayMs: 20,
  });
  return { outage, log, world };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const transient = (err: unknown) => infrastructureReason(err);

describe('Outage', () => {
  it('lets work through at once while nothing failed', async () => {
    const { outage, log } = setup();
    await outage.ready();
    expect(await outage.retry(() => 7, transient)).toBe(7);
    expect(outage.status()).toEqual({ healthy: true, reason: null, downForMs: 0 });
    expect(log).toEqual([]);
  });

  it('retries work through one outage, saying so once when it starts and once when it ends', async () => {
    const { outage, log, world } = setup();
    world.up = false;
    let calls = 0;
    const work = (n: number) =>
      outage.retry(() => {
        calls++;
        if (!world.up) throw new SandboxError(`cannot start a sandbox container (${n})`);
        return n;
      }, transient);
    const all = Promise.all([work(1), work(2), work(3)]);
    await sleep(60);
    expect(outage.status().healthy).toBe(false);
    expect(outage.status().reason).toBe('engine unreachable');
    // While the probe fails, nobody hammers the engine: each piece of work tried once.
    expect(calls).toBe(3);
    world.up = true;
    expect(await all).toEqual([1, 2, 3]);
    expect(outage.status().healthy).toBe(true);
    expect(log).toHaveLength(2);
    expect(log[0]).toMatch(/^judging paused: cannot start a sandbox container \(1\); retrying with backoff, giving up after 5\.0 s$/);
    expect(log[1]).toMatch(/^judging resumed: back after \d+\.\d s \(engine unreachable\)$/);
  });

  it('keeps one outage going while the retried work still fails after the probes pass', async () => {
    const { outage, log } = setup();
    let locked = 3;
    const value = await outage.retry(() => {
      if (locked-- > 0) throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
      return 'written';
    }, transient);
    expect(value).toBe('written');
    expect(log).toHaveLength(2);
    expect(log[0]).toMatch(/database SQLITE_BUSY: database is locked/);
  });

  it('holds new work back during an outage', async () => {
    const { outage, world } = setup();
    world.up = false;
    const failing = outage.failed('disk full');
    let started = false;
    const waiting = outage.ready().then(() => {
      started = true;
    });
    await sleep(40);
    expect(started).toBe(false);
    world.up = true;
    await Promise.all([failing, waiting]);
    expect(started).toBe(true);
  });

  it('admits one piece of new work first when the probes pass, and the rest once it worked', async () => {
    const { outage, log, world } = setup();
    world.up = false;
    const outageOn = outage.failed('engine unreachable');
    const started: number[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const work = (n: number) =>
      outage.retry(
        async () => {
          started.push(n);
          await gate;
          return n;
        },
        transient,
        { start: true },
      );
    const all = Promise.all([work(1), work(2), work(3)]);
    await sleep(30);
    expect(started).toEqual([]);
    world.up = true;
    await outageOn;
    await sleep(20);
    expect(started).toHaveLength(1);
    release();
    expect(await all).toEqual([1, 2, 3]);
    expect(started).toHaveLength(3);
    expect(log).toHaveLength(2);
  });

  it('retries new work one piece at a time while a failure the probes cannot see goes on', async () => {
    const { outage, log } = setup();
    let broken = true;
    let inFlight = 0;
    let laterInFlight = 0;
    const work = (n: number) => {
      let attempt = 0;
      return outage.retry(
        async () => {
          attempt++;
          inFlight++;
          // While it is broken, only ever one retry at a time (once it works, everyone goes).
          if (attempt > 1 && broken) laterInFlight = Math.max(laterInFlight, inFlight);
          await sleep(2);
          inFlight--;
          if (broken) throw new SandboxError('No such image: zuko-judge/gcc:x');
          return n;
        },
        transient,
        { start: true },
      );
    };
    // Up at first: all three start together and fail.
    const all = Promise.all([work(1), work(2), work(3)]);
    await sleep(150);
    broken = false;
    expect(await all).toEqual([1, 2, 3]);
    expect(laterInFlight).toBe(1);
    expect(log).toHaveLength(2);
    expect(log[0]).toMatch(/^judging paused: No such image/);
  });

  it('gives up after the limit: every waiter and every later caller gets the reason', async () => {
    const { outage, world } = setup(80);
    world.up = false;
    const work = outage.retry(() => {
      throw new SandboxError('supervisor exited');
    }, transient);
    const waiter = outage.ready();
    await expect(work).rejects.toThrow(OutageError);
    await expect(waiter).rejects.toThrow(/^gave up after waiting 0\.\d s: engine unreachable$/);
    await expect(outage.ready()).rejects.toThrow(OutageError);
    world.up = true;
    await expect(outage.failed('again')).rejects.toThrow(OutageError);
  });

  it("throws errors that are not the infrastructure's at once, without pausing", async () => {
    const { outage, log } = setup();
    await expect(
      outage.retry(() => {
        throw new UserError('problem.yaml: limits.time_limit: not set');
      }, transient),
    ).rejects.toThrow(UserError);
    expect(log).toEqual([]);
    expect(outage.status().healthy).toBe(true);
  });
});

describe('failureOf', () => {
  it('tells the infrastructure apart from everything else', () => {
    const sqlMistake = (() => {
      const a = new Database(':memory:');
      try {
        a.exec('BEGIN; ROLLBACK; ROLLBACK');
      } catch (err) {
        return err;
      }
    })();
    expect(failureOf(new SandboxError('cannot start a sandbox container from zuko-judge/gcc:x: connect ENOENT'))).toEqual({
      kind: 'infrastructure',
      reason: 'cannot start a sandbox container from zuko-judge/gcc:x: connect ENOENT',
    });
    expect(failureOf(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }))).toEqual({
      kind: 'infrastructure',
      reason: 'no space left on device: ENOSPC: no space left on device, write',
    });
    expect(failureOf(Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY_SNAPSHOT' })).kind).toBe('infrastructure');
    expect(failureOf(new OutageError('gave up after waiting 600.0 s: engine unreachable')).kind).toBe('infrastructure');
    // A mistake in SQL is a bug, not an outage.
    expect(failureOf(sqlMistake).kind).toBe('error');
    expect(failureOf(Object.assign(new Error('no such file'), { code: 'ENOENT' })).kind).toBe('error');
    expect(failureOf(new UserError('checker does not compile'))).toEqual({ kind: 'error', reason: 'checker does not compile' });
  });
});
