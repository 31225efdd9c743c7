import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { packageRoot } from '../util/paths.js';
import { fmt, median } from './stats.js';

const CONCURRENCY = [1, 2, 8, 64];
const REQUESTS = 64;
/** The sandbox's reuse policies (ZUKO_REUSE): a container per execution, or reused after a verified clean-up. */
const POLICIES = ['owner', 'verified'] as const;
const MEMORY_REQUESTS = 10_000;
const PROGRAMS = {
  python: { language: 'python', code: 'print("hello")', file: 'hello.py' },
  cpp: { language: 'cpp', code: '#include <cstdio>\nint main(){puts("hello");}', file: 'hello.cpp' },
};
type Program = keyof typeof PROGRAMS;

interface Load {
  perSecond: number;
  p50: number;
  p99: number;
}

/** `n` calls of `one`, `concurrency` at a time: throughput and latency percentiles. */
async function load(n: number, concurrency: number, one: () => Promise<void>): Promise<Load> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next++ < n) {
      const t0 = performance.now();
      await one();
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { perSecond: n / seconds, p50: median(latencies), p99: latencies[Math.min(latencies.length - 1, Math.ceil(latencies.length * 0.99) - 1)] };
}

function spawnOnce(argv: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'ignore', 'ignore'] });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${argv[0]} exited with ${code}`))));
  });
}

/** The same programs as plain host processes: what the server's sandbox is compared with. */
function hostPrograms(dir: string): Record<Program, string[]> {
  writeFileSync(path.join(dir, PROGRAMS.cpp.file), PROGRAMS.cpp.code);
  execFileSync('g++', ['-O2', '-o', path.join(dir, 'hello'), path.join(dir, PROGRAMS.cpp.file)]);
  const python = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();
  return { python: [python, '-c', PROGRAMS.python.code], cpp: [path.join(dir, 'hello')] };
}

async function startServe(dir: string, reuse: string): Promise<{ url: string; child: ChildProcess }> {
  const config = path.join(dir, 'serve.yaml');
  const big = { max: 1_000_000, window_s: 60 };
  writeFileSync(
    config,
    JSON.stringify({ port: 0, queue_max: 1000, quota: big, rate: { global: big, per_ip: big, per_key: big, concurrency_per_client: 1000 } }),
  );
  const child = spawn(process.execPath, [path.join(packageRoot(), 'dist/cli/main.js'), 'serve', '--config', config], {
    env: { ...process.env, ZUKO_DB: path.join(dir, 'serve.db'), ZUKO_REUSE: reuse },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(stderr);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
  return { url, child };
}

function stopServe(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  return exited;
}

async function execute(url: string, program: Program): Promise<void> {
  const { language, code } = PROGRAMS[program];
  const res = await fetch(`${url}/api/v1/execute`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ language, code }),
  });
  const body = (await res.json()) as { status?: string; stdout?: string };
  if (res.status !== 200 || body.status !== 'OK' || body.stdout !== 'hello\n') throw new Error(`unexpected answer ${res.status}: ${JSON.stringify(body)}`);
}

function rssMib(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

/**
 * The service end to end over HTTP against the same program spawned on the host: throughput and
 * latency at several concurrencies, then the server's memory after many requests.
 */
export async function benchServe(log: (line: string) => void): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'zuko-bench-serve-'));
  try {
    const host = hostPrograms(dir);
    log(`| reuse | program | concurrency | serve req/s | host req/s | ratio | serve p50 ms | host p50 ms | ratio | serve p99 ms | host p99 ms | ratio |`);
    log(`|---|---|---|---|---|---|---|---|---|---|---|---|`);
    for (const reuse of POLICIES) await throughput(dir, reuse, host, log);
    await memory(dir, log);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function throughput(dir: string, reuse: string, host: Record<Program, string[]>, log: (line: string) => void): Promise<void> {
  const { url, child } = await startServe(dir, reuse);
  try {
    for (const program of Object.keys(PROGRAMS) as Program[]) {
      await execute(url, program); // compiles once; every later run is a compile-cache hit
      for (const c of CONCURRENCY) {
        const s = await load(REQUESTS, c, () => execute(url, program));
        const h = await load(REQUESTS, c, () => spawnOnce(host[program]));
        log(
          `| ${reuse} | ${program} hello | ${c} | ${fmt(s.perSecond)} | ${fmt(h.perSecond)} | ${fmt(s.perSecond / h.perSecond)} | ${fmt(s.p50)} | ${fmt(h.p50)} | ${fmt(s.p50 / h.p50)} | ${fmt(s.p99)} | ${fmt(h.p99)} | ${fmt(s.p99 / h.p99)} |`,
        );
      }
    }
  } finally {
    await stopServe(child);
  }
}

/** Memory of a fresh server after 100 and after 10,000 executions (reused containers, to keep it short). */
async function memory(dir: string, log: (line: string) => void): Promise<void> {
  const { url, child } = await startServe(dir, 'verified');
  try {
    await load(100, 8, () => execute(url, 'cpp'));
    const after100 = rssMib(child.pid!);
    await load(MEMORY_REQUESTS - 100, 8, () => execute(url, 'cpp'));
    const after10k = rssMib(child.pid!);
    log(`\nserver memory (RSS): ${fmt(after100)} MiB after 100 requests, ${fmt(after10k)} MiB after ${MEMORY_REQUESTS} (x${fmt(after10k / after100)})`);
  } finally {
    await stopServe(child);
  }
}
