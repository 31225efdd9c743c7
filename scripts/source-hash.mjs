// The hash of everything `npm run build` compiles (src/ and tsconfig.json). The build writes it to
// dist/.source-hash; the test setup compares, so that a test never spawns a stale dist/.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const STAMP = path.join(ROOT, 'dist', '.source-hash');

function files(dir) {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

export function sourceHash() {
  const hash = createHash('sha256');
  for (const file of [path.join(ROOT, 'tsconfig.json'), ...files(path.join(ROOT, 'src'))]) {
    const data = readFileSync(file);
    hash.update(`${path.relative(ROOT, file)}\0${data.length}\0`);
    hash.update(data);
  }
  return hash.digest('hex');
}

/** The hash dist/ was built from, or null when it was built before stamps or never. */
export function builtHash() {
  try {
    return readFileSync(STAMP, 'utf8').trim();
  } catch {
    return null;
  }
}

if (process.argv[2] === '--write') writeFileSync(STAMP, `${sourceHash()}\n`);
