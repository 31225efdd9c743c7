import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadLanguages, resolveLanguage } from '../../src/lang/config.js';
import { compile } from '../../src/judge/compile.js';
import { connect } from '../../src/sandbox/engine.js';
import { imageTags } from '../../src/sandbox/images.js';
import { DockerSandbox } from '../../src/sandbox/sandbox.js';
import type { RunLimits, SandboxFile } from '../../src/sandbox/types.js';

/** A sandbox on the real engine, with the images `zuko-judge setup` built. */
export function testSandbox(cpus?: number[]) {
  const languages = loadLanguages();
  const images = imageTags([...new Set(languages.languages.map((l) => l.image))]);
  const docker = connect();
  const sandbox = new DockerSandbox(docker, { cpus, images });
  const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'zuko-judge-test-cache-'));
  return {
    docker,
    sandbox,
    images,
    languages,
    cacheDir,
    /** Compiles a source with the real toolchain; returns the files a run needs and its argv. */
    async build(fileName: string, source: string): Promise<{ files: SandboxFile[]; argv: string[]; ok: boolean; output: string; cached: boolean }> {
      const lang = resolveLanguage(languages, fileName);
      const compiled = await compile(sandbox, cacheDir, { lang, source: Buffer.from(source), image: lang.image });
      return { files: compiled.files, argv: compiled.run, ok: compiled.ok, output: compiled.output, cached: compiled.cached };
    },
  };
}

export function limits(overrides: Partial<RunLimits> = {}): RunLimits {
  return {
    cpuMs: 1000,
    wallMs: 2000,
    memoryKb: 128 * 1024,
    stackKb: 128 * 1024,
    outputBytes: 1 << 20,
    stderrBytes: 64 * 1024,
    fileBytes: 16 << 20,
    processes: 64,
    scratchBytes: 64 << 20,
    ...overrides,
  };
}

/** The container `limits()` gets (see containerProfile), for tests of the containers themselves. */
export const PROFILE = { memoryMib: 128 + 64 * 2 + 1 + 32, pids: 64, scratchMib: 64 };
