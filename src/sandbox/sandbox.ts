import os from 'node:os';
import type Docker from 'dockerode';
import { SandboxError, UserError } from '../util/errors.js';
import { classify } from './classify.js';
import { Box } from './container.js';
import type { Reply } from './protocol.js';
import type { ContainerProfile, RunResult, RunSpec } from './types.js';

/**
 * Runs programs in long-lived hardened containers, one run per CPU at a time.
 *
 * A container per run costs 200–340 ms; a request to the supervisor already living in one costs
 * about 2 ms. So each (image, profile, CPU) gets one container, pinned to that CPU, reused for
 * every run; the supervisor gives each run a fresh scratch dir and leaves no process behind.
 * Holding a CPU while a run is in flight means two runs never share a core.
 */
export class Sandbox {
  private readonly freeCpus: number[];
  private readonly cpuWaiters: Array<(cpu: number) => void> = [];
  private readonly boxes = new Map<string, Promise<Box>>();
  private closed = false;

  constructor(
    private readonly docker: Docker,
    cpus: number[] = defaultCpus(),
  ) {
    this.freeCpus = [...cpus];
    this.concurrency = cpus.length;
  }

  readonly concurrency: number;

  /** Runs one program in `image` (a full tag). A broken supervisor gets one retry in a fresh container. */
  async run(image: string, profile: ContainerProfile, spec: RunSpec): Promise<RunResult> {
    const cpu = await this.takeCpu();
    try {
      return await this.runOn(cpu, image, profile, spec, true);
    } finally {
      this.releaseCpu(cpu);
    }
  }

  private async runOn(cpu: number, image: string, profile: ContainerProfile, spec: RunSpec, retry: boolean): Promise<RunResult> {
    if (this.closed) throw new SandboxError('the sandbox is shut down');
    const key = `${image}|${profile.memoryMib}|${profile.pids}|${profile.scratchMib}|${cpu}`;
    let reply: Reply;
    try {
      const box = await this.box(key, image, profile, cpu);
      reply = await box.exec(spec).catch(async (err: unknown) => {
        this.boxes.delete(key);
        await box.destroy();
        throw err;
      });
    } catch (err) {
      if (retry && err instanceof SandboxError && !this.closed) return this.runOn(cpu, image, profile, spec, false);
      throw err;
    }
    if (reply.kind === 'error') throw new SandboxError(`the supervisor could not run the program: ${reply.message}`);
    if (reply.kind !== 'result') throw new SandboxError(`unexpected reply from the supervisor: ${reply.kind}`);
    const { status, limitHit } = classify(reply.facts, spec.limits);
    const f = reply.facts;
    return {
      status,
      limitHit,
      exitCode: f.exitCode,
      signal: f.signal,
      cpuMs: f.cpuUs / 1000,
      wallMs: f.wallUs / 1000,
      memoryKb: f.maxRssKb,
      stdout: reply.stdout,
      stdoutBytes: f.stdoutTotal,
      stderr: reply.stderr,
      stderrBytes: f.stderrTotal,
      files: reply.files,
    };
  }

  private box(key: string, image: string, profile: ContainerProfile, cpu: number): Promise<Box> {
    const existing = this.boxes.get(key);
    if (existing) return existing;
    const created = Box.start(this.docker, image, profile, cpu);
    this.boxes.set(key, created);
    created.catch(() => this.boxes.delete(key));
    return created;
  }

  private takeCpu(): Promise<number> {
    const cpu = this.freeCpus.shift();
    if (cpu !== undefined) return Promise.resolve(cpu);
    return new Promise((resolve) => this.cpuWaiters.push(resolve));
  }

  private releaseCpu(cpu: number): void {
    const waiter = this.cpuWaiters.shift();
    if (waiter) waiter(cpu);
    else this.freeCpus.push(cpu);
  }

  /** Removes every container this sandbox made. */
  async close(): Promise<void> {
    this.closed = true;
    const boxes = [...this.boxes.values()];
    this.boxes.clear();
    await Promise.all(boxes.map((b) => b.then((box) => box.destroy()).catch(() => undefined)));
  }
}

function defaultCpus(): number[] {
  const env = process.env.ZUKO_CPUS;
  if (env) {
    const cpus = env.split(',').map((c) => Number(c.trim()));
    if (cpus.some((c) => !Number.isInteger(c) || c < 0 || c >= os.availableParallelism())) {
      throw new UserError(`ZUKO_CPUS: '${env}' is not a list of CPU numbers below ${os.availableParallelism()} (e.g. 0,1)`);
    }
    return cpus;
  }
  return Array.from({ length: os.availableParallelism() }, (_, i) => i);
}
