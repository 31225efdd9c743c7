import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { packageRoot } from '../util/paths.js';
import { aPlusB, APLUSB } from './judge-bench.js';
import { fmt, median } from './stats.js';

const REPEATS = 3;
const run = promisify(execFile);

/**
 * `zuko-judge submit` of the 100-test a+b C++ program as a user types it: a new process each
 * time, Node start-up, engine check and containers included, against Node's own start-up.
 */
export async function benchCli(log: (s: string) => void): Promise<{ submitMs: number; nodeMs: number }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'zuko-bench-cli-'));
  try {
    const problem = aPlusB(dir);
    const db = path.join(dir, 'bench.db');
    const env = { ...process.env, ZUKO_CACHE: path.join(dir, 'cache') };
    const main = path.join(packageRoot(), 'dist/cli/main.js');
    // Asynchronous, so this process keeps answering for the CPUs it holds (see CpuLeases).
    const timed = async (argv: string[]) => {
      const t0 = performance.now();
      const { stdout } = await run(process.execPath, argv, { env, encoding: 'utf8' });
      return { ms: performance.now() - t0, stdout };
    };
    const submit = async (source: string) => {
      writeFileSync(path.join(dir, 'sol.cpp'), source);
      const r = await timed([main, 'submit', problem, path.join(dir, 'sol.cpp'), '--db', db, '--json']);
      if (!r.stdout.includes('"AC"')) throw new Error('benchmark submission was not judged AC');
      return r.ms;
    };
    const fresh: number[] = [];
    for (let i = 0; i < REPEATS; i++) fresh.push(await submit(`${APLUSB}// cli ${Date.now()}-${i}\n`));
    const cachedSource = `${APLUSB}// cli cached ${Date.now()}\n`;
    await submit(cachedSource);
    const cached: number[] = [];
    for (let i = 0; i < REPEATS; i++) cached.push(await submit(cachedSource));
    const node: number[] = [];
    for (let i = 0; i < REPEATS; i++) node.push((await timed(['-e', '0'])).ms);
    const nodeMs = median(node);
    const submitMs = median(fresh);
    log(`zuko-judge submit (new process, 100 tests), fresh compile: median ${fmt(submitMs)} ms; compile cached: ${fmt(median(cached))} ms`);
    log(`bare Node start-up: ${fmt(nodeMs)} ms`);
    return { submitMs, nodeMs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
