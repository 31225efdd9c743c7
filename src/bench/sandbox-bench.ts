import { spawn } from 'node:child_process';
import type Docker from 'dockerode';
import { compile } from '../judge/compile.js';
import { runLimits } from '../judge/limits.js';
import { resolveLanguage, type LanguageTable } from '../lang/config.js';
import { hardenedConfig } from '../sandbox/container.js';
import { DockerSandbox } from '../sandbox/sandbox.js';
import type { RunResult, RunSpec, Sandbox } from '../sandbox/types.js';
import { cv, fmt, median } from './stats.js';

const TRIVIAL = '#include <cstdio>\nint main(){long long a,b;if(scanf("%lld %lld",&a,&b)!=2)return 1;printf("%lld\\n",a+b);}';
const CPU_BOUND =
  '#include <cstdio>\nint main(){unsigned long long x=1;for(long i=0;i<300000000L;i++)x=x*6364136223846793005ULL+1442695040888963407ULL;printf("%llu\\n",x);}';

export interface SandboxBenchResult {
  /** Per test, the chosen policy: the submission's own warm container, its program shipped once. */
  zukoMs: number;
  /** Per test, the program shipped with every request (the design before staging). */
  shippedEveryTestMs: number;
  /** Per submission: taking a container for a new owner (from the spares), staging, releasing it. */
  perSubmissionMs: number;
  /** The same without spares: a container started on demand for every submission. */
  perSubmissionColdMs: number;
  containerMs: number;
  forkMs: number;
  cpuCv: number;
  cpuMeanMs: number;
}

/** Per-testcase and per-submission sandbox overhead, each policy measured in one run, and the CPU-time spread. */
export async function benchSandbox(
  docker: Docker,
  sandbox: Sandbox,
  languages: LanguageTable,
  cacheDir: string,
  log: (s: string) => void,
): Promise<SandboxBenchResult> {
  const cpp = resolveLanguage(languages, 'x.cpp');
  const image = cpp.image;
  const trivial = await compile(sandbox, cacheDir, { lang: cpp, source: Buffer.from(TRIVIAL), image });
  const limits = runLimits({ timeLimitMs: 1000, memoryMib: 256, outputBytes: 8 << 20 }, cpp);
  const base = { argv: ['./main'], stdin: Buffer.from('20 22\n'), limits };
  const staged = { ...base, owner: 'bench-staged', program: { key: trivial.key, files: trivial.files } };
  const shipped = { ...base, owner: 'bench-shipped', files: trivial.files };

  // Each owner's container start and the program's shipping are paid once, before the timed runs.
  await sandbox.run(image, staged);
  await sandbox.run(image, shipped);
  const stagedSteps: number[] = [];
  const shippedSteps: number[] = [];
  for (let i = 0; i < 100; i++) {
    stagedSteps.push(await overhead(() => sandbox.run(image, staged)));
    shippedSteps.push(await overhead(() => sandbox.run(image, shipped)));
  }
  sandbox.release('bench-staged');
  sandbox.release('bench-shipped');
  const zukoMs = median(stagedSteps);
  const shippedEveryTestMs = median(shippedSteps);
  log(`per test, chosen policy (own container, program shipped once): median ${fmt(zukoMs)} ms overhead (100 runs, interleaved)`);
  log(
    `per test, program shipped with every request:                 median ${fmt(shippedEveryTestMs)} ms overhead (${(trivial.files[0].data.length / 1024).toFixed(0)} KiB binary)`,
  );

  const perSubmissionMs = median(await perSubmission(sandbox, image, staged, 10));
  const cold = new DockerSandbox(docker, { cpus: [0], spares: 0 });
  const perSubmissionColdMs = median(await perSubmission(cold, image, staged, 10));
  await cold.close();
  log(`per submission, from a warm spare: median ${fmt(perSubmissionMs)} ms (first run of a new owner, minus a warm run)`);
  log(`per submission, no spares (container started on demand): median ${fmt(perSubmissionColdMs)} ms`);

  const containerMs = median(await perTestContainer(docker, sandbox.imageId(image), trivial.files[0].data, 15));
  log(`container per testcase: median ${fmt(containerMs)} ms (15 runs, same hardening)`);

  const forks: number[] = [];
  for (let i = 0; i < 100; i++) forks.push(await timeSpawn('/bin/true'));
  const forkMs = median(forks);
  log(`bare fork/exec on the host: median ${fmt(forkMs)} ms (100 runs of /bin/true)`);

  const heavy = await compile(sandbox, cacheDir, { lang: cpp, source: Buffer.from(CPU_BOUND), image });
  const heavySpec = { ...base, owner: 'bench-heavy', program: { key: heavy.key, files: heavy.files }, limits: { ...limits, cpuMs: 10_000, wallMs: 20_000 } };
  const cpu: number[] = [];
  for (let i = 0; i < 20; i++) cpu.push((await sandbox.run(image, heavySpec)).cpuMs);
  sandbox.release('bench-heavy');
  const cpuCv = cv(cpu);
  const cpuMeanMs = cpu.reduce((a, b) => a + b, 0) / cpu.length;
  log(`CPU-time spread of a CPU-bound program, 20 runs: mean ${fmt(cpuMeanMs)} ms, coefficient of variation ${(cpuCv * 100).toFixed(2)} %`);
  return { zukoMs, shippedEveryTestMs, perSubmissionMs, perSubmissionColdMs, containerMs, forkMs, cpuCv, cpuMeanMs };
}

/** Sandbox time of one run beyond the program's own wall time. */
async function overhead(runOnce: () => Promise<RunResult>): Promise<number> {
  const t0 = performance.now();
  const r = await runOnce();
  return performance.now() - t0 - r.wallMs;
}

/** What a new submission adds: its first run (container taken, program staged) beyond a warm run. */
async function perSubmission(sandbox: Sandbox, image: string, spec: RunSpec, count: number): Promise<number[]> {
  const extra: number[] = [];
  for (let i = 0; i < count; i++) {
    const owner = `bench-submission-${i}`;
    const first = await overhead(() => sandbox.run(image, { ...spec, owner }));
    const warm = await overhead(() => sandbox.run(image, { ...spec, owner }));
    sandbox.release(owner);
    extra.push(first - warm);
    // Gives the spare time to start, as the queue's other work would between two submissions.
    await new Promise((r) => setTimeout(r, 600));
  }
  return extra;
}

/** The naive design, for comparison: create, copy the program in, start, wait, remove — per test. */
async function perTestContainer(docker: Docker, image: string, binary: Buffer, runs: number): Promise<number[]> {
  const times: number[] = [];
  const config = hardenedConfig(image, { memoryMib: 512, pids: 64, scratchMib: 64 }, 0);
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const c = await docker.createContainer({
      ...config,
      Entrypoint: ['sh', '-c', 'echo 20 22 | /usr/local/bin/prog'],
      OpenStdin: false,
      AttachStdin: false,
      HostConfig: { ...config.HostConfig, ReadonlyRootfs: false },
    });
    await c.putArchive(tarOf('prog', binary), { path: '/usr/local/bin' });
    await c.start();
    await c.wait();
    await c.remove({ force: true });
    times.push(performance.now() - t0);
  }
  return times;
}

function timeSpawn(cmd: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, [], { stdio: 'ignore' });
    child.on('error', reject);
    child.on('exit', () => resolve(performance.now() - t0));
  });
}

/** A one-file tar archive (ustar), enough for putArchive. */
function tarOf(name: string, data: Buffer): Buffer {
  const header = Buffer.alloc(512);
  header.write(name, 0);
  header.write('0000755\0', 100);
  header.write('0000000\0', 108);
  header.write('0000000\0', 116);
  header.write(`${data.length.toString(8).padStart(11, '0')}\0`, 124);
  header.write(
    `${Math.floor(Date.now() / 1000)
      .toString(8)
      .padStart(11, '0')}\0`,
    136,
  );
  header.write('        ', 148);
  header.write('0', 156);
  header.write('ustar\0', 257);
  header.write('00', 263);
  let sum = 0;
  for (const b of header) sum += b;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  const pad = Buffer.alloc((512 - (data.length % 512)) % 512);
  return Buffer.concat([header, data, pad, Buffer.alloc(1024)]);
}
