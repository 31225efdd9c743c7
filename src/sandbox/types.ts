/**
 * The sandbox contract: a caller hands over argv, files, stdin and limits; it gets back a value.
 * An infrastructure failure is a thrown SandboxError, never a RunResult.
 */

/**
 * Runs programs in isolation, one run per CPU at a time. Judging, checking and the service see
 * only this; how isolation is made (containers, their images' tags, their memory arithmetic) is
 * the implementation's own (DockerSandbox, in sandbox.ts).
 */
export interface Sandbox {
  /** How many runs go at once. */
  readonly concurrency: number;
  /**
   * Runs one program in `image`, a toolchain image named in images/languages.yaml (`gcc`,
   * `python`, ...). Rejects with a SandboxError when the machinery fails; whatever the program did
   * is in the result.
   */
  run(image: string, spec: RunSpec): Promise<RunResult>;
  /**
   * Says that `owner` will soon make `runs` runs with these limits in `image`, so their
   * environments can be readied meanwhile (while its program compiles). Only a hint.
   */
  prepare(owner: string, image: string, limits: RunLimits, runs: number): void;
  /**
   * What `image` is now (for Docker, its content-hash tag): a judging records it, so a rebuilt
   * image can be told apart, and compiled programs are cached per image id.
   */
  imageId(image: string): string;
  /**
   * What `image` was built into here, building it first where it is missing (for Docker, the
   * engine's id of the tagged image): two hosts that built the same tag on different days may
   * hold other compilers, and this tells them apart. Where absent, `imageId` is all there is.
   */
  builtImageId?(image: string): Promise<string>;
  /** Whether runs can start: the machinery answers, and these images are ready. */
  health(images: readonly string[]): Promise<{ engine: boolean; images: boolean }>;
  /** Ends an owner's use of its environments (its submission is judged, its execution done). */
  release(owner: string): void;
  close(): Promise<void>;
}

export interface SandboxFile {
  name: string;
  data: Buffer;
  /** Octal file mode; 0o755 for programs. */
  mode?: number;
}

export interface RunLimits {
  /** CPU time (user + sys) of the whole run. */
  cpuMs: number;
  wallMs: number;
  /**
   * Memory of the whole run (every process, tmpfs files, memfds, kernel memory it causes): the
   * program is stopped as soon as it passes this, and that is a memory-limit outcome.
   */
  memoryKb: number;
  /** RLIMIT_STACK; 0 = unlimited. */
  stackKb: number;
  /** stdout kept and allowed; more is an output-limit outcome. */
  outputBytes: number;
  /** stderr kept (the rest is counted and dropped). */
  stderrBytes: number;
  /** RLIMIT_FSIZE for files the program writes in its scratch directory. */
  fileBytes: number;
  /** RLIMIT_AS, so a huge allocation fails at once instead of faulting in; 0 or absent = unlimited (JVMs need that). */
  addressSpaceKb?: number;
  /** Collected files (compile artifacts) over this many bytes in all are refused; default 64 MiB. */
  collectBytes?: number;
  /** Stop the program when stdout passes `outputBytes` (default), or keep it running and discard the rest. */
  stopAtOutputLimit?: boolean;
  /** Processes and threads the run may have at once (a JVM needs many). */
  processes: number;
  /** Writable scratch space (`/tmp`, the working directory), in all. */
  scratchBytes: number;
}

export interface RunSpec {
  argv: string[];
  env?: Record<string, string>;
  /**
   * Whose run this is (a submission, an ad-hoc execution, a package's checker). Containers are
   * never shared between owners: an owner's containers live until `Sandbox.release(owner)`.
   * Without one, the run gets a fresh container that is thrown away after it.
   */
  owner?: string;
  /**
   * The program, shipped into the owner's container once (by key) and linked read-only into
   * every run's working directory.
   */
  program?: { key: string; files: SandboxFile[] };
  /** Per-run files, written next to the program's. */
  files?: SandboxFile[];
  /** May the program write in its working directory (a compiler, a checker's feedback)? `/tmp` always is. */
  writable?: boolean;
  stdin?: Buffer;
  limits: RunLimits;
  /**
   * Size the run's environment for this much memory when it is more than `limits.memoryKb`, so
   * runs with different memory limits share one environment (the service does, for every request).
   */
  sizedForMemoryKb?: number;
  /** Globs of scratch files to send back (compile artifacts, checker feedback). */
  collect?: string[];
  /**
   * A second program talking to this one (an interactor): its stdout is this program's stdin and
   * this program's stdout its stdin, over kernel pipes. It runs as another user in a directory of
   * its own that the program can't read, with its own CPU and wall limits; `stdin` is unused.
   */
  peer?: PeerSpec;
}

export interface PeerSpec {
  argv: string[];
  env?: Record<string, string>;
  files?: SandboxFile[];
  collect?: string[];
  cpuMs: number;
  wallMs: number;
}

/** What happened to the peer of an interactive run. */
export interface PeerResult {
  exitCode: number | null;
  signal: number | null;
  cpuMs: number;
  wallMs: number;
  killedBy: 'none' | 'cpu' | 'wall';
  /** Whether it finished before the program did (its verdict came first). */
  exitedFirst: boolean;
  stderr: Buffer;
  files: Map<string, Buffer>;
}

/** What the supervisor measured, before any policy is applied. */
export interface RunFacts {
  exitCode: number | null;
  signal: number | null;
  cpuUs: number;
  wallUs: number;
  /** Peak memory of the whole run (see RunLimits.memoryKb), at least the main process's peak RSS. */
  memoryKb: number;
  stdoutTotal: number;
  stderrTotal: number;
  killedBy: 'none' | 'cpu' | 'wall' | 'output' | 'memory';
  /** OOM kills in the container's cgroup during the run; null where the counter is unreadable. */
  oomKills: number | null;
  /** Whether the clean-up after the run was verified complete; a container that isn't clean is discarded. */
  clean: boolean;
}

export type RunStatus = 'OK' | 'RUNTIME_ERROR' | 'TIMEOUT' | 'MEMORY_LIMIT' | 'OUTPUT_LIMIT';
export type LimitHit = 'cpu' | 'wall' | 'memory' | 'output';

export interface RunResult {
  status: RunStatus;
  limitHit: LimitHit | null;
  exitCode: number | null;
  signal: number | null;
  cpuMs: number;
  wallMs: number;
  memoryKb: number;
  /** First `outputBytes` bytes of stdout; `stdoutBytes` is how much the program wrote in all. */
  stdout: Buffer;
  stdoutBytes: number;
  stderr: Buffer;
  stderrBytes: number;
  files: Map<string, Buffer>;
  /** Collected files refused for being over `collectBytes`. */
  oversize: string[];
  /** Present when the run had a peer. */
  peer: PeerResult | null;
}
