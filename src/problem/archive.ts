/**
 * A problem package as one deterministic archive, so it can travel to judges on other hosts by
 * content hash instead of by a path that may differ between them.
 *
 * Format (before gzip): a magic line, then per file in code-point order of its relative path
 * `<kind>\0<path>\0<size>\0<bytes>`, kind `f` (plain) or `x` (executable). Links are followed and
 * stored as the files they point to, as the package loader reads them. The archive's key is the
 * sha256 of these uncompressed bytes, so it does not depend on the zlib that compressed it.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { UserError } from '../util/errors.js';
import { sha256 } from '../util/hash.js';
import { packageHash } from './hash.js';

const MAGIC = Buffer.from('zuko-judge package 1\n');

export interface PackageArchive {
  /** sha256 of the uncompressed archive: the key it is stored and fetched by. */
  sha256: string;
  /** gzip of the archive, as stored. */
  gzip: Buffer;
}

/** Every file of the package folder, hidden ones included (`.timelimit` changes judging). */
export function packPackage(dir: string): PackageArchive {
  const root = path.resolve(dir);
  const parts: Buffer[] = [MAGIC];
  for (const rel of walk(root, '')) {
    const file = path.join(root, rel);
    const data = readFileSync(file);
    const kind = statSync(file).mode & 0o111 ? 'x' : 'f';
    parts.push(Buffer.from(`${kind}\0${rel}\0${data.length}\0`), data);
  }
  const raw = Buffer.concat(parts);
  return { sha256: sha256(raw), gzip: gzipSync(raw) };
}

/** Relative paths (with `/`) of the plain files below `dir`, links followed, in code-point order. */
function walk(root: string, rel: string): string[] {
  const names = readdirSync(path.join(root, rel)).sort();
  return names.flatMap((name) => {
    const child = rel ? `${rel}/${name}` : name;
    const stat = statSync(path.join(root, child));
    if (stat.isDirectory()) return walk(root, child);
    return stat.isFile() ? [child] : [];
  });
}

interface Entry {
  rel: string;
  executable: boolean;
  data: Buffer;
}

/** The entries of an archive whose key must be `expected`; anything else is refused. */
export function readArchive(gzip: Buffer, expected: string, what: string): Entry[] {
  let raw: Buffer;
  try {
    raw = gunzipSync(gzip);
  } catch (err) {
    throw UserError.at(what, undefined, `is not a gzip archive (${(err as Error).message}); store the package again`);
  }
  if (sha256(raw) !== expected)
    throw UserError.at(what, undefined, `content hash differs from ${expected}: the stored archive is damaged; store the package again`);
  if (!raw.subarray(0, MAGIC.length).equals(MAGIC)) throw UserError.at(what, undefined, 'is not a zuko-judge package archive');
  const entries: Entry[] = [];
  let at = MAGIC.length;
  const field = (): string => {
    const end = raw.indexOf(0, at);
    if (end < 0) throw UserError.at(what, undefined, 'is truncated');
    const text = raw.subarray(at, end).toString('utf8');
    at = end + 1;
    return text;
  };
  while (at < raw.length) {
    const kind = field();
    const rel = field();
    const size = Number(field());
    if ((kind !== 'f' && kind !== 'x') || !safeRelative(rel) || !Number.isSafeInteger(size) || at + size > raw.length) {
      throw UserError.at(what, undefined, `has a malformed entry at byte ${at}`);
    }
    entries.push({ rel, executable: kind === 'x', data: raw.subarray(at, at + size) });
    at += size;
  }
  return entries;
}

/** A path that stays inside the folder it is written to. */
function safeRelative(rel: string): boolean {
  return rel.length > 0 && !rel.startsWith('/') && rel.split('/').every((p) => p !== '' && p !== '.' && p !== '..');
}

/**
 * Writes the archive into `target` (which must not exist yet) and checks that the package written
 * has `packageHashWanted`. Written beside the target and renamed into place, so a reader never
 * sees half a package and two processes extracting the same archive both end with a whole one.
 */
export function extractPackage(gzip: Buffer, archiveSha: string, packageHashWanted: string, target: string): void {
  const entries = readArchive(gzip, archiveSha, `package archive ${archiveSha}`);
  mkdirSync(path.dirname(target), { recursive: true });
  const temp = mkdtempSync(`${target}.part-`);
  try {
    for (const e of entries) {
      const file = path.join(temp, ...e.rel.split('/'));
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, e.data);
      if (e.executable) chmodSync(file, 0o755);
    }
    const got = packageHash(temp);
    if (got !== packageHashWanted) {
      throw UserError.at(
        `package archive ${archiveSha}`,
        undefined,
        `extracts to a package with hash ${got}, not ${packageHashWanted}; store the package again`,
      );
    }
    try {
      renameSync(temp, target);
    } catch (err) {
      // Another process put the same package there first: theirs is as good as ours.
      if (!existsSync(target)) throw err;
    }
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}
