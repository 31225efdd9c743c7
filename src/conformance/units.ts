/**
 * The conformance suite's inputs: every package of the conformance folder, grouped by the judge
 * that ships it, each copied to a temporary folder before anything reads it.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hashTree } from './tree-hash.js';

/** Where each source keeps its packages, relative to the conformance folder. */
export const SOURCES: Record<string, string> = {
  'domjudge/example_problems': 'domjudge/example_problems',
  'domjudge/example_scoring_problems': 'domjudge/example_scoring_problems',
  'problemtools/examples': 'problemtools/examples',
};

export interface PackageCopy {
  source: string;
  /** e.g. "hello" */
  name: string;
  original: string;
  copy: string;
  /** Hash of every file of the copy before judging, to prove judging left it unchanged. */
  before: string;
}

export function findPackages(root: string, only: string[]): Array<{ source: string; name: string; dir: string }> {
  const out: Array<{ source: string; name: string; dir: string }> = [];
  for (const [source, rel] of Object.entries(SOURCES)) {
    const dir = path.join(root, rel);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) {
      const pkg = path.join(dir, name);
      if (!statSync(pkg).isDirectory() || !existsSync(path.join(pkg, 'problem.yaml'))) continue;
      if (only.length && !only.some((o) => `${source}/${name}`.includes(o))) continue;
      out.push({ source, name, dir: pkg });
    }
  }
  return out;
}

export function copyPackage(pkg: { source: string; name: string; dir: string }, tmpRoot: string): PackageCopy {
  const copy = path.join(mkdtempSync(path.join(tmpRoot, `${pkg.name}-`)), pkg.name);
  cpSync(pkg.dir, copy, { recursive: true });
  return { source: pkg.source, name: pkg.name, original: pkg.dir, copy, before: hashTree(copy) };
}

export function tempRoot(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'zuko-judge-conformance-'));
}
