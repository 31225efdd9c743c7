import type Docker from 'dockerode';
import type { LanguageTable } from '../lang/config.js';
import { ensureEngine, type Log } from './engine.js';
import { ensureImages, type ImageTags } from './images.js';
import { cleanLeftovers } from './leftovers.js';

export interface Engine {
  docker: Docker;
  images: ImageTags;
}

/** Engine up, leftovers of killed judges gone, every language's image built. Quick when all is in place. */
export async function setupEngine(languages: LanguageTable, log: Log): Promise<Engine> {
  const docker = await ensureEngine(log);
  const removed = await cleanLeftovers(docker);
  if (removed) log(`removed ${removed} container(s) left by an interrupted judge`);
  const names = [...new Set(languages.languages.map((l) => l.image))];
  const images = await ensureImages(docker, names, log);
  return { docker, images };
}
