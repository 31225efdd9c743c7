import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** Names in a package folder, hidden ones left out, in code-point order. */
export function visible(dir: string): string[] {
  return readdirSync(dir)
    .filter((n) => !n.startsWith('.'))
    .sort();
}

export function isDir(p: string): boolean {
  return existsSync(p) && statSync(p).isDirectory();
}

export function isFile(p: string): boolean {
  return existsSync(p) && statSync(p).isFile();
}

/** The visible plain files of a folder, as full paths. */
export function listFiles(dir: string): string[] {
  return visible(dir)
    .map((n) => path.join(dir, n))
    .filter(isFile);
}
