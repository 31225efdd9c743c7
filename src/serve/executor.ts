import { randomUUID } from 'node:crypto';
import { compile } from '../judge/compile.js';
import { runArgv, runLimits } from '../judge/limits.js';
import type { Language } from '../lang/config.js';
import type { RunResult, RunStatus, Sandbox } from '../sandbox/types.js';
import { errorMessage, SandboxError } from '../util/errors.js';
import { sha256 } from '../util/hash.js';
import type { CompileMemo } from './compile-memo.js';
import type { ServeConfig } from './config.js';
import type { Metrics } from './metrics.js';
import type { BoundedQueue } from './queue.js';

/** One ad-hoc execution, in our units; every dialect converts its request into this. */
export interface ExecRequest {
  lang: Language;
  source: Buffer;
  stdin: Buffer;
  args?: string[];
  cpuMs: number;
  /** Default: the usual max(2 × CPU, CPU + 1 s). */
  wallMs?: number;
  memoryKb: number;
  stackKb?: number;
  fileBytes?: number;
  signal?: AbortSignal;
  /** Admitted earlier (a stored asynchronous submission): never refused for a full queue. */
  admitted?: boolean;
  /** Told when the run leaves the queue to compile, and when the program starts. */
  onPhase?(phase: 'compiling' | 'running'): void;
}

export type ExecStatus = RunStatus | 'COMPILE_ERROR' | 'ERROR';

export interface ExecResult {
  status: ExecStatus;
  compile: { ok: boolean; output: string; ms: number } | null;
  run: RunResult | null;
  /** Why an ERROR happened, in words safe to show: no paths, no container ids. */
  error: string | null;
}

export interface ExecDeps {
  sandbox: Sandbox;
  cacheDir: string;
  config: ServeConfig;
  metrics: Metrics;
  queue: BoundedQueue;
  memo: CompileMemo;
}

/**
 * Compiles (once per distinct source, through the compile cache) and runs one program in the
 * warm sandbox, holding a queue slot for both. Every request shares one container profile sized
 * for the largest allowed memory, so odd limits never start extra containers; the program's own
 * limit is judged by its measured peak.
 */
export async function execute(deps: ExecDeps, req: ExecRequest): Promise<ExecResult> {
  return deps.queue.run(() => compileAndRun(deps, req), { signal: req.signal, admitted: req.admitted });
}

/**
 * One execution is one sandbox owner: its compile and its run share containers that no other
 * request ever gets, released when it ends.
 */
async function compileAndRun(deps: ExecDeps, req: ExecRequest): Promise<ExecResult> {
  const owner = `exec-${randomUUID()}`;
  try {
    return await compileAndRunAs(deps, req, owner);
  } finally {
    deps.sandbox.release(owner);
  }
}

async function compileAndRunAs(deps: ExecDeps, req: ExecRequest, owner: string): Promise<ExecResult> {
  const { metrics } = deps;
  const image = req.lang.image;
  try {
    req.onPhase?.('compiling');
    const started = performance.now();
    const key = sha256(JSON.stringify([req.lang.id, deps.sandbox.imageId(image), sha256(req.source)]));
    const compiled = await deps.memo.get(key, () => compile(deps.sandbox, deps.cacheDir, { lang: req.lang, source: req.source, image, owner }));
    const compileMs = performance.now() - started;
    metrics.compileSeconds.observe({ language: req.lang.id, cached: String(compiled.cached) }, compileMs / 1000);
    const compileInfo = { ok: compiled.ok, output: compiled.output, ms: compileMs };
    if (!compiled.ok) return counted(deps, req, { status: 'COMPILE_ERROR', compile: compileInfo, run: null, error: null });
    const { limits, sizedForMemoryKb } = limitsFor(deps.config, req);
    const argv = [...runArgv(compiled.run, Math.ceil(req.memoryKb / 1024)), ...(req.args ?? [])];
    req.onPhase?.('running');
    const runStarted = performance.now();
    const program = { key: compiled.key, files: compiled.files };
    const run = await deps.sandbox.run(image, { argv, owner, program, stdin: req.stdin, limits, sizedForMemoryKb });
    metrics.runSeconds.observe({ language: req.lang.id }, (performance.now() - runStarted) / 1000);
    return counted(deps, req, { status: run.status, compile: compileInfo, run, error: null });
  } catch (err) {
    if (!(err instanceof SandboxError)) throw err;
    return counted(deps, req, { status: 'ERROR', compile: null, run: null, error: `the sandbox failed: ${safe(errorMessage(err))}` });
  }
}

function counted(deps: ExecDeps, req: ExecRequest, result: ExecResult): ExecResult {
  deps.metrics.executions.inc({ language: req.lang.id, status: result.status });
  return result;
}

function limitsFor(config: ServeConfig, req: ExecRequest) {
  const lang = req.lang;
  const maxMib = Math.ceil(config.run.max_memory_kb / 1024);
  const shared = runLimits({ timeLimitMs: req.cpuMs, memoryMib: maxMib, outputBytes: config.sizes.output_bytes }, lang);
  const own = runLimits({ timeLimitMs: req.cpuMs, memoryMib: Math.ceil(req.memoryKb / 1024), outputBytes: config.sizes.output_bytes }, lang);
  const limits = {
    ...own,
    wallMs: req.wallMs ?? own.wallMs,
    stackKb: req.stackKb ?? own.stackKb,
    fileBytes: Math.min(req.fileBytes ?? own.fileBytes, own.fileBytes),
  };
  return { limits, sizedForMemoryKb: shared.memoryKb };
}

/** Container ids and host paths stay inside the server. */
function safe(message: string): string {
  return message.replace(/\b[0-9a-f]{12,64}\b/g, '<id>').replace(/(?:\/[\w.@+-]+){2,}/g, '<path>');
}
