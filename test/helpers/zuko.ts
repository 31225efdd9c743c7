import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { OWNER_LABEL } from '../../src/sandbox/leftovers.js';

export const CLI = path.resolve('dist/cli/main.js');

/** Pids of every CLI process the tests started, whose containers `leftoverContainers` looks for. */
const spawned = new Set<number>();
function track(child: ChildProcess): ChildProcess {
  if (child.pid) spawned.add(child.pid);
  return child;
}

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
        track(child);
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
      return track(spawn(process.execPath, [CLI, ...args], { cwd, env, stdio: 'ignore' }));
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
 * Containers made by the judges under test: this test process and every CLI process it started.
 * Other judges sharing the engine (another checkout's tests, a server) carry other pids in their
 * owner label, so they never fail this check.
 */
export function leftoverContainers(): string[] {
  const lines = execFileSync('docker', ['ps', '-a', '--filter', `label=${OWNER_LABEL}`, '--format', `{{.ID}} {{.Label "${OWNER_LABEL}"}}`])
    .toString()
    .split('\n');
  const ours = new Set([process.pid, ...spawned]);
  return lines
    .map((line) => line.trim().split(' '))
    .filter(([id, owner]) => id && ours.has(Number(owner?.split('/')[1])))
    .map(([id]) => id);
}
