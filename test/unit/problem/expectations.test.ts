import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempTree } from '../../helpers/temp.js';
import type { Verdict } from '../../../src/verdict/verdict.js';
import { deriveTimeLimit, runLimits, tleCheckLimit } from '../../../src/judge/limits.js';
import { loadLanguages, resolveLanguage } from '../../../src/lang/config.js';
import { disagreement } from '../../../src/judge/verify.js';
import { loadProblem } from '../../../src/problem/load.js';

const pkg = useTempTree('zuko-exp-');

const BASE = { 'problem.yaml': 'name: P\n', 'data/sample/1.in': '1\n', 'data/sample/1.ans': '1\n' };

describe('expected results of example submissions', () => {
  it("reads DOMjudge's folders and annotations, the spec's submissions.yaml and DOMjudge's entry points", () => {
    const root = pkg({
      ...BASE,
      'submissions/compiler_error/a.c': 'int main( {',
      'submissions/no_output/b.c': '/* @EXPECTED_RESULTS@: CORRECT, NO-OUTPUT */',
      'submissions/run_time_error/c.py': '# @EXPECTED_RESULTS@: RUN_TIME_ERROR',
      'submissions/partial/d.py': '# @EXPECTED_SCORE@: 74.42',
      'submissions/check_manually/e.c': '',
      'submissions/accepted/multi/main.py': 'import m',
      'submissions/accepted/multi/m.py': '# @EXPECTED_RESULTS@: CORRECT',
      'submissions/rejected/f.cc': '',
      'submissions/submissions.yaml': 'rejected/f.cc:\n  permitted: [WA, TLE]\n',
      'submissions.json': '{"submissions/accepted/multi/": {"entry_point": "main.py"}}',
    });
    const byName = new Map(loadProblem(root).submissions.map((s) => [path.relative(path.join(root, 'submissions'), s.file), s]));
    expect(byName.get('compiler_error/a.c')?.allowed).toEqual(['CE']);
    expect(byName.get('no_output/b.c')?.allowed).toEqual(['AC', 'WA']);
    expect(byName.get('run_time_error/c.py')?.allowed).toEqual(['RTE', 'MLE']);
    expect(byName.get('partial/d.py')).toMatchObject({ score: 74.42, partial: false });
    expect(byName.get('check_manually/e.c')?.allowed).toContain('CE');
    expect(byName.get('accepted/multi')).toMatchObject({ isDir: true, allowed: ['AC'], entry: 'main.py' });
    expect(byName.get('rejected/f.cc')?.allowed).toEqual(['WA', 'TLE']);
  });

  it('judges agreement by exact score (two decimals), partial score, verdict, and full score for accepted', () => {
    const base = { expected: 'partial', allowed: [] as Verdict[], score: null as number | null, partial: false };
    expect(disagreement({ ...base, score: 74.42 }, { verdict: 'AC', score: 74.4186, maxScore: 100 })).toBe('');
    expect(disagreement({ ...base, score: 60 }, { verdict: 'AC', score: 121, maxScore: 121 })).toMatch(/expected 60/);
    expect(disagreement({ ...base, partial: true }, { verdict: 'WA', score: 0, maxScore: 100 })).toMatch(/partially/);
    expect(disagreement({ ...base, expected: 'run_time_error', allowed: ['RTE', 'MLE'] }, { verdict: 'MLE', score: 0, maxScore: 100 })).toBe('');
    expect(disagreement({ ...base, expected: 'accepted', allowed: ['AC'] }, { verdict: 'AC', score: 50, maxScore: 100 })).toMatch(/full score/);
  });

  it('takes the time limit from problem.yaml, .timelimit, then domjudge-problem.ini, and follows links checked out as files', () => {
    expect(loadProblem(pkg({ ...BASE, 'problem.yaml': 'limits:\n  time_limit: 2\n', '.timelimit': '3' })).limits).toMatchObject({
      timeLimitMs: 2000,
      timeLimitSource: 'problem.yaml',
    });
    expect(loadProblem(pkg({ ...BASE, '.timelimit': '3\n', 'domjudge-problem.ini': 'timelimit = 4' })).limits.timeLimitSource).toBe('.timelimit');
    expect(loadProblem(pkg({ ...BASE, 'domjudge-problem.ini': "name = 'x'\ntimelimit = '4'\n" })).limits).toMatchObject({
      timeLimitMs: 4000,
      timeLimitSource: 'domjudge-problem.ini',
    });
    const linked = loadProblem(
      pkg({ ...BASE, 'data/secret/a/1.in': '7\n', 'data/secret/a/1.ans': '7\n', 'data/secret/b/1.in': '../a/1.in', 'data/secret/b/1.ans': '../a/1.ans' }),
    );
    expect(linked.tests.find((t) => t.name === 'secret/b/1')?.inFile).toMatch(/secret\/a\/1\.in$/);
  });

  it('derives a time limit as problemtools does; the wall limit follows the time limit, the stack is unlimited', () => {
    const legacy = { legacy: true, timeMultiplier: 5, timeResolutionMs: 1000, timeSafetyMargin: 2 };
    expect(deriveTimeLimit(legacy, 120)).toBe(1000);
    expect(deriveTimeLimit(legacy, 700)).toBe(4000);
    expect(tleCheckLimit(legacy, 1000)).toBe(2000);
    const current = { legacy: false, timeMultiplier: 2, timeResolutionMs: 1000, timeSafetyMargin: 1.5 };
    expect(deriveTimeLimit(current, 1200)).toBe(3000);
    expect(tleCheckLimit(current, 3000)).toBe(4500);
    const c = resolveLanguage(loadLanguages(), 'a.c');
    const limits = { memoryMib: 256, outputBytes: 1 << 20, timeLimitMs: 1000 };
    expect(runLimits(limits, c)).toMatchObject({ cpuMs: 1000, wallMs: 2000, stackKb: 0 });
    // problem check stretches the CPU limit of time-limit submissions, never their wall limit.
    expect(runLimits({ ...limits, cpuLimitMs: 2000 }, c)).toMatchObject({ cpuMs: 2000, wallMs: 2000 });
  });
});
