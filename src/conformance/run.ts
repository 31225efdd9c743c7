/**
 * One conformance run: every selected package copied, judged both ways, compared with what its
 * authors expect and with the list of known differences.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { info } from '../cli/output.js';
import { openSession } from '../cli/session.js';
import { judgePackage, type PackageResult } from './judge-units.js';
import { knownDifferences } from './known.js';
import type { Row } from './report.js';
import { copyPackage, findPackages, tempRoot } from './units.js';

export interface ConformanceOptions {
  root: string;
  /** Substrings of "<source>/<package>" to run; empty = all. */
  only: string[];
  /** Language ids to judge; empty = all. Units in other languages are left out. */
  languages: string[];
}

export interface ConformanceRun {
  packages: PackageResult[];
  rows: Row[];
  stale: string[];
  seconds: number;
  ok: boolean;
}

export async function runConformance(opts: ConformanceOptions, log: (line: string) => void = info): Promise<ConformanceRun> {
  const started = performance.now();
  const tmp = tempRoot();
  const known = knownDifferences();
  const session = await openSession(path.join(tmp, 'conformance.db'));
  const packages: PackageResult[] = [];
  try {
    for (const pkg of findPackages(opts.root, opts.only)) {
      log(`judging ${pkg.source}/${pkg.name}`);
      const copy = copyPackage(pkg, tmp);
      packages.push(await judgePackage(session.ctx, copy, (lang) => !opts.languages.length || opts.languages.includes(lang)));
    }
  } finally {
    await session.close();
    rmSync(tmp, { recursive: true, force: true });
  }
  const rows = packages.flatMap((p) => p.units).map((u) => ({ ...u, known: known.get(u.key) ?? null }));
  const stale = rows.filter((r) => r.known && r.outcome === 'agree').map((r) => r.key);
  const ok = rows.every((r) => r.outcome !== 'disagree' || r.known) && !stale.length && packages.every((p) => p.unchanged);
  return { packages, rows, stale, seconds: (performance.now() - started) / 1000, ok };
}
