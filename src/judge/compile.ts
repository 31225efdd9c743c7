import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { expand, type Language } from '../lang/config.js';
import { commandArgv, layoutProgram, type ProgramLayout } from '../lang/program.js';
import { DEFAULT_COLLECT_BYTES } from '../sandbox/protocol.js';
import type { Sandbox, SandboxFile } from '../sandbox/types.js';
import { sha256 } from '../util/hash.js';
import { compileLimits } from './limits.js';

const COLLECT_MIB = DEFAULT_COLLECT_BYTES / (1024 * 1024);

export interface Compiled {
  ok: boolean;
  /** Compiler messages (capped), or why compilation failed. */
  output: string;
  /** Files every run gets in its working directory. */
  files: SandboxFile[];
  /** Identifies the artifacts: the sandbox ships a program into a container once per key. */
  key: string;
  /** Argv of a run, templates still open for per-problem values ({memory_mib}). */
  run: string[];
  cached: boolean;
}

export interface CompileInput {
  lang: Language;
  source: Buffer;
  /** Other files the compiler needs next to the source (a checker's headers). */
  extraFiles?: SandboxFile[];
  /** The image it compiles in (a name from languages.yaml). */
  image: string;
  /** Whose containers the compiler may run in (the submission's); a fresh one when absent. */
  owner?: string;
}

/**
 * Compiles once per distinct (language, source, image): a second identical submission, or a
 * rejudge, reuses the stored artifacts. Failed compilations are cached too: they fail the same way.
 */
export async function compile(sandbox: Sandbox, cacheDir: string, input: CompileInput): Promise<Compiled> {
  const { lang, source, image } = input;
  const layout = layoutProgram(lang, source);
  const key = sha256(
    JSON.stringify([
      lang.id,
      lang.compile,
      lang.artifacts,
      sandbox.imageId(image),
      sha256(source),
      // How the files were laid out (names, entry point): a change of rules compiles afresh.
      'error' in layout ? layout.error : [layout.values, layout.files.map((f) => f.name)],
      (input.extraFiles ?? []).map((f) => [f.name, sha256(f.data)]),
    ]),
  );
  if ('error' in layout) return { ok: false, output: layout.error, files: [], run: [], key, cached: false };
  const run = commandArgv(lang.run, layout);
  const dir = path.join(cacheDir, 'compile', key);
  const hit = readCache(dir);
  if (hit) return { ...hit, run, key, cached: true };

  const result = lang.compile ? await runCompiler(sandbox, input, layout) : { ok: true, output: '', files: layout.files };
  writeCache(dir, result);
  return { ...result, run, key, cached: false };
}

async function runCompiler(sandbox: Sandbox, input: CompileInput, layout: ProgramLayout): Promise<Omit<Compiled, 'run' | 'cached' | 'key'>> {
  const { lang, image } = input;
  const limits = compileLimits(lang);
  const artifacts = lang.artifacts.map((a) => expand(a, layout.values));
  const result = await sandbox.run(image, {
    argv: commandArgv(lang.compile!, layout),
    owner: input.owner,
    files: [...layout.files, ...(input.extraFiles ?? [])],
    writable: true,
    collect: artifacts,
    limits,
  });
  const output = Buffer.concat([result.stdout, result.stderr]).toString('utf8');
  if (result.oversize.length)
    return { ok: false, output: `${output}\ncompiler output too large: ${result.oversize.join(', ')} (over ${COLLECT_MIB} MiB)`.trim(), files: [] };
  if (result.status !== 'OK') return { ok: false, output: explainFailure(result.status, result.exitCode, output, limits.cpuMs), files: [] };
  const files = [...result.files].map(([name, data]) => ({ name, data, mode: 0o755 }));
  if (files.length === 0) return { ok: false, output: `${output}\ncompiler produced none of: ${artifacts.join(', ')}`.trim(), files: [] };
  return { ok: true, output, files };
}

function explainFailure(status: string, exitCode: number | null, output: string, cpuMs: number): string {
  const why: Record<string, string> = {
    TIMEOUT: `compilation exceeded the time limit (${cpuMs / 1000} s)`,
    MEMORY_LIMIT: 'compilation exceeded the memory limit',
    OUTPUT_LIMIT: 'the compiler wrote too much output',
    RUNTIME_ERROR: `the compiler exited with status ${exitCode ?? 'killed'}`,
  };
  return [output.trim(), why[status] ?? status].filter(Boolean).join('\n');
}

function readCache(dir: string): Omit<Compiled, 'run' | 'cached' | 'key'> | null {
  const metaFile = path.join(dir, 'meta.json');
  if (!existsSync(metaFile)) return null;
  try {
    const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as { ok: boolean; output: string };
    const filesDir = path.join(dir, 'files');
    const files = readdirSync(filesDir).map((name) => ({ name, data: readFileSync(path.join(filesDir, name)), mode: 0o755 }));
    return { ok: meta.ok, output: meta.output, files };
  } catch {
    return null;
  }
}

/** Written to a temp dir and renamed, so a judge killed mid-write never leaves a half entry. */
function writeCache(dir: string, result: Omit<Compiled, 'run' | 'cached' | 'key'>): void {
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(path.join(tmp, 'files'), { recursive: true });
  for (const f of result.files) writeFileSync(path.join(tmp, 'files', f.name), f.data);
  writeFileSync(path.join(tmp, 'meta.json'), JSON.stringify({ ok: result.ok, output: result.output }));
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
}
