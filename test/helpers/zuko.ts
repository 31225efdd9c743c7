import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadLanguages } from '../../src/lang/config.js';
import { imageTags } from '../../src/sandbox/images.js';
import { OWNER_LABEL } from '../../src/sandbox/leftovers.js';

export const CLI = path.resolve('dist/cli/main.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A scratch world for one test file: its own database, compile cache and copies of packages. */
export function workspace() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'zuko-e2e-'));
  const env = { ...process.env, ZUKO_DB: path.join(dir, 'zuko.db'), ZUKO_CACHE: path.join(dir, 'cache'), NO_COLOR: '1' };
  return {
    dir,
    db: env.ZUKO_DB,
    cache: env.ZUKO_CACHE,
    /** Runs the built CLI to completion. */
    run(args: string[], cwd = process.cwd()): Promise<CliResult> {
      return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [CLI, ...args], { cwd, env });
        const out: Buffer[] = [];
        const err: Buffer[] = [];
        child.stdout.on('data', (d: Buffer) => out.push(d));
        child.stderr.on('data', (d: Buffer) => err.push(d));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() }));
      });
    },
    /** Starts the CLI and leaves it running, for tests that kill it. */
    start(args: string[], cwd = process.cwd()): ChildProcess {
      return spawn(process.execPath, [CLI, ...args], { cwd, env, stdio: 'ignore' });
    },
    /** A copy of a repository folder (a problem, the contests) that a test may change. */
    copy(rel: string): string {
      const target = path.join(dir, rel);
      cpSync(path.resolve(rel), target, { recursive: true });
      return target;
    },
    remove(): void {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Containers of judges built from this checkout (this checkout's image tags): another judge
 * sharing the engine, with other images, is not the one under test.
 */
export function leftoverContainers(): string[] {
  const tags = Object.values(imageTags([...new Set(loadLanguages().languages.map((l) => l.image))]));
  // One `docker ps` per tag: the engine ANDs label and ancestor, which is what is wanted here.
  const ids = tags.flatMap((tag) => execFileSync('docker', ['ps', '-a', '-q', '--filter', `label=${OWNER_LABEL}`, '--filter', `ancestor=${tag}`]).toString().split('\n'));
  return [...new Set(ids.filter(Boolean))];
}
