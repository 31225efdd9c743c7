import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { packageRoot } from '../util/paths.js';
import { fmt, median } from './stats.js';

const run = promisify(execFile);
const HOLD_MS = 5;
const FOR_MS = 3000;

interface Span {
  process: number;
  cpu: string;
  from: bigint;
  to: bigint;
}

/** `processes` judges leasing the same CPUs at once, each with 2 loops of 5 ms runs. */
async function contend(processes: number, cpus: string): Promise<Span[]> {
  const namespace = `bench-${randomUUID()}`;
  const worker = path.join(packageRoot(), 'dist/bench/lease-worker.js');
  const outputs = await Promise.all(
    Array.from({ length: processes }, () => run(process.execPath, [worker, namespace, cpus, '2', String(HOLD_MS), String(FOR_MS)], { encoding: 'utf8' })),
  );
  return outputs.flatMap(({ stdout }, i) =>
    (JSON.parse(stdout) as Array<[string, string]>).map(([cpu, span]) => {
      const [from, to] = span.split('-').map(BigInt);
      return { process: i, cpu, from, to };
    }),
  );
}

/** Gaps on one CPU between a run of one process and the next run, of the other process. */
function handovers(spans: Span[]): number[] {
  const gaps: number[] = [];
  for (const cpu of new Set(spans.map((s) => s.cpu))) {
    const on = spans.filter((s) => s.cpu === cpu).sort((a, b) => (a.from < b.from ? -1 : 1));
    for (let i = 1; i < on.length; i++) {
      if (on[i].from < on[i - 1].to) throw new Error(`two runs overlapped on CPU ${cpu}`);
      if (on[i].process !== on[i - 1].process) gaps.push(Number(on[i].from - on[i - 1].to) / 1e6);
    }
  }
  return gaps;
}

/** Machine-wide CPU leases: what handing a CPU between two judge processes costs. */
export async function benchLeases(log: (s: string) => void): Promise<{ aloneRuns: number; sharedRuns: number }> {
  const alone = await contend(1, '0,1');
  const shared = await contend(2, '0,1');
  const gaps = handovers(shared);
  const perProcess = [0, 1].map((p) => shared.filter((s) => s.process === p).length);
  log(`one process, 2 CPUs, 5 ms runs for ${FOR_MS / 1000} s: ${alone.length} runs`);
  log(`two processes sharing them: ${shared.length} runs (${perProcess.join(' + ')}), ${gaps.length} hand-overs, median ${fmt(median(gaps))} ms`);
  return { aloneRuns: alone.length, sharedRuns: shared.length };
}
