/**
 * The sandbox contract: a caller hands over argv, files, stdin and limits; it gets back a value.
 * An infrastructure failure is a thrown SandboxError, never a RunResult.
 */

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
  /** Peak resident memory over which the run is a memory-limit outcome. */
  memoryKb: number;
  /** RLIMIT_STACK; the contest norm is the memory limit. 0 = unlimited. */
  stackKb: number;
  /** stdout kept and allowed; more is an output-limit outcome. */
  outputBytes: number;
  /** stderr kept (the rest is counted and dropped). */
  stderrBytes: number;
  /** RLIMIT_FSIZE for files the program writes in its scratch directory. */
  fileBytes: number;
}

export interface RunSpec {
  argv: string[];
  env?: Record<string, string>;
  files?: SandboxFile[];
  stdin?: Buffer;
  limits: RunLimits;
  /** Globs of scratch files to send back (compile artifacts, checker feedback). */
  collect?: string[];
}

/** What the supervisor measured, before any policy is applied. */
export interface RunFacts {
  exitCode: number | null;
  signal: number | null;
  cpuUs: number;
  wallUs: number;
  maxRssKb: number;
  stdoutTotal: number;
  stderrTotal: number;
  killedBy: 'none' | 'cpu' | 'wall' | 'output';
  /** OOM kills in the container's cgroup during the run; null where the counter is unreadable. */
  oomKills: number | null;
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
}

/** Container-level settings: runs with the same profile and image share a container. */
export interface ContainerProfile {
  memoryMib: number;
  pids: number;
  scratchMib: number;
}
