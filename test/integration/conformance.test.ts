import { chmodSync, cpSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { hashTree } from '../../src/conformance/tree-hash.js';
import { workspace, type CliResult } from '../helpers/zuko.js';

// The conformance packages are read-only test data; anything that might write works on copies.
const CONFORMANCE = path.resolve('../shared/conformance');
const execFileAsync = promisify(execFile);
const DEFAULT_LANGUAGES = 'c,cpp,python,java';

const w = workspace();
afterAll(() => {
  chmodTree(w.dir, true);
  w.remove();
});

function chmodTree(dir: string, writable: boolean): void {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) chmodTree(full, writable);
    chmodSync(full, writable ? 0o755 : 0o555);
  }
  chmodSync(dir, writable ? 0o755 : 0o555);
}

/** A read-only copy of a conformance package (as on a read-only mount). */
function readOnlyCopy(rel: string): string {
  const target = path.join(mkdtempSync(path.join(w.dir, 'ro-')), path.basename(rel));
  cpSync(path.join(CONFORMANCE, rel), target, { recursive: true });
  chmodTree(target, false);
  return target;
}

interface ConformanceJson {
  ok: boolean;
  summary: Array<{ source: string; agree: number; disagree: number; known: number; unsupported: number }>;
  packages: Array<{ source: string; name: string; unchanged: boolean; issues: string[] }>;
  units: Array<{ key: string; outcome: string; reason: string; known: string | null }>;
}

/** Runs the built conformance script; its exit status is part of what the test checks. */
async function conformance(args: string[]): Promise<CliResult> {
  const script = path.resolve('dist/conformance/main.js');
  const options = { env: { ...process.env, ZUKO_CACHE: w.cache, NO_COLOR: '1' }, maxBuffer: 64 * 1024 * 1024 };
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [script, '--root', CONFORMANCE, ...args], options);
    return { code: 0, stdout, stderr };
  } catch (err) {
    const failed = err as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('conformance (one package per source, default languages; npm run conformance runs them all)', () => {
  it('judges DOMjudge and problemtools examples as their authors expect, through problem check and submit, leaving the packages unchanged', async () => {
    const only = ['example_problems/fltcmp', 'example_scoring_problems/addone', 'problemtools/examples/oddecho'];
    const r = await conformance([...only.flatMap((o) => ['--only', o]), '--languages', DEFAULT_LANGUAGES, '--json']);
    const run = JSON.parse(r.stdout) as ConformanceJson;
    const disagreeing = run.units.filter((u) => u.outcome === 'disagree' && !u.known);
    expect(disagreeing, r.stderr).toEqual([]);
    expect(run.packages.map((p) => p.name).sort()).toEqual(['addone', 'fltcmp', 'oddecho']);
    expect(run.packages.every((p) => p.unchanged)).toBe(true);
    for (const s of run.summary) expect(s.agree, s.source).toBeGreaterThan(0);
    expect(run.ok).toBe(true);
    expect(r.code).toBe(0);
  }, 900_000);
});

describe('time limits of packages that set none', () => {
  it('problem check derives one, keeps it in the database and never writes into a read-only package', async () => {
    const dir = readOnlyCopy('problemtools/examples/oddecho');
    const before = hashTree(dir);
    const first = await w.run(['problem', 'check', dir, '--json']);
    const report = (
      JSON.parse(first.stdout) as {
        problems: Array<{ time_limit_ms: number; time_limit_source: string; submissions: Array<{ file: string; ok: boolean; unsupported: boolean }> }>;
      }
    ).problems[0];
    expect(report.time_limit_source).toBe('derived');
    expect(report.time_limit_ms).toBeGreaterThanOrEqual(1000);
    expect(report.submissions.filter((s) => !s.ok)).toEqual([]);
    expect(hashTree(dir)).toBe(before);
    // submit uses the same derived limit, and says where it came from.
    const submitted = await w.run(['submit', dir, path.join(dir, 'submissions/accepted/echo.cpp'), '--json']);
    expect(submitted.code, submitted.stderr).toBe(0);
    expect(submitted.stderr).toContain(`time limit ${report.time_limit_ms / 1000} s (derived from the accepted submissions, kept in the database)`);
    expect(JSON.parse(submitted.stdout)).toMatchObject({ verdict: 'AC', score: 100, max_score: 100 });
  }, 600_000);
});

describe('submit', () => {
  const hello = () => readOnlyCopy('domjudge/example_problems/hello');
  it('takes a folder as one multi-file submission, finding its entry point, or the one --entry names', async () => {
    const dir = hello();
    const py = await w.run(['submit', dir, path.join(dir, 'submissions/accepted/multifile-py'), '--json']);
    expect(py.code, py.stderr).toBe(0);
    expect(JSON.parse(py.stdout)).toMatchObject({ language: 'python', verdict: 'AC' });
    const java = await w.run(['submit', dir, path.join(dir, 'submissions/accepted/multifile-multipackage'), '--json']);
    expect(JSON.parse(java.stdout)).toMatchObject({ language: 'java', verdict: 'AC' });
    const wrongEntry = await w.run(['submit', dir, path.join(dir, 'submissions/accepted/multifile-py'), '--entry', 'message.py', '--json']);
    expect(JSON.parse(wrongEntry.stdout)).toMatchObject({ verdict: 'WA' });
    const missing = await w.run(['submit', dir, path.join(dir, 'submissions/accepted/multifile-py'), '--entry', 'nope.py']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--entry nope\.py is not one of its files/);
  }, 300_000);

  it('gives threads their default stack (the stack rlimit is unlimited): no crash', async () => {
    const dir = hello();
    const threads = await w.run(['submit', dir, path.join(dir, 'submissions/multiple/test-multithread.c'), '--json']);
    expect(threads.code, threads.stderr).toBe(0);
    // DOMjudge expects it not to link (CE) or to print something else (WA); never to crash.
    expect(['WA', 'CE']).toContain((JSON.parse(threads.stdout) as { verdict: string }).verdict);
  }, 300_000);
});

describe('languages', () => {
  it('lists every language, whether its image is built, and the version of the built ones', async () => {
    const r = await w.run(['languages', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const rows = (JSON.parse(r.stdout) as { languages: Array<{ id: string; built: boolean; toolchain_version: string | null }> }).languages;
    expect(rows.length).toBeGreaterThanOrEqual(26);
    for (const id of ['c', 'cpp', 'python', 'java']) {
      const row = rows.find((x) => x.id === id)!;
      expect(row.built).toBe(true);
      expect(row.toolchain_version).toMatch(/\d+\.\d+/);
    }
  }, 300_000);
});
