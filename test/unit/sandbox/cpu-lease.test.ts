import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { CpuLeases } from '../../../src/sandbox/cpu-lease.js';

/** Each test leases in a name space of its own, so judges running on this machine are left alone. */
let opened: CpuLeases[] = [];
function leases(cpus: number[], namespace: string): CpuLeases {
  const l = new CpuLeases(cpus, namespace);
  opened.push(l);
  return l;
}
afterEach(async () => {
  await Promise.all(opened.map((l) => l.close()));
  opened = [];
});

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Whether the promise has settled after the event loop had time to deliver any socket events. */
async function settled(p: Promise<unknown>): Promise<boolean> {
  let done = false;
  void p.then(
    () => (done = true),
    () => (done = true),
  );
  await pause(200);
  return done;
}

describe('machine-wide CPU leases', () => {
  it('never lets two holders have one CPU; the second gets it when the first run ends', async () => {
    const ns = `test-${randomUUID()}`;
    const a = leases([0], ns);
    const b = leases([0], ns);
    expect(await a.take()).toBe(0);
    const second = b.take();
    expect(await settled(second)).toBe(false);
    a.give(0);
    expect(await second).toBe(0);
    const third = a.take();
    expect(await settled(third)).toBe(false);
    b.give(0);
    expect(await third).toBe(0);
  });

  it('hands an idle CPU to a process that asks for it', async () => {
    const ns = `test-${randomUUID()}`;
    const a = leases([0, 1], ns);
    const b = leases([0, 1], ns);
    const first = await a.take();
    const second = await a.take();
    expect(new Set([first, second])).toEqual(new Set([0, 1]));
    a.give(first);
    a.give(second);
    const got = await Promise.all([b.take(), b.take()]);
    expect(new Set(got)).toEqual(new Set([0, 1]));
  });

  it('lets two busy processes take turns instead of one starving the other', async () => {
    const ns = `test-${randomUUID()}`;
    const holders = [leases([0], ns), leases([0], ns)];
    const spans: Array<{ who: number; from: bigint; to: bigint }> = [];
    const work = async (who: number) => {
      for (let i = 0; i < 20; i++) {
        const cpu = await holders[who].take();
        const from = process.hrtime.bigint();
        await pause(1);
        spans.push({ who, from, to: process.hrtime.bigint() });
        holders[who].give(cpu);
      }
    };
    await Promise.all([work(0), work(1)]);
    spans.sort((x, y) => (x.from < y.from ? -1 : 1));
    for (let i = 1; i < spans.length; i++) expect(spans[i].from >= spans[i - 1].to).toBe(true);
    // Turns alternate: neither ran all its 20 runs before the other began.
    const firstOf = (who: number) => spans.findIndex((s) => s.who === who);
    expect(Math.max(firstOf(0), firstOf(1))).toBeLessThan(20);
  });

  it('frees a lease the moment its holder process dies, however it dies', async () => {
    const ns = `test-${randomUUID()}`;
    const name = `\\0${ns}/cpu/0`;
    const holder = spawn(process.execPath, ['-e', `require('net').createServer().listen('${name}', () => console.log('held'))`], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await once(holder.stdout!, 'data');
    const ours = leases([0], ns);
    const taken = ours.take();
    expect(await settled(taken)).toBe(false);
    holder.kill('SIGKILL');
    expect(await taken).toBe(0);
  });

  it('fails waiting takes when closed', async () => {
    const ns = `test-${randomUUID()}`;
    const a = leases([0], ns);
    const b = leases([0], ns);
    await a.take();
    const waiting = b.take();
    await b.close();
    await expect(waiting).rejects.toThrow(/shut down/);
  });
});
