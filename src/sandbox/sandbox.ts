import os from 'node:os';
import type Docker from 'dockerode';
import { SandboxError, UserError, errorMessage } from '../util/errors.js';
import { classify } from './classify.js';
import { Box, containerProfile, type ContainerProfile } from './container.js';
import { CpuLeases } from './cpu-lease.js';
import { engineReachable, withTimeout } from './engine.js';
import { imageBuilt, imageTags, type ImageTags } from './images.js';
import type { Reply } from './protocol.js';
import type { RunLimits, RunResult, RunSpec, Sandbox } from './types.js';

/**
 * What happens to an owner's containers when it is released:
 * - `owner`: they are removed; a container never serves a second owner (the default);
 * - `verified`: they go back to the spares, their staged program removed, and serve the next
 *   owner; the clean-up after every run is verified, so this trades defence in depth for about
 *   one container start per submission.
 */
export type ReusePolicy = 'owner' | 'verified';

export interface SandboxOptions {
  /** CPUs runs are pinned to, one run per CPU at a time across every zuko-judge process on the machine. */
  cpus?: number[];
  /** Name space of the machine-wide CPU leases; processes share CPUs only within one (tests use their own). */
  leaseNamespace?: string;
  /** Containers kept started ahead of need per (image, profile, CPU): hides the 0.2–0.5 s start. */
  spares?: number;
  reuse?: ReusePolicy;
  /** Image tags by name; a name not given is tagged from its build context when first used. */
  images?: ImageTags;
  /** Builds an image the first time a run needs it (setup builds the default languages' ahead). */
  ensureImage?(image: string): Promise<void>;
}

/**
 * The Sandbox on the Docker engine: runs programs in hardened containers, one run per CPU at a
 * time, machine-wide (see CpuLeases).
 *
 * Reuse policy: a container serves one owner only (one submission, one ad-hoc execution, one
 * package's checker). Runs of the same owner share it (the supervisor empties and verifies it
 * between runs, and the program is shipped in once); it is thrown away when the owner is
 * released, or at once when its clean-up can't be verified. So nothing a submission does can reach
 * another submission's runs, even through a hole in the clean-up. Starting a container costs
 * 0.2–0.5 s, so spares are started ahead of need, pinned to their CPU and waiting.
 */
export class DockerSandbox implements Sandbox {
  private readonly images: ImageTags;
  private readonly ensureImage: (image: string) => Promise<void>;
  private readonly leases: CpuLeases;
  private readonly cpus: readonly number[];
  /** owner → (image, profile, CPU) key → container. */
  private readonly owned = new Map<string, Map<string, Promise<Box>>>();
  private readonly spares = new Map<string, Promise<Box>[]>();
  private readonly removing = new Set<Promise<void>>();
  private readonly failedStarts = new WeakSet<Promise<Box>>();
  private readonly spareCount: number;
  private readonly reuse: ReusePolicy;
  private closed = false;
  readonly concurrency: number;

  constructor(
    private readonly docker: Docker,
    options: SandboxOptions | number[] = {},
  ) {
    const opts = Array.isArray(options) ? { cpus: options } : options;
    const cpus = opts.cpus ?? defaultCpus();
    this.cpus = [...cpus];
    this.leases = new CpuLeases(cpus, opts.leaseNamespace);
    this.concurrency = cpus.length;
    this.spareCount = opts.spares ?? 1;
    // ZUKO_REUSE, when set, is the operator's word and overrides the command's own default.
    this.reuse = reuseFromEnv() ?? opts.reuse ?? 'owner';
    this.images = { ...opts.images };
    this.ensureImage = opts.ensureImage ?? (async () => {});
  }

  /** Runs one program in the image of that name, in a container sized for its limits. */
  async run(image: string, spec: RunSpec): Promise<RunResult> {
    await this.ensureImage(image);
    return this.runInContainer(this.imageId(image), containerProfile(spec.limits, spec.sizedForMemoryKb), spec);
  }

  imageId(image: string): string {
    this.images[image] ??= imageTags([image])[image];
    return this.images[image];
  }

  async builtImageId(image: string): Promise<string> {
    await this.ensureImage(image);
    try {
      return (await withTimeout(this.docker.getImage(this.imageId(image)).inspect(), 30_000, 'no answer from the Docker engine within 30 s')).Id;
    } catch (err) {
      throw new SandboxError(`cannot look up image ${this.imageId(image)}: ${errorMessage(err)}`);
    }
  }

  async health(images: readonly string[]): Promise<{ engine: boolean; images: boolean }> {
    if ((await engineReachable(this.docker)) !== null) return { engine: false, images: false };
    const built = await Promise.all(images.map((name) => imageBuilt(this.docker, this.imageId(name)).catch(() => false)));
    return { engine: true, images: built.every(Boolean) };
  }

  /** Starts the owner's containers for runs with these limits ahead of them (see `prepareContainers`). */
  prepare(owner: string, image: string, limits: RunLimits, runs: number): void {
    // An image built on first use is built first; a failure shows in the runs themselves.
    this.ensureImage(image).then(
      () => this.prepareContainers(owner, this.imageId(image), containerProfile(limits), runs),
      () => undefined,
    );
  }

  /**
   * Runs one program in `image` (a full tag) with this container profile: the Docker-level call
   * beneath `run`, for tests and benchmarks of the containers themselves. A container that breaks,
   * or that fails its cleanliness check before the run, is replaced and the run retried once in a
   * fresh one.
   */
  async runInContainer(image: string, profile: ContainerProfile, spec: RunSpec): Promise<RunResult> {
    const first = await this.runOnACpu(image, profile, spec);
    // Out of wall time with most of its CPU time unused: a program that sleeps or waits does
    // that, and so does a run whose host stalled (a descheduled virtual CPU, slow page faults),
    // which the run can't tell apart. Only a second such run is trusted as the program's own.
    if (first.limitHit !== 'wall' || first.cpuMs >= spec.limits.cpuMs / 2) return first;
    return this.runOnACpu(image, profile, spec);
  }

  private async runOnACpu(image: string, profile: ContainerProfile, spec: RunSpec): Promise<RunResult> {
    const cpu = await this.takeCpu();
    try {
      return await this.runOn(cpu, image, profile, spec, true);
    } finally {
      this.releaseCpu(cpu);
    }
  }

  /**
   * Starts `owner`'s containers for (image, profile) on up to `runs` CPUs now, so that they start
   * while the owner does something else first (compiles), not when its first runs ask for them.
   */
  prepareContainers(owner: string, image: string, profile: ContainerProfile, runs: number): void {
    if (this.closed) return;
    for (const cpu of this.cpus.slice(0, Math.max(0, runs))) this.acquire(owner, boxKey(image, profile, cpu), image, profile, cpu);
  }

  /** Ends an owner's use of its containers (its submission is judged, its execution done). */
  release(owner: string): void {
    const boxes = this.owned.get(owner);
    if (!boxes) return;
    this.owned.delete(owner);
    for (const [key, box] of boxes) {
      if (this.reuse === 'verified' && !this.closed) this.recycle(key, box);
      else this.discard(box);
    }
  }

  /** Back to the spares, with nothing of the last owner's program left in it. */
  private recycle(key: string, box: Promise<Box>): void {
    const emptied = box.then(async (b) => {
      await b.stage('', []);
      return b;
    });
    emptied.catch(() => this.discard(box));
    const list = this.spares.get(key) ?? [];
    this.spares.set(key, list);
    list.push(emptied);
  }

  private async runOn(cpu: number, image: string, profile: ContainerProfile, spec: RunSpec, retry: boolean): Promise<RunResult> {
    if (this.closed) throw new SandboxError('the sandbox is shut down');
    const key = boxKey(image, profile, cpu);
    let boxPromise = this.acquire(spec.owner, key, image, profile, cpu);
    let reply: Reply;
    try {
      let box = await boxPromise;
      // A spare that died waiting (an engine restart kills them all) is not a failed attempt.
      for (let i = 0; box.dead && i <= this.spareCount; i++) {
        this.forget(spec.owner, key, boxPromise);
        boxPromise = this.acquire(spec.owner, key, image, profile, cpu);
        box = await boxPromise;
      }
      if (spec.program && box.stagedKey !== spec.program.key) await box.stage(spec.program.key, spec.program.files);
      reply = await box.exec(spec);
      if (reply.kind === 'error' && reply.message.startsWith('dirty:')) throw new SandboxError(`sandbox container failed its check: ${reply.message}`);
    } catch (err) {
      this.forget(spec.owner, key, boxPromise);
      if (retry && err instanceof SandboxError && !this.closed) return this.runOn(cpu, image, profile, spec, false);
      throw err;
    }
    if (reply.kind !== 'result' || !reply.facts.clean || !spec.owner) this.forget(spec.owner, key, boxPromise);
    if (reply.kind === 'error') throw new SandboxError(`the supervisor could not run the program: ${reply.message}`);
    if (reply.kind !== 'result') throw new SandboxError(`unexpected reply from the supervisor: ${reply.kind}`);
    return toResult(reply, spec);
  }

  /** The owner's container for this key, else a spare (or a new one) that becomes the owner's. */
  private acquire(owner: string | undefined, key: string, image: string, profile: ContainerProfile, cpu: number): Promise<Box> {
    const existing = owner === undefined ? undefined : this.owned.get(owner)?.get(key);
    if (existing) return existing;
    const box = this.takeSpare(key) ?? this.start(image, profile, cpu);
    this.topUpSpares(key, image, profile, cpu);
    if (owner !== undefined) {
      const boxes = this.owned.get(owner) ?? new Map<string, Promise<Box>>();
      boxes.set(key, box);
      this.owned.set(owner, boxes);
    }
    return box;
  }

  /** The oldest spare that has not already failed to start. */
  private takeSpare(key: string): Promise<Box> | undefined {
    const list = this.spares.get(key) ?? [];
    for (let box = list.shift(); box; box = list.shift()) if (!this.failedStarts.has(box)) return box;
    return undefined;
  }

  private topUpSpares(key: string, image: string, profile: ContainerProfile, cpu: number): void {
    const list = this.spares.get(key) ?? [];
    this.spares.set(key, list);
    while (!this.closed && list.length < this.spareCount) list.push(this.start(image, profile, cpu));
  }

  /** A container that is still alive when taken; one that died waiting (engine restart) is replaced. */
  private start(image: string, profile: ContainerProfile, cpu: number): Promise<Box> {
    const started = Box.start(this.docker, image, profile, cpu).then((box) => {
      if (!box.dead) return box;
      this.discard(Promise.resolve(box));
      return Box.start(this.docker, image, profile, cpu);
    });
    // A spare that fails to start (engine down) is skipped, never handed out.
    started.catch(() => this.failedStarts.add(started));
    return started;
  }

  private forget(owner: string | undefined, key: string, box: Promise<Box>): void {
    const boxes = owner === undefined ? undefined : this.owned.get(owner);
    if (boxes?.get(key) === box) boxes.delete(key);
    this.discard(box);
  }

  private discard(box: Promise<Box>): void {
    const removal = box.then((b) => b.destroy()).catch(() => undefined);
    this.removing.add(removal);
    void removal.finally(() => this.removing.delete(removal));
  }

  private takeCpu(): Promise<number> {
    return this.leases.take();
  }

  private releaseCpu(cpu: number): void {
    this.leases.give(cpu);
  }

  /** Removes every container this sandbox made. */
  async close(): Promise<void> {
    this.closed = true;
    await this.leases.close();
    for (const owner of [...this.owned.keys()]) this.release(owner);
    for (const list of this.spares.values()) for (const box of list.splice(0)) this.discard(box);
    while (this.removing.size) await Promise.all([...this.removing]);
  }
}

/** Containers are interchangeable only within one image, profile and CPU. */
function boxKey(image: string, profile: ContainerProfile, cpu: number): string {
  return `${image}|${profile.memoryMib}|${profile.pids}|${profile.scratchMib}|${cpu}`;
}

function toResult(reply: Extract<Reply, { kind: 'result' }>, spec: RunSpec): RunResult {
  const { status, limitHit } = classify(reply.facts, spec.limits);
  const f = reply.facts;
  return {
    status,
    limitHit,
    exitCode: f.exitCode,
    signal: f.signal,
    cpuMs: f.cpuUs / 1000,
    wallMs: f.wallUs / 1000,
    memoryKb: f.memoryKb,
    stdout: reply.stdout,
    stdoutBytes: f.stdoutTotal,
    stderr: reply.stderr,
    stderrBytes: f.stderrTotal,
    files: reply.files,
    oversize: reply.oversize,
    peer: reply.peer,
  };
}

function reuseFromEnv(): ReusePolicy | undefined {
  const env = process.env.ZUKO_REUSE;
  if (env === undefined || env === 'owner' || env === 'verified') return env;
  throw new UserError(`ZUKO_REUSE: '${env}' is not a reuse policy (owner or verified)`);
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
