/**
 * Installing and starting the Docker engine where it is missing (Debian/Ubuntu, as root): part of
 * `zuko-judge setup`, never of judging. The sandbox only connects to an engine that runs.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, openSync, readFileSync } from 'node:fs';
import type Docker from 'dockerode';
import { connect, engineReachable, sleep, type Log } from '../sandbox/engine.js';
import { UserError } from '../util/errors.js';

/** Resolves with the client once the engine answers; installs and starts it where we may. */
export async function ensureEngine(log: Log): Promise<Docker> {
  const docker = connect();
  const problem = await engineReachable(docker);
  if (!problem) return docker;
  if (process.env.DOCKER_HOST) {
    throw new UserError(`the Docker engine at DOCKER_HOST=${process.env.DOCKER_HOST} is unreachable (${problem}); start it or unset DOCKER_HOST`);
  }
  if (!canInstall()) {
    throw new UserError(
      `the Docker engine is unreachable (${problem}); install and start Docker (e.g. 'sudo apt-get install docker.io && sudo systemctl start docker') and run as root or a member of the docker group`,
    );
  }
  if (!hasDockerd()) {
    log("Docker engine not found: installing Debian's docker.io package (apt-get)");
    aptInstall(['docker.io']);
  }
  log('starting the Docker engine (dockerd)');
  startDockerd();
  for (let i = 0; i < 60; i++) {
    await sleep(500);
    if (!(await engineReachable(docker))) return docker;
  }
  throw new UserError('dockerd was started but does not answer after 30 s; see /var/log/zuko-dockerd.log');
}

/** Root on Debian or Ubuntu: where setup may install packages with apt-get and start services. */
export function canInstall(): boolean {
  if (process.getuid?.() !== 0) return false;
  if (!existsSync('/etc/os-release')) return false;
  const os = readFileSync('/etc/os-release', 'utf8');
  return /^(ID|ID_LIKE)=.*\b(debian|ubuntu)\b/m.test(os);
}

function hasDockerd(): boolean {
  return spawnSync('sh', ['-c', 'command -v dockerd'], { stdio: 'ignore' }).status === 0;
}

export function aptInstall(packages: string[]): void {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'ignore', 'inherit'], env });
  const install = spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env,
  });
  if (update.status !== 0 || install.status !== 0) {
    throw new UserError(`apt-get could not install ${packages.join(', ')}; install them by hand and run setup again`);
  }
}

function startDockerd(): void {
  // A systemd host manages the service itself; elsewhere (containers, CI machines) run it detached.
  if (existsSync('/run/systemd/system') && spawnSync('systemctl', ['start', 'docker'], { stdio: 'ignore' }).status === 0) return;
  const logFd = openSync('/var/log/zuko-dockerd.log', 'a');
  const child = spawn('dockerd', [], { detached: true, stdio: ['ignore', logFd, logFd] });
  child.unref();
}
