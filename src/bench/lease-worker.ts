import { CpuLeases } from '../sandbox/cpu-lease.js';

/**
 * One judge process of the lease benchmark: `workers` loops, each taking a CPU, holding it for
 * `holdMs` (a run), giving it back, for `forMs`. Prints the runs' [start, end] in ns as JSON.
 */
async function main(): Promise<void> {
  const [namespace, cpuList, workers, holdMs, forMs] = process.argv.slice(2);
  const leases = new CpuLeases(cpuList.split(',').map(Number), namespace);
  const end = Date.now() + Number(forMs);
  const spans: Array<[string, string]> = [];
  await Promise.all(
    Array.from({ length: Number(workers) }, async () => {
      while (Date.now() < end) {
        const cpu = await leases.take();
        const from = process.hrtime.bigint();
        await new Promise((r) => setTimeout(r, Number(holdMs)));
        spans.push([String(cpu), `${from}-${process.hrtime.bigint()}`]);
        leases.give(cpu);
      }
    }),
  );
  await leases.close();
  process.stdout.write(JSON.stringify(spans));
}

await main();
