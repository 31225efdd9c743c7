import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type Docker from 'dockerode';
import { SandboxError, UserError, errorMessage } from '../util/errors.js';
import { sha256 } from '../util/hash.js';
import { imagesDir } from '../util/paths.js';
import { withTimeout, type Log } from './engine.js';

/** The stock base image; where no registry answers, a local debootstrap is imported under this tag. */
export const BASE_IMAGE = process.env.ZUKO_BASE_IMAGE ?? 'debian:bookworm-slim';
const REPO = 'zuko-judge';

/** Image tags by name ("base", "gcc", ...), each tagged with a hash of its build context. */
export type ImageTags = Record<string, string>;

function contextHash(dir: string, parent: string): string {
  const files = readdirSync(dir).sort();
  const parts = files.map((f) => `${f}\0${sha256(readFileSync(path.join(dir, f)))}`);
  return sha256([parent, ...parts].join('\n')).slice(0, 16);
}

/** The tags setup would build, computed without the engine (cheap: hashes a few small files). */
export function imageTags(names: string[]): ImageTags {
  const base = `${REPO}/base:${contextHash(path.join(imagesDir(), 'base'), BASE_IMAGE)}`;
  const tags: ImageTags = { base };
  for (const name of names) tags[name] = `${REPO}/${name}:${contextHash(path.join(imagesDir(), name), base)}`;
  return tags;
}

export async function imageBuilt(docker: Docker, tag: string): Promise<boolean> {
  try {
    await withTimeout(docker.getImage(tag).inspect(), 30_000, 'no answer from the Docker engine within 30 s');
    return true;
  } catch (err) {
    // Only the engine saying "no such image" means building it; an engine that is down or
    // restarting is an infrastructure failure to wait out, never a reason to bootstrap anew.
    if ((err as { statusCode?: number }).statusCode === 404) return false;
    throw new SandboxError(`cannot look up image ${tag}: ${errorMessage(err)}`);
  }
}

/** Builds our base image and then each named image, where missing; the stock base image must be there. */
export async function buildImages(docker: Docker, names: string[], log: Log, tags: ImageTags = imageTags(names)): Promise<ImageTags> {
  await buildIfMissing(docker, 'base', tags.base, BASE_IMAGE, log);
  for (const name of names) await buildIfMissing(docker, name, tags[name], tags.base, log);
  return tags;
}

async function buildIfMissing(docker: Docker, name: string, tag: string, parent: string, log: Log): Promise<void> {
  if (await imageBuilt(docker, tag)) return;
  log(`building image ${tag} (images/${name})`);
  const dir = path.join(imagesDir(), name);
  // Build steps fetch packages: the host's network works even where the engine's bridge doesn't.
  const options = { t: tag, buildargs: { BASE_IMAGE: parent }, rm: true, forcerm: true, networkmode: 'host' };
  const stream = await docker.buildImage({ context: dir, src: readdirSync(dir) }, options);
  const tail: string[] = [];
  await new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(
      stream,
      (err: Error | null, output: Array<{ error?: string }>) => {
        const failed = err?.message ?? output.find((o) => o.error)?.error;
        if (failed) reject(new UserError(`building images/${name} failed: ${failed.trim()}\n${tail.join('')}`));
        else resolve();
      },
      (event: { stream?: string }) => {
        if (!event.stream) return;
        // Docker's own step lines ("Step 3/5 : RUN apt-get ...") are the build's progress.
        const step = /^Step (\d+\/\d+) : (.{0,70})/.exec(event.stream);
        if (step) log(`  images/${name}: step ${step[1]}: ${step[2]}`);
        tail.push(event.stream);
        if (tail.length > 15) tail.shift();
      },
    );
  });
}
