import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Runtime } from '../cli/runtime.js';
import { loadContest } from '../contest/config.js';
import { readImport } from '../contest/manifest.js';
import { judgeSubmission } from '../judge/judge.js';
import { judgeRecorded } from '../record/record.js';
import { resolveLanguage } from '../lang/config.js';
import { loadProblem } from '../problem/load.js';
import { openStore } from '../store/index.js';
import { judgeVersion } from '../util/version.js';
import { fmt, median } from './stats.js';

export const APLUSB = '#include <cstdio>\nint main(){long long a,b;if(scanf("%lld %lld",&a,&b)!=2)return 1;printf("%lld\\n",a+b);}\n';
const TESTS = 100;
const REPEATS = 5;

/** A throwaway a+b package with 1 sample and 99 secret cases. */
export function aPlusB(dir: string): string {
  const root = path.join(dir, 'aplusb');
  mkdirSync(path.join(root, 'data/sample'), { recursive: true });
  mkdirSync(path.join(root, 'data/secret'), { recursive: true });
  writeFileSync(path.join(root, 'problem.yaml'), 'name: A plus B\nlimits:\n  time_limit: 1\n  memory: 256\n');
  for (let i = 0; i < TESTS; i++) {
    const a = Math.floor(Math.random() * 2e9) - 1e9;
    const b = Math.floor(Math.random() * 2e9) - 1e9;
    const base = i === 0 ? 'data/sample/1' : `data/secret/${String(i).padStart(3, '0')}`;
    writeFileSync(path.join(root, `${base}.in`), `${a} ${b}\n`);
    writeFileSync(path.join(root, `${base}.ans`), `${a + b}\n`);
  }
  return root;
}

/** A 100-test submission end to end (compile included), then with the compile cached. */
export async function benchJudging(runtime: Runtime, log: (s: string) => void): Promise<{ freshMs: number }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'zuko-bench-'));
  try {
    const problem = loadProblem(aPlusB(dir));
    const lang = resolveLanguage(runtime.languages, 'a.cpp');
    const judgeOnce = async (source: string) => {
      const t0 = performance.now();
      let compiledAt = t0;
      const report = await judgeSubmission(
        runtime,
        { problem, timeLimitMs: 1000, lang, source: Buffer.from(source) },
        { onCompiled: () => (compiledAt = performance.now()) },
      );
      if (report.verdict !== 'AC') throw new Error(`benchmark submission judged ${report.verdict}, expected AC`);
      return { total: performance.now() - t0, compile: compiledAt - t0, cached: report.compile.cached };
    };
    const fresh = [];
    for (let i = 0; i < REPEATS; i++) fresh.push(await judgeOnce(`${APLUSB}// run ${Date.now()}-${i}\n`));
    if (fresh.some((r) => r.cached)) throw new Error('a fresh benchmark source hit the compile cache');
    const cachedSource = `${APLUSB}// cached ${Date.now()}\n`;
    await judgeOnce(cachedSource);
    const cached = [];
    for (let i = 0; i < REPEATS; i++) cached.push(await judgeOnce(cachedSource));
    const freshMs = median(fresh.map((r) => r.total));
    log(
      `100-test a+b C++ submission, fresh compile: median ${fmt(freshMs)} ms, max ${fmt(Math.max(...fresh.map((r) => r.total)))} ms (compile ${fmt(median(fresh.map((r) => r.compile)))} ms)`,
    );
    const cachedMs = median(cached.map((r) => r.total));
    log(`same submission, compile cached:           median ${fmt(cachedMs)} ms, ${fmt(cachedMs / TESTS)} ms per test`);
    log(`target: 100-test a+b C++ submission judged in <= 3 s (compile included): ${freshMs <= 3000 ? 'met' : 'NOT met'}`);
    return { freshMs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Rejudging the bundled sample contest: every submission through the one queue, as `rejudge` does. */
export async function benchContest(runtime: Runtime, policy: string, contestId: string, manifest: string, log: (s: string) => void): Promise<number> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'zuko-bench-'));
  const store = await openStore(path.join(dir, 'bench.db'));
  try {
    const contest = loadContest(contestId);
    const ids: number[] = [];
    for (const e of readImport(contest, manifest)) {
      const problem = loadProblem(contest.problems.find((p) => p.label === e.label)!.path);
      const lang = resolveLanguage(runtime.languages, e.file, e.language ?? undefined);
      const added = await store.addSubmission({
        source: readFileSync(e.file),
        fileName: path.basename(e.file),
        language: lang.id,
        problemId: problem.id,
        problemDir: problem.dir,
        team: e.team,
        contest: contest.id,
        submittedAt: new Date(contest.start.getTime() + e.minutes * 60_000),
        contestMinutes: e.minutes,
      });
      ids.push(added.id);
    }
    const ctx = { ...runtime, store, judgeVersion: judgeVersion() };
    const judgeAll = async () => {
      const t0 = performance.now();
      const recorded = await Promise.all(ids.map(async (id) => judgeRecorded(ctx, (await store.getSubmission(id))!)));
      const ms = performance.now() - t0;
      const tests = recorded.reduce((n, r) => n + r.report.tests.filter((t) => t.verdict !== 'SK').length, 0);
      return { ms, tests };
    };
    await judgeAll(); // first pass compiles; a nightly rejudge finds its compilations cached
    const r = await judgeAll();
    log(
      `rejudge of contest ${contest.id}, ${policy} policy: ${ids.length} submissions, ${r.tests} test runs in ${fmt(r.ms)} ms on ${runtime.sandbox.concurrency} CPUs`,
    );
    log(`  ${fmt((ids.length / r.ms) * 60_000)} submissions per minute, ${fmt(r.ms / r.tests)} ms wall per test case`);
    return r.ms;
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
