import type { PeerResult, PeerSpec, RunFacts, RunSpec, SandboxFile } from './types.js';

/**
 * The wire format between the judge and the supervisor (images/base/supervisor.c holds the
 * other half and documents it): text header lines, binary payloads sized up front.
 */

export type Reply =
  | { kind: 'ready'; version: string }
  | { kind: 'staged' }
  | { kind: 'error'; message: string }
  | {
      kind: 'result';
      facts: RunFacts;
      stdout: Buffer;
      stderr: Buffer;
      files: Map<string, Buffer>;
      oversize: string[];
      /** Why the clean-up after the run could not be verified; null when it was. */
      dirty: string | null;
      peer: PeerResult | null;
    };

const MIB = 1024 * 1024;
/** Collected artifacts: a compiler's output beyond this is refused, not cached. */
export const DEFAULT_COLLECT_BYTES = 64 * MIB;
/** stderr is kept up to `stderrBytes` and drained; past this much the program is stopped (output limit). */
export const STDERR_STOP_BYTES = 16 * MIB;

function blob(key: string, data: Buffer | string, extra = ''): Buffer[] {
  const body = typeof data === 'string' ? Buffer.from(data) : data;
  return [Buffer.from(`${key}${extra} ${body.length}\n`), body, Buffer.from('\n')];
}

/** Every program sees this environment, plus what the caller adds. */
const BASE_ENV: Record<string, string> = {
  PATH: '/usr/local/bin:/usr/bin:/bin',
  LANG: 'C.UTF-8',
  HOME: '/tmp',
  TMPDIR: '/tmp',
};

function fileParts(files: readonly SandboxFile[], prefix = ''): Buffer[] {
  return files.flatMap((file) => {
    const name = Buffer.from(file.name);
    return [Buffer.from(`${prefix}file ${(file.mode ?? 0o644).toString(8)} ${name.length} ${file.data.length}\n`), name, file.data, Buffer.from('\n')];
  });
}

function peerParts(peer: PeerSpec): Buffer[] {
  const parts: Buffer[] = [Buffer.from(`peer-limit ${int(peer.cpuMs)} ${int(peer.wallMs)}\n`)];
  for (const arg of peer.argv) parts.push(...blob('peer-arg', arg));
  for (const [key, value] of Object.entries({ ...BASE_ENV, ...peer.env })) parts.push(...blob('peer-env', `${key}=${value}`));
  parts.push(...fileParts(peer.files ?? [], 'peer-'));
  for (const glob of peer.collect ?? []) parts.push(...blob('peer-collect', glob));
  return parts;
}

/** Replaces the program staged in a container. */
export function encodeStage(files: readonly SandboxFile[]): Buffer {
  return Buffer.concat([Buffer.from('stage\n'), ...fileParts(files), Buffer.from('end\n')]);
}

export function encodeRequest(spec: RunSpec): Buffer {
  const l = spec.limits;
  const stderrStop = Math.max(l.outputBytes, STDERR_STOP_BYTES);
  const numbers = [l.cpuMs, l.wallMs, l.memoryKb, l.stackKb, l.addressSpaceKb ?? 0, l.fileBytes, l.outputBytes, l.stderrBytes, stderrStop];
  const parts: Buffer[] = [
    Buffer.from('run\n'),
    Buffer.from(`limit ${numbers.map(int).join(' ')} ${int(l.collectBytes ?? DEFAULT_COLLECT_BYTES)} ${l.stopAtOutputLimit === false ? 0 : 1}\n`),
    Buffer.from(`writable ${spec.writable ? 1 : 0}\n`),
  ];
  for (const arg of spec.argv) parts.push(...blob('arg', arg));
  for (const [key, value] of Object.entries({ ...BASE_ENV, ...spec.env })) parts.push(...blob('env', `${key}=${value}`));
  parts.push(...fileParts(spec.files ?? []));
  if (spec.stdin) parts.push(...blob('stdin', spec.stdin));
  for (const glob of spec.collect ?? []) parts.push(...blob('collect', glob));
  if (spec.peer) parts.push(...peerParts(spec.peer));
  parts.push(Buffer.from('end\n'));
  return Buffer.concat(parts);
}

function int(value: number): number {
  return Math.max(0, Math.ceil(value));
}

/** Incremental parser: feed it chunks of the supervisor's stdout, take complete replies. */
export class ReplyParser {
  private buf = Buffer.alloc(0);
  /** Chunks not yet joined: a large payload is joined once, not once per chunk. */
  private waiting: Buffer[] = [];
  private waitingBytes = 0;
  private need = 1;
  private pending: Partial<Extract<Reply, { kind: 'result' }>> | null = null;
  /** The peer's blobs come before its facts line. */
  private peerStderr: Buffer = Buffer.alloc(0);
  private peerFiles = new Map<string, Buffer>();

  push(chunk: Buffer): Reply[] {
    this.waiting.push(chunk);
    this.waitingBytes += chunk.length;
    if (this.buf.length + this.waitingBytes < this.need) return [];
    this.buf = Buffer.concat([this.buf, ...this.waiting]);
    this.waiting = [];
    this.waitingBytes = 0;
    this.need = 1;
    const replies: Reply[] = [];
    for (;;) {
      const reply = this.step();
      if (reply === undefined) break;
      if (reply) replies.push(reply);
    }
    return replies;
  }

  /** undefined: need more bytes; null: consumed a line; Reply: one finished. */
  private step(): Reply | null | undefined {
    const nl = this.buf.indexOf(10);
    if (nl < 0) {
      this.need = this.buf.length + 1;
      return undefined;
    }
    const line = this.buf.subarray(0, nl).toString('latin1');
    const [key, ...rest] = line.split(' ');
    const sized = ['stdout', 'stderr', 'error', 'file', 'oversize', 'dirty', 'peer-stderr', 'peer-file'].includes(key);
    if (!sized) {
      this.buf = this.buf.subarray(nl + 1);
      return this.onLine(key, rest);
    }
    const named = key === 'file' || key === 'peer-file';
    const nameLen = named ? Number(rest[0]) : 0;
    const dataLen = Number(named ? rest[1] : rest[0]);
    const end = nl + 1 + nameLen + dataLen + 1;
    if (this.buf.length < end) {
      this.need = end;
      return undefined;
    }
    const name = this.buf.subarray(nl + 1, nl + 1 + nameLen).toString();
    const data = Buffer.from(this.buf.subarray(nl + 1 + nameLen, end - 1));
    this.buf = this.buf.subarray(end);
    return this.onBlob(key, name, data);
  }

  private onLine(key: string, rest: string[]): Reply | null {
    if (key === 'ready') return { kind: 'ready', version: rest.join(' ') };
    if (key === 'staged') return { kind: 'staged' };
    if (key === 'result') {
      this.pending = { kind: 'result', files: new Map(), oversize: [], dirty: null, peer: null };
      return null;
    }
    if (key === 'peer' && this.pending) {
      this.pending.peer = { ...parsePeer(rest), stderr: this.peerStderr, files: this.peerFiles };
      return null;
    }
    if (key === 'facts' && this.pending) {
      this.pending.facts = parseFacts(rest);
      return null;
    }
    if (key === 'end' && this.pending?.facts) {
      const done = this.pending as Extract<Reply, { kind: 'result' }>;
      this.pending = null;
      this.peerStderr = Buffer.alloc(0);
      this.peerFiles = new Map();
      return { ...done, stdout: done.stdout ?? Buffer.alloc(0), stderr: done.stderr ?? Buffer.alloc(0) };
    }
    throw new Error(`unexpected line from supervisor: ${JSON.stringify(key)}`);
  }

  private onBlob(key: string, name: string, data: Buffer): Reply | null {
    if (key === 'error') return { kind: 'error', message: data.toString() };
    if (!this.pending) throw new Error(`supervisor sent ${key} outside a result`);
    if (key === 'peer-stderr') this.peerStderr = data;
    else if (key === 'peer-file') this.peerFiles.set(name, data);
    else if (key === 'stdout') this.pending.stdout = data;
    else if (key === 'stderr') this.pending.stderr = data;
    else if (key === 'oversize') this.pending.oversize!.push(data.toString());
    else if (key === 'dirty') this.pending.dirty = data.toString();
    else this.pending.files!.set(name, data);
    return null;
  }
}

const KILLERS: readonly RunFacts['killedBy'][] = ['none', 'cpu', 'wall', 'output', 'memory'];

function parsePeer(f: string[]): Omit<PeerResult, 'stderr' | 'files'> {
  const n = f.map(Number);
  const killedBy = f[4];
  if (f.length !== 6 || [0, 1, 2, 3, 5].some((i) => !Number.isFinite(n[i])) || !['none', 'cpu', 'wall'].includes(killedBy)) {
    throw new Error(`malformed peer facts from supervisor: ${f.join(' ')}`);
  }
  return {
    exitCode: n[0] < 0 ? null : n[0],
    signal: n[1] === 0 ? null : n[1],
    cpuMs: n[2] / 1000,
    wallMs: n[3] / 1000,
    killedBy: killedBy as PeerResult['killedBy'],
    exitedFirst: n[5] === 1,
  };
}

function parseFacts(f: string[]): RunFacts {
  const n = f.map(Number);
  if (f.length !== 10 || [0, 1, 2, 3, 4, 5, 6, 8, 9].some((i) => !Number.isFinite(n[i]))) {
    throw new Error(`malformed facts from supervisor: ${f.join(' ')}`);
  }
  const killedBy = f[7];
  if (!KILLERS.includes(killedBy as RunFacts['killedBy'])) throw new Error(`malformed facts from supervisor: killed by ${killedBy}`);
  return {
    exitCode: n[0] < 0 ? null : n[0],
    signal: n[1] === 0 ? null : n[1],
    cpuUs: n[2],
    wallUs: n[3],
    memoryKb: n[4],
    stdoutTotal: n[5],
    stderrTotal: n[6],
    killedBy: killedBy as RunFacts['killedBy'],
    oomKills: n[8] < 0 ? null : n[8],
    clean: n[9] === 1,
  };
}
