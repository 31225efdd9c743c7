import { PassThrough, type Duplex } from 'node:stream';
import type Docker from 'dockerode';
import { SandboxError, errorMessage } from '../util/errors.js';
import { withTimeout } from './engine.js';
import { ownerLabels } from './leftovers.js';
import { encodeRequest, encodeStage, ReplyParser, type Reply } from './protocol.js';
import type { RunLimits, RunSpec, SandboxFile } from './types.js';

/**
 * The supervisor is root inside the container with just what its clean-up needs: to remove and
 * read whatever a program left whatever its modes (DAC_OVERRIDE, FOWNER, CHOWN), to kill every
 * process (KILL), and to become the runner with an empty bounding set (SETUID, SETGID, SETPCAP).
 * Programs run as uid 10001 with no capability at all.
 */
const SUPERVISOR_CAPS = ['CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'KILL', 'SETUID', 'SETGID', 'SETPCAP'];

/** Container-level settings: runs with the same profile and image share a container. */
export interface ContainerProfile {
  memoryMib: number;
  pids: number;
  scratchMib: number;
}

const MIB = 1024 * 1024;

/**
 * The container a run's limits need. Its memory cgroup sits above the program's limit as a
 * backstop (the supervisor stops the program at the limit itself): room on top for the scratch
 * tmpfs mounts (`/sandbox`, `/tmp`), the captured stdout and the supervisor.
 */
export function containerProfile(limits: RunLimits, sizedForMemoryKb = 0): ContainerProfile {
  const scratchMib = Math.ceil(limits.scratchBytes / MIB);
  const programMib = Math.ceil(Math.max(limits.memoryKb, sizedForMemoryKb) / 1024);
  return { memoryMib: programMib + 2 * scratchMib + Math.ceil(limits.outputBytes / MIB) + 32, pids: limits.processes, scratchMib };
}

/** Everything that makes a container a sandbox; nothing from the host is mounted into it. */
export function hardenedConfig(image: string, profile: ContainerProfile, cpu: number): Docker.ContainerCreateOptions {
  return {
    Image: image,
    User: '0:0',
    Labels: ownerLabels(),
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    OpenStdin: true,
    StdinOnce: false,
    Tty: false,
    // Skips the network hook of NetworkMode "none": the container still gets its own empty namespace.
    NetworkDisabled: true,
    // Nothing in it is worth a graceful stop, and an engine shutting down should not wait for it.
    StopSignal: 'SIGKILL',
    StopTimeout: 1,
    HostConfig: {
      ReadonlyRootfs: true,
      CapDrop: ['ALL'],
      CapAdd: SUPERVISOR_CAPS,
      SecurityOpt: ['no-new-privileges'],
      PidsLimit: profile.pids,
      Memory: profile.memoryMib * MIB,
      MemorySwap: profile.memoryMib * MIB,
      CpusetCpus: String(cpu),
      IpcMode: 'private',
      ShmSize: 16 * MIB,
      Tmpfs: {
        // Root's: the supervisor makes the program's and the run's directories here, a program can't.
        '/sandbox': `rw,exec,nosuid,nodev,size=${profile.scratchMib}m,mode=755`,
        '/tmp': `rw,exec,nosuid,nodev,size=${profile.scratchMib}m,mode=1777`,
      },
      Ulimits: [
        { Name: 'nofile', Soft: 1024, Hard: 1024 },
        { Name: 'core', Soft: 0, Hard: 0 },
      ],
      LogConfig: { Type: 'none', Config: {} },
      AutoRemove: false,
    },
  };
}

/**
 * One running sandbox container, driven through its supervisor. Requests are strictly one at a
 * time; a broken stream or a reply that never comes marks the box dead (SandboxError).
 */
export class Box {
  private parser = new ReplyParser();
  private waiter: { resolve: (r: Reply) => void; reject: (e: Error) => void } | null = null;
  private queued: Reply[] = [];
  private failure: Error | null = null;
  dead = false;
  /** Key of the program staged in this container, if any. */
  stagedKey: string | null = null;

  private constructor(
    readonly container: Docker.Container,
    private readonly stream: Duplex,
  ) {}

  static async start(docker: Docker, image: string, profile: ContainerProfile, cpu: number): Promise<Box> {
    let container: Docker.Container | undefined;
    try {
      container = await answered(docker.createContainer(hardenedConfig(image, profile, cpu)));
      const stream = (await answered(container.attach({ stream: true, stdin: true, stdout: true, stderr: true, hijack: true }))) as Duplex;
      const box = new Box(container, stream);
      box.listen(docker);
      await answered(container.start());
      const hello = await box.next(30_000);
      if (hello.kind !== 'ready') throw new SandboxError(`supervisor did not start: ${JSON.stringify(hello)}`);
      return box;
    } catch (err) {
      if (container) await removeContainer(container);
      throw err instanceof SandboxError ? err : new SandboxError(`cannot start a sandbox container from ${image}: ${errorMessage(err)}`);
    }
  }

  private listen(docker: Docker): void {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    docker.modem.demuxStream(this.stream, stdout, stderr);
    stdout.on('data', (chunk: Buffer) => {
      try {
        for (const reply of this.parser.push(chunk)) this.deliver(reply);
      } catch (err) {
        this.fail(new SandboxError(errorMessage(err)));
      }
    });
    const diagnostics: string[] = [];
    stderr.on('data', (chunk: Buffer) => diagnostics.push(chunk.toString()));
    const ended = () => this.fail(new SandboxError(`supervisor exited${diagnostics.length ? `: ${diagnostics.join('').trim()}` : ''}`));
    this.stream.on('end', ended);
    this.stream.on('close', ended);
    this.stream.on('error', (err) => this.fail(new SandboxError(`sandbox stream failed: ${err.message}`)));
  }

  private deliver(reply: Reply): void {
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = null;
      w.resolve(reply);
    } else this.queued.push(reply);
  }

  private fail(err: Error): void {
    if (this.dead) return;
    this.dead = true;
    this.failure = err;
    this.waiter?.reject(err);
    this.waiter = null;
  }

  private next(timeoutMs: number): Promise<Reply> {
    const ready = this.queued.shift();
    if (ready) return Promise.resolve(ready);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<Reply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.fail(new SandboxError(`no answer from the supervisor within ${Math.round(timeoutMs / 1000)} s`));
      }, timeoutMs);
      this.waiter = {
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
    });
  }

  /** Runs one program; resolves with the supervisor's reply (a result or an error it reported). */
  async exec(spec: RunSpec): Promise<Reply> {
    if (this.dead) throw this.failure ?? new SandboxError('sandbox container is gone');
    this.stream.write(encodeRequest(spec));
    // The supervisor enforces the wall limit itself; the slack covers moving large outputs.
    return this.next(spec.limits.wallMs + 15_000);
  }

  /** Ships a program into the container once; every later run links it read-only into its directory. */
  async stage(key: string, files: readonly SandboxFile[]): Promise<void> {
    if (this.dead) throw this.failure ?? new SandboxError('sandbox container is gone');
    this.stagedKey = null;
    this.stream.write(encodeStage(files));
    const reply = await this.next(30_000);
    if (reply.kind === 'error') throw new SandboxError(`cannot ship the program into the sandbox: ${reply.message}`);
    if (reply.kind !== 'staged') throw new SandboxError(`unexpected reply from the supervisor: ${reply.kind}`);
    this.stagedKey = key;
  }

  async destroy(): Promise<void> {
    this.dead = true;
    this.stream.destroy();
    await removeContainer(this.container);
  }
}

/**
 * An engine that is shutting down may accept a request and never answer it: every call is
 * bounded, so a judge can't hang on one. A container whose removal got no answer is removed by
 * the next judge's leftover clean-up.
 */
const ENGINE_ANSWER_MS = 60_000;

function answered<T>(call: Promise<T>): Promise<T> {
  return withTimeout(call, ENGINE_ANSWER_MS, `no answer from the Docker engine within ${ENGINE_ANSWER_MS / 1000} s`);
}

async function removeContainer(container: Docker.Container): Promise<void> {
  await answered(container.remove({ force: true })).catch(() => undefined);
}
