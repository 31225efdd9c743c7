import { spawn } from 'node:child_process';
import type Docker from 'dockerode';
import { compile } from '../judge/compile.js';
import { runLimits } from '../judge/limits.js';
import { resolveLanguage, type LanguageTable } from '../lang/config.js';
import { hardenedConfig } from '../sandbox/container.js';
import type { ImageTags } from '../sandbox/images.js';
import type { Sandbox } from '../sandbox/sandbox.js';
import { cv, fmt, median } from './stats.js';

const TRIVIAL = '#include <cstdio>\nint main(){long long a,b;if(scanf("%lld %lld",&a,&b)!=2)return 1;printf("%lld\\n",a+b);}';
const CPU_BOUND =
  '#include <cstdio>\nint main(){unsigned long long x=1;for(long i=0;i<300000000L;i++)x=x*6364136223846793005ULL+1442695040888963407ULL;printf("%llu\\n",x);}';

export interface SandboxBenchResult {
  zukoMs: number;
  containerMs: number;
  forkMs: number;
  cpuCv: number;
  cpuMeanMs: number;
}

/** Per-testcase sandbox overhead three ways, measured in one run, and the CPU-time spread. */
export async function benchSandbox(docker: Docker, sandbox: Sandbox, images: ImageTags, languages: LanguageTable, cacheDir: string, log: (s: string) => void): Promise<SandboxBenchResult> {
  const cpp = resolveLanguage(languages, 'x.cpp');
  const image = images[cpp.image];
  const trivial = await compile(sandbox, cacheDir, { lang: cpp, source: Buffer.from(TRIVIAL), image });
  const { limits, profile } = runLimits({ timeLimitMs: 1000, memoryMib: 256, outputBytes: 8 << 20 }, cpp);
  const spec = { argv: ['./main'], files: trivial.files, stdin: Buffer.from('20 22\n'), limits };

  await sandbox.run(image, profile, spec); // the container's start is paid once per judge, not per test
  const overheads: number[] = [];
  const steps: number[] = [];
  for (let i = 0; i < 100; i++) {
    const t0 = performance.now();
    const r = await sandbox.run(image, profile, spec);
    steps.push(performance.now() - t0);
    overheads.push(steps[i] - r.wallMs);
  }
  const zukoMs = median(overheads);
  log(`zuko-judge sandbox: median overhead ${fmt(zukoMs)} ms per testcase (run step ${fmt(median(steps))} ms minus the program's own wall time; 100 runs of a trivial C++ program)`);

  const containerMs = median(await perTestContainer(docker, image, trivial.files[0].data, 15));
  log(`container per testcase: median ${fmt(containerMs)} ms (15 runs, same hardening)`);

  const forks: number[] = [];
  for (let i = 0; i < 100; i++) forks.push(await timeSpawn('/bin/true'));
  const forkMs = median(forks);
  log(`bare fork/exec on the host: median ${fmt(forkMs)} ms (100 runs of /bin/true)`);

  const heavy = await compile(sandbox, cacheDir, { lang: cpp, source: Buffer.from(CPU_BOUND), image });
  const heavyLimits = { ...limits, cpuMs: 10_000, wallMs: 20_000 };
  const cpu: number[] = [];
  for (let i = 0; i < 20; i++) cpu.push((await sandbox.run(image, profile, { ...spec, files: heavy.files, limits: heavyLimits })).cpuMs);
  const cpuCv = cv(cpu);
  const cpuMeanMs = cpu.reduce((a, b) => a + b, 0) / cpu.length;
  log(`CPU-time spread of a CPU-bound program, 20 runs: mean ${fmt(cpuMeanMs)} ms, coefficient of variation ${(cpuCv * 100).toFixed(2)} %`);
  return { zukoMs, containerMs, forkMs, cpuCv, cpuMeanMs };
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
  header.write(data.length.toString(8).padStart(11, '0') + '\0', 124);
  header.write(Math.floor(Date.now() / 1000).toString(8).padStart(11, '0') + '\0', 136);
  header.write('        ', 148);
  header.write('0', 156);
  header.write('ustar\0', 257);
  header.write('00', 263);
  let sum = 0;
  for (const b of header) sum += b;
  header.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
  const pad = Buffer.alloc((512 - (data.length % 512)) % 512);
  return Buffer.concat([header, data, pad, Buffer.alloc(1024)]);
}
