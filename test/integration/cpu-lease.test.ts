import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { DockerSandbox } from '../../src/sandbox/sandbox.js';
import { limits, PROFILE, testSandbox } from '../helpers/runtime.js';

const t = testSandbox();
const namespace = `test-${randomUUID()}`;
// Two judges on one machine (a server and a batch import, say), both told to use CPU 0.
const judges = [new DockerSandbox(t.docker, { cpus: [0], leaseNamespace: namespace }), new DockerSandbox(t.docker, { cpus: [0], leaseNamespace: namespace })];
afterAll(async () => {
  await Promise.all(judges.map((j) => j.close()));
  await t.sandbox.close();
});

/** Each run prints the wall clock (ns) as it starts and as it ends, measured inside its container. */
const SPAN = 'date +%s%N; i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done; date +%s%N';

async function spans(judge: DockerSandbox, who: number, runs: number) {
  const out: Array<{ who: number; from: bigint; to: bigint }> = [];
  await Promise.all(
    Array.from({ length: runs }, async () => {
      const r = await judge.runInContainer(t.images.gcc, PROFILE, {
        argv: ['sh', '-c', SPAN],
        owner: `lease-test-${who}`,
        limits: limits({ cpuMs: 10_000, wallMs: 20_000 }),
      });
      expect(r.status).toBe('OK');
      const [from, to] = r.stdout.toString().trim().split('\n').map(BigInt);
      out.push({ who, from, to });
    }),
  );
  judges[who].release(`lease-test-${who}`);
  return out;
}

describe('CPU leases between judges', () => {
  it('never runs two programs on one CPU at once, whichever judge they belong to', async () => {
    const all = (await Promise.all([spans(judges[0], 0, 6), spans(judges[1], 1, 6)])).flat();
    expect(all).toHaveLength(12);
    all.sort((x, y) => (x.from < y.from ? -1 : 1));
    for (let i = 1; i < all.length; i++) expect(all[i].from >= all[i - 1].to, `run ${i} began before run ${i - 1} ended`).toBe(true);
  });
});
