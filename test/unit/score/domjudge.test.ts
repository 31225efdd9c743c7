import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProblem } from '../../../src/problem/load.js';
import type { Problem } from '../../../src/problem/types.js';
import { gradeJudging, maxScore, type CaseResult } from '../../../src/score/index.js';
import type { Verdict } from '../../../src/verdict/verdict.js';

// DOMjudge's own scoring examples, read in place (never written).
const SCORING = path.resolve('../shared/conformance/domjudge/example_scoring_problems');
const PROBLEMTOOLS = path.resolve('../shared/conformance/problemtools/examples');

/** Every case AC except those whose name matches `failing`, which get `verdict`. */
function results(
  problem: Problem,
  failing: RegExp | null,
  verdict: Verdict = 'WA',
  score: (name: string) => number | null = () => null,
): Map<string, CaseResult> {
  return new Map(problem.tests.map((t) => [t.name, failing?.test(t.name) ? { verdict, score: null } : { verdict: 'AC' as Verdict, score: score(t.name) }]));
}

describe('DOMjudge scoring, on its own examples', () => {
  it('recognises DOMjudge packages by an explicit rule and says which', () => {
    expect(loadProblem(path.join(SCORING, 'addone')).scoring).toEqual({ model: 'domjudge', reason: 'DOMjudge package (.timelimit)' });
    expect(loadProblem(path.join(SCORING, 'largestsum')).scoring.reason).toMatch(/@EXPECTED_SCORE@/);
    expect(loadProblem(path.join(PROBLEMTOOLS, 'oddecho')).scoring.model).toBe('problemtools');
  });

  it('awards a group its accept_score once when all its cases pass (addone: 60, not one score per case)', () => {
    const addone = loadProblem(path.join(SCORING, 'addone'));
    expect(maxScore(addone.data)).toBe(60);
    expect(gradeJudging(addone.data, results(addone, null))).toMatchObject({ verdict: 'AC', score: 60, maxScore: 60 });
    expect(gradeJudging(addone.data, results(addone, /large|medium\/2/)).score).toBe(10);
    // Samples are judged (their verdict counts) but score nothing.
    expect(gradeJudging(addone.data, results(addone, /sample/))).toMatchObject({ verdict: 'WA', score: 60 });
  });

  it('combines subgroups by their grader flags: largestsum averages efficiency and takes the min of robustness', () => {
    const ls = loadProblem(path.join(SCORING, 'largestsum'));
    expect(maxScore(ls.data)).toBe(100);
    expect(gradeJudging(ls.data, results(ls, /efficiency\/(medium|large)/)).score).toBe(75);
    expect(gradeJudging(ls.data, results(ls, /robustness\/single/)).score).toBe(50);
  });

  it('takes checker scores within the range and computes the maximum the same way (knapsack: 100, not 200 of 2)', () => {
    const ks = loadProblem(path.join(SCORING, 'knapsack'));
    expect(maxScore(ks.data)).toBe(100);
    const graded = gradeJudging(
      ks.data,
      results(ks, null, 'WA', (name) => (name.startsWith('secret/') ? 88.37 : null)),
    );
    expect(graded).toMatchObject({ verdict: 'AC', maxScore: 100 });
    expect(graded.score).toBeCloseTo(88.37, 5);
  });
});
