import type Docker from 'dockerode';
import type { LanguageTable } from '../lang/config.js';
import type { Log } from '../sandbox/engine.js';
import { imageBuilt, imageTags, type ImageTags } from '../sandbox/images.js';
import { cleanLeftovers } from '../sandbox/leftovers.js';
import { ensureEngine } from './engine.js';
import { ensureImages } from './images.js';

export interface Engine {
  docker: Docker;
  /** The tag of every language's image, built or not. */
  images: ImageTags;
  /** Builds a language image the first time a submission needs it; quick once it exists. */
  ensureImage(name: string): Promise<void>;
}

/**
 * Engine up, leftovers of killed judges gone, the setup images (the default languages) built.
 * Every other language's image is built on first need, with its progress logged.
 */
export async function setupEngine(languages: LanguageTable, log: Log): Promise<Engine> {
  const docker = await ensureEngine(log);
  const removed = await cleanLeftovers(docker);
  if (removed) log(`removed ${removed} container(s) left by an interrupted judge`);
  // Tags are fixed here, once: an image built later is the one these tags name.
  const images = imageTags(imageNames(languages));
  await ensureImages(docker, languages.setupImages, log, images);
  const building = new Map<string, Promise<void>>();
  const ensureImage = (name: string): Promise<void> => {
    let pending = building.get(name);
    if (!pending) {
      pending = ensureImages(docker, [name], (line) => log(`${line} (first use of the image)`), images).then(() => undefined);
      building.set(name, pending);
      pending.catch(() => building.delete(name));
    }
    return pending;
  };
  return { docker, images, ensureImage };
}

export function imageNames(languages: LanguageTable): string[] {
  return [...new Set(languages.languages.map((l) => l.image))];
}

/** Whether each language image is built now (for `zuko-judge languages`). */
export async function builtImages(docker: Docker, languages: LanguageTable): Promise<Map<string, boolean>> {
  const tags = imageTags(imageNames(languages));
  const names = imageNames(languages);
  const built = await Promise.all(names.map((n) => imageBuilt(docker, tags[n])));
  return new Map(names.map((n, i) => [n, built[i]]));
}
