import { chmodSync, cpSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { extractPackage, packPackage } from '../../../src/problem/archive.js';
import { packageHash } from '../../../src/problem/hash.js';
import { loadProblem } from '../../../src/problem/load.js';
import { UserError } from '../../../src/util/errors.js';
import { sha256 } from '../../../src/util/hash.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function scratch(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'zuko-archive-'));
  dirs.push(dir);
  return dir;
}

/** A copy of a bundled package, with a hidden file, an executable and a link added. */
function sample(): string {
  const dir = path.join(scratch(), 'sum');
  cpSync(path.resolve('problems/sum'), dir, { recursive: true });
  writeFileSync(path.join(dir, '.notes'), 'hidden files travel too\n');
  writeFileSync(path.join(dir, 'data', 'run.sh'), '#!/bin/sh\n');
  chmodSync(path.join(dir, 'data', 'run.sh'), 0o755);
  symlinkSync(path.join(dir, 'problem.yaml'), path.join(dir, 'linked.yaml'));
  return dir;
}

describe('package archives', () => {
  it('extract to a package with the same hash, files, modes and loaded problem', () => {
    const dir = sample();
    const archive = packPackage(dir);
    const target = path.join(scratch(), 'cache', archive.sha256, 'sum');
    extractPackage(archive.gzip, archive.sha256, packageHash(dir), target);
    expect(packageHash(target)).toBe(packageHash(dir));
    expect(readFileSync(path.join(target, '.notes'), 'utf8')).toBe('hidden files travel too\n');
    expect(statSync(path.join(target, 'data', 'run.sh')).mode & 0o111).not.toBe(0);
    expect(statSync(path.join(target, 'problem.yaml')).mode & 0o111).toBe(0);
    expect(readFileSync(path.join(target, 'linked.yaml'))).toEqual(readFileSync(path.join(dir, 'problem.yaml')));
    const [a, b] = [loadProblem(dir), loadProblem(target)];
    expect(b.tests.map((t) => t.name)).toEqual(a.tests.map((t) => t.name));
    expect(b.limits).toEqual(a.limits);
    expect(b.id).toBe('sum');
  });

  it('are the same bytes for the same contents, whatever the folder is called', () => {
    const one = sample();
    const two = path.join(scratch(), 'elsewhere');
    cpSync(one, two, { recursive: true, dereference: true });
    chmodSync(path.join(two, 'data', 'run.sh'), 0o755);
    expect(packPackage(two).sha256).toBe(packPackage(one).sha256);
    writeFileSync(path.join(two, 'data', 'secret', 'extra.in'), '1 2\n');
    expect(packPackage(two).sha256).not.toBe(packPackage(one).sha256);
  });

  it('refuse an archive whose contents do not match its key, naming it', () => {
    const dir = sample();
    const archive = packPackage(dir);
    const raw = gunzipSync(archive.gzip);
    raw[raw.length - 2] ^= 1;
    const target = path.join(scratch(), 'x');
    expect(() => extractPackage(gzipSync(raw), archive.sha256, packageHash(dir), target)).toThrow(UserError);
    expect(() => extractPackage(gzipSync(raw), archive.sha256, packageHash(dir), target)).toThrow(`package archive ${archive.sha256}: content hash differs`);
    expect(() => extractPackage(archive.gzip, archive.sha256, 'f'.repeat(64), target)).toThrow(/extracts to a package with hash/);
    expect(() => statSync(target)).toThrow();
  });

  it('refuse entries that would write outside the target', () => {
    const raw = Buffer.concat([Buffer.from('zuko-judge package 1\n'), Buffer.from('f\0../evil\x003\0abc')]);
    expect(() => extractPackage(gzipSync(raw), sha256(raw), 'x', path.join(scratch(), 't'))).toThrow(/malformed entry/);
  });

  it('leave a package already extracted by another process in place', () => {
    const dir = sample();
    const archive = packPackage(dir);
    const target = path.join(scratch(), 'cache', 'sum');
    extractPackage(archive.gzip, archive.sha256, packageHash(dir), target);
    extractPackage(archive.gzip, archive.sha256, packageHash(dir), target);
    expect(packageHash(target)).toBe(packageHash(dir));
  });
});
