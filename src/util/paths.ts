import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The installed package's root (the folder holding package.json), from dist/util or src/util. */
export function packageRoot(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
}

export function imagesDir(): string {
  return path.join(packageRoot(), 'images');
}
