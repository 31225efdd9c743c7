/**
 * The stock base image (`debian:bookworm-slim`, or ZUKO_BASE_IMAGE): pulled where a registry
 * answers, else bootstrapped with debootstrap and imported under the same tag. Part of setup.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { withTimeout, type Log } from '../sandbox/engine.js';
import { BASE_IMAGE, buildImages, imageBuilt, imageTags, type ImageTags } from '../sandbox/images.js';
import { UserError, errorMessage } from '../util/errors.js';
import { aptInstall } from './engine.js';

const DEBIAN_SUITE = 'bookworm';
const DEBIAN_MIRROR = process.env.ZUKO_DEBIAN_MIRROR ?? 'http://deb.debian.org/debian';

/** Builds whatever is missing, the stock base image first; images whose context did not change are kept. */
export async function ensureImages(docker: Docker, names: string[], log: Log, tags: ImageTags = imageTags(names)): Promise<ImageTags> {
  // The usual case, every image already built, in one round of parallel lookups.
  const wanted = [BASE_IMAGE, tags.base, ...names.map((n) => tags[n])];
  if ((await Promise.all(wanted.map((tag) => imageBuilt(docker, tag)))).every(Boolean)) return tags;
  await ensureBaseImage(docker, log);
  return buildImages(docker, names, log, tags);
}

async function ensureBaseImage(docker: Docker, log: Log): Promise<void> {
  if (await imageBuilt(docker, BASE_IMAGE)) return;
  try {
    log(`pulling ${BASE_IMAGE}`);
    await withTimeout(pull(docker, BASE_IMAGE), 120_000, 'pull timed out');
    return;
  } catch (err) {
    log(`cannot pull ${BASE_IMAGE} (${errorMessage(err).split('\n')[0]}); bootstrapping it with debootstrap instead`);
  }
  await bootstrapBase(docker, log);
}

async function pull(docker: Docker, tag: string): Promise<void> {
  const stream = await docker.pull(tag);
  await new Promise<void>((resolve, reject) => docker.modem.followProgress(stream, (err: Error | null) => (err ? reject(err) : resolve())));
}

async function bootstrapBase(docker: Docker, log: Log): Promise<void> {
  if (spawnSync('sh', ['-c', 'command -v debootstrap'], { stdio: 'ignore' }).status !== 0) {
    if (process.getuid?.() !== 0) throw new UserError(`cannot pull ${BASE_IMAGE} and debootstrap is missing: install debootstrap or make the image available`);
    log('installing debootstrap (apt-get)');
    aptInstall(['debootstrap']);
  }
  const root = mkdtempSync(path.join(os.tmpdir(), 'zuko-judge-rootfs-'));
  try {
    log(`debootstrap --variant=minbase ${DEBIAN_SUITE} (about half a minute)`);
    const boot = spawnSync('debootstrap', ['--variant=minbase', DEBIAN_SUITE, root, DEBIAN_MIRROR], { stdio: ['ignore', 'ignore', 'pipe'] });
    if (boot.status !== 0) throw new UserError(`debootstrap failed: ${boot.stderr.toString().trim().split('\n').pop()}`);
    const [repo, tag] = BASE_IMAGE.split(':');
    const tar = spawn('tar', ['-C', root, '-c', '.'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const stream = await docker.importImage(tar.stdout, { repo, tag: tag ?? 'latest' });
    await new Promise<void>((resolve, reject) => docker.modem.followProgress(stream, (err: Error | null) => (err ? reject(err) : resolve())));
    log(`imported the bootstrapped system as ${BASE_IMAGE}`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
