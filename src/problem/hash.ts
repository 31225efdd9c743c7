import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { TIME_LIMIT_FILE } from './schema.js';

/** What changes a judging's outcome; statements and example submissions do not. */
const JUDGED_PARTS = ['problem.yaml', TIME_LIMIT_FILE, 'data', 'output_validator', 'output_validators'];

/**
 * sha256 over the relative path and contents of every file that affects judging, in a fixed
 * order, so a rejudge can tell that test data or the checker changed.
 */
export function packageHash(root: string): string {
  const hash = createHash('sha256');
  for (const file of judgedFiles(root)) {
    const data = readFileSync(file);
    hash.update(`${path.relative(root, file)}\0${data.length}\0`);
    hash.update(data);
  }
  return hash.digest('hex');
}

/**
 * What the file system says about every file of the package (names, sizes, inodes, change times),
 * without reading them: equal fingerprints mean nothing was written since, so a load still holds.
 */
export function packageFingerprint(root: string): string {
  return walk(root)
    .map((file) => {
      const s = statSync(file, { bigint: true });
      return `${path.relative(root, file)}\0${s.size}\0${s.ino}\0${s.mtimeNs}\0${s.ctimeNs}`;
    })
    .join('\n');
}

function judgedFiles(root: string): string[] {
  return JUDGED_PARTS.flatMap((part) => walk(path.join(root, part)));
}

function walk(p: string): string[] {
  if (!existsSync(p)) return [];
  if (!statSync(p).isDirectory()) return [p];
  return readdirSync(p)
    .sort()
    .flatMap((n) => walk(path.join(p, n)));
}
