/**
 * Throughput of judge workers on one PostgreSQL queue: the demo contest queued with
 * `import --enqueue-only`, then judged by 1 worker, and again (fresh database, fresh compile
 * caches) by 2 workers, each pinned to a CPU of its own, as separate processes.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { batchTiming, createDatabase, databaseStats as stats, dropDatabase } from '../queue/admin.js';
import { setupPostgres } from '../cli/setup-postgres.js';
import { fmt } from './stats.js';

const CLI = path.resolve('dist/cli/main.js');

interface Run {
  workers: number;
  submissions: number;
  /** From the last worker's start (its engine ready) to the batch's last item settled. */
  seconds: number;
  /** What the database did for the judging, from its statistics (the queueing excluded). */
  commits: number;
  rowsWritten: number;
  /** Most connections the workers held at once. */
  connections: number;
}

/** A PostgreSQL URL whose role may create databases: `ZUKO_BENCH_DB`, else the local server `setup --postgres` prepares. */
export async function benchDatabase(log: (s: string) => void): Promise<string> {
  return process.env.ZUKO_BENCH_DB ?? setupPostgres(log);
}

/** `adminUrl` names a database whose role may create databases; each run gets one of its own. */
export async function benchQueue(adminUrl: string, log: (s: string) => void): Promise<void> {
  const one = await judgeWithWorkers(adminUrl, 1);
  const two = await judgeWithWorkers(adminUrl, 2);
  for (const r of [one, two]) {
    log(`${r.workers} worker(s): ${r.submissions} submissions in ${fmt(r.seconds)} s, ${fmt((r.submissions / r.seconds) * 60)} submissions per minute`);
    log(
      `  database: ${fmt(r.commits / r.submissions)} commits and ${fmt(r.rowsWritten / r.submissions)} rows written per submission, up to ${r.connections} connections`,
    );
  }
  log(`ratio 2 workers / 1 worker: ${fmt(one.seconds / two.seconds)}x throughput (cold compile caches; 1 CPU per worker)`);
}

async function judgeWithWorkers(adminUrl: string, workers: number): Promise<Run> {
  const name = `zuko_bench_${process.pid}_${workers}`;
  const url = await createDatabase(adminUrl, name);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'zuko-bench-queue-'));
  try {
    await cli(['import', 'demo', 'submissions/demo/manifest.csv', '--enqueue-only'], { ZUKO_DB: url });
    const before = await stats(adminUrl, name);
    let connections = 0;
    let running = true;
    const sampling = (async () => {
      while (running) {
        connections = Math.max(connections, (await stats(adminUrl, name)).connections);
        await new Promise((r) => setTimeout(r, 200));
      }
    })();
    const processes = Array.from({ length: workers }, (_, i) =>
      cli(['worker', '--until-idle'], { ZUKO_DB: url, ZUKO_CPUS: String(i % os.availableParallelism()), ZUKO_CACHE: path.join(dir, `cache-${i}`) }),
    );
    try {
      await Promise.all(processes);
    } finally {
      running = false;
      await sampling;
    }
    const after = await stats(adminUrl, name);
    return { workers, ...(await batchTiming(url)), commits: after.commits - before.commits, rowsWritten: after.rows - before.rows, connections };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await dropDatabase(adminUrl, name);
  }
}

function cli(args: string[], env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`zuko-judge ${args[0]} exited ${code}: ${stderr.trim().split('\n').pop()}`))));
  });
}
