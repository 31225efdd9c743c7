import { spawn } from 'node:child_process';
import { existsSync, openSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connect, engineReachable } from '../../src/sandbox/engine.js';

/**
 * Stops and starts the real Docker engine the tests use, the way an upgrade or a crash does.
 * The engine is found by its pid file (`ZUKO_TEST_DOCKERD_PIDFILE`, default dockerd's own
 * /var/run/docker.pid) and started again with the command line it had, so this works for the
 * engine `zuko-judge setup` starts and for one started by hand with other flags.
 */
export function engineControl() {
  const pidFile = process.env.ZUKO_TEST_DOCKERD_PIDFILE ?? '/var/run/docker.pid';
  let argv: string[] | null = null;

  const reachable = async () => (await engineReachable(connect())) === null;

  async function stop(): Promise<void> {
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    process.kill(pid, 'SIGTERM');
    await waitUntil(async () => !running(pid), 90_000, 'the Docker engine to stop');
  }

  async function start(): Promise<void> {
    if (!argv) throw new Error('the engine was not stopped by this test, so its command line is unknown');
    const log = openSync(path.join(os.tmpdir(), 'zuko-judge-test-dockerd.log'), 'a');
    spawn(argv[0], argv.slice(1), { detached: true, stdio: ['ignore', log, log] }).unref();
    await waitUntil(reachable, 90_000, 'the Docker engine to answer again');
  }

  return {
    stop,
    start,
    /** For afterEach: whatever a test did, the engine is left running. */
    async ensureRunning(): Promise<void> {
      if (await reachable()) return;
      await start();
    },
  };
}

/** Alive and not a zombie waiting to be reaped. */
function running(pid: number): boolean {
  const stat = `/proc/${pid}/stat`;
  if (!existsSync(stat)) return false;
  try {
    return readFileSync(stat, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return false;
  }
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
