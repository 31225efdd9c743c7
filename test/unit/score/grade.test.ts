import { describe, expect, it } from 'vitest';
import type { Grading, TestCase, TestGroup } from '../../../src/problem/types.js';
import { gradeJudging, maxScore, skippable, type CaseResult } from '../../../src/score/index.js';
import type { Verdict } from '../../../src/verdict/verdict.js';

function grading(over: Partial<Grading> = {}): Grading {
  return {
    onReject: 'break',
    verdictRule: 'first_error',
    acceptIfAnyAccepted: false,
    ignoreSample: false,
    scoreRule: 'sum',
    acceptScore: 1,
    rejectScore: 0,
    range: null,
    maxScore: null,
    requirePass: [],
    model: 'problemtools',
    acceptScoreSet: false,
    ...over,
  };
}

function group(name: string, over: Partial<Grading>, children: Array<TestGroup | string>): TestGroup {
  return {
    name,
    hasSettings: false,
    grading: grading(over),
    children: children.map((c) => (typeof c === 'string' ? testCase(name, c) : c)),
  };
}

function testCase(groupName: string, base: string): TestCase {
  const name = groupName ? `${groupName}/${base}` : base;
  return { name, group: groupName, inFile: `${name}.in`, ansFile: `${name}.ans`, validatorArgs: [], inputValidatorArgs: [] };
}

function results(entries: Record<string, Verdict | [Verdict, number]>): Map<string, CaseResult> {
  return new Map(Object.entries(entries).map(([k, v]) => [k, Array.isArray(v) ? { verdict: v[0], score: v[1] } : { verdict: v, score: null }]));
}

/** Pass-fail as the loader builds it: break, first error, min of 100-point cases. */
const passFail = group('', { scoreRule: 'min', acceptScore: 100 }, [
  group('sample', { scoreRule: 'min', acceptScore: 100 }, ['1', '2']),
  group('secret', { scoreRule: 'min', acceptScore: 100 }, ['a', 'b', 'c']),
]);

/** IOI subtasks: root ignores samples and sums; each subtask scores its points only when all pass. */
function ioi(): TestGroup {
  const cont = { onReject: 'continue' as const, ignoreSample: true };
  return group('', cont, [
    group('sample', cont, ['1']),
    group('secret', cont, [
      group('secret/g1', { scoreRule: 'min', acceptScore: 20 }, ['1', '2']),
      group('secret/g2', { scoreRule: 'min', acceptScore: 30 }, ['1', '2']),
      group('secret/g3', { scoreRule: 'min', acceptScore: 50 }, ['1', '2']),
    ]),
  ]);
}

const allAc = (root: TestGroup): Map<string, CaseResult> => {
  const names: string[] = [];
  const walk = (g: TestGroup): void => {
    for (const c of g.children) {
      if ('children' in c) walk(c);
      else names.push(c.name);
    }
  };
  walk(root);
  return new Map(names.map((n) => [n, { verdict: 'AC' as Verdict, score: null }]));
};

describe('gradeJudging: pass-fail', () => {
  it('accepts when every case passes, with full points', () => {
    const g = gradeJudging(passFail, allAc(passFail));
    expect([g.verdict, g.score, g.maxScore]).toEqual(['AC', 100, 100]);
  });

  it('takes the first failure in package order and skips everything after it', () => {
    const g = gradeJudging(passFail, results({ 'sample/1': 'AC', 'sample/2': 'AC', 'secret/a': 'AC', 'secret/b': 'TLE', 'secret/c': 'WA' }));
    expect(g.verdict).toBe('TLE');
    expect(g.score).toBe(0);
    expect(g.tests.get('secret/c')).toBe('SK');
    expect(g.testScores.has('secret/c')).toBe(false);
  });

  it('a failed sample skips the whole secret group', () => {
    const g = gradeJudging(passFail, results({ 'sample/1': 'RTE', 'secret/a': 'AC' }));
    expect(g.verdict).toBe('RTE');
    expect(['sample/2', 'secret/a', 'secret/b', 'secret/c'].map((t) => g.tests.get(t))).toEqual(['SK', 'SK', 'SK', 'SK']);
    expect(g.groups.get('secret')!.verdict).toBe('SK');
  });

  it('the first failure wins even when a later case failed worse', () => {
    const g = gradeJudging(passFail, results({ 'sample/1': 'AC', 'sample/2': 'WA', 'secret/a': 'JE' }));
    expect(g.verdict).toBe('WA');
  });

  it('missing results count as skipped, not as accepted', () => {
    const g = gradeJudging(passFail, results({ 'sample/1': 'AC' }));
    expect(g.tests.get('secret/a')).toBe('SK');
    expect(g.verdict).toBe('AC');
  });
});

describe('gradeJudging: IOI subtasks', () => {
  it('scores 100 of 100 when everything passes', () => {
    const g = gradeJudging(ioi(), allAc(ioi()));
    expect([g.verdict, g.score, g.maxScore]).toEqual(['AC', 100, 100]);
  });

  it('a subtask scores only when all its cases pass; the others still count', () => {
    const r = allAc(ioi());
    r.set('secret/g3/1', { verdict: 'TLE', score: null });
    const g = gradeJudging(ioi(), r);
    expect(g.score).toBe(50);
    expect(g.verdict).toBe('TLE');
    expect(g.groups.get('secret/g3')).toMatchObject({ verdict: 'TLE', score: 0, maxScore: 50 });
    expect(g.tests.get('secret/g3/2')).toBe('SK');
    expect(g.groups.get('secret/g2')).toMatchObject({ verdict: 'AC', score: 30 });
  });

  it('ignores the samples for score and verdict', () => {
    const r = allAc(ioi());
    r.set('sample/1', { verdict: 'WA', score: null });
    r.set('secret/g1/2', { verdict: 'WA', score: null });
    const g = gradeJudging(ioi(), r);
    expect(g.score).toBe(80);
    expect(g.verdict).toBe('WA');
    expect(maxScore(ioi())).toBe(100);
  });

  it('scores 0 with nothing passing', () => {
    const r = results({ 'sample/1': 'WA', 'secret/g1/1': 'WA', 'secret/g2/1': 'RTE', 'secret/g3/1': 'TLE' });
    const g = gradeJudging(ioi(), r);
    expect(g.score).toBe(0);
    expect(g.verdict).toBe('WA');
  });
});

describe('gradeJudging: grader flags', () => {
  it('worst_error picks the most severe verdict', () => {
    const root = group('', { onReject: 'continue', verdictRule: 'worst_error' }, ['a', 'b', 'c']);
    expect(gradeJudging(root, results({ a: 'WA', b: 'RTE', c: 'TLE' })).verdict).toBe('RTE');
    expect(gradeJudging(root, results({ a: 'AC', b: 'AC', c: 'AC' })).verdict).toBe('AC');
  });

  it('always_accept and accept_if_any_accepted', () => {
    const always = group('', { onReject: 'continue', verdictRule: 'always_accept' }, ['a', 'b']);
    expect(gradeJudging(always, results({ a: 'WA', b: 'WA' })).verdict).toBe('AC');
    const any = group('', { onReject: 'continue', acceptIfAnyAccepted: true }, ['a', 'b']);
    expect(gradeJudging(any, results({ a: 'WA', b: 'AC' })).verdict).toBe('AC');
    expect(gradeJudging(any, results({ a: 'WA', b: 'TLE' })).verdict).toBe('WA');
  });

  it('avg, max, reject_score and range', () => {
    const avg = group('', { onReject: 'continue', scoreRule: 'avg', acceptScore: 10, rejectScore: 2 }, ['a', 'b']);
    expect(gradeJudging(avg, results({ a: 'AC', b: 'WA' })).score).toBe(6);
    const max = group('', { onReject: 'continue', scoreRule: 'max', acceptScore: 10 }, ['a', 'b']);
    expect(gradeJudging(max, results({ a: 'WA', b: 'AC' })).score).toBe(10);
    const ranged = group('', { onReject: 'continue', acceptScore: 10, range: [0, 15] }, ['a', 'b']);
    expect(gradeJudging(ranged, results({ a: 'AC', b: 'AC' })).score).toBe(15);
    expect(maxScore(ranged)).toBe(15);
  });

  it('uses the checker score of an accepted case', () => {
    const root = group('', { onReject: 'continue', acceptScore: 10 }, ['a', 'b']);
    expect(gradeJudging(root, results({ a: ['AC', 3.5], b: ['AC', 4] })).score).toBe(7.5);
  });

  it('max_score rescales a group; require_pass zeroes a group whose requirement failed', () => {
    const root = group('', { onReject: 'continue', ignoreSample: true }, [
      group('secret', { onReject: 'continue' }, [
        group('secret/a', { scoreRule: 'min', maxScore: 40 }, ['1', '2']),
        group('secret/b', { onReject: 'continue', maxScore: 60, requirePass: ['secret/a'] }, ['1', '2', '3']),
      ]),
    ]);
    expect(maxScore(root)).toBe(100);
    expect(gradeJudging(root, results({ 'secret/a/1': 'AC', 'secret/a/2': 'AC', 'secret/b/1': 'AC', 'secret/b/2': 'WA', 'secret/b/3': 'AC' })).score).toBe(80);
    const failedA = gradeJudging(root, results({ 'secret/a/1': 'WA', 'secret/a/2': 'AC', 'secret/b/1': 'AC', 'secret/b/2': 'AC', 'secret/b/3': 'AC' }));
    expect(failedA.groups.get('secret/b')!.score).toBe(0);
    expect(failedA.score).toBe(0);
  });
});

describe('skippable', () => {
  it('skips what follows a known failure, even with earlier results still unknown', () => {
    expect([...skippable(passFail, results({ 'secret/a': 'WA' }))].sort()).toEqual(['secret/b', 'secret/c']);
    expect([...skippable(passFail, results({ 'sample/2': 'TLE' }))].sort()).toEqual(['secret/a', 'secret/b', 'secret/c']);
  });

  it('skips nothing while everything known passes, and only within a break group', () => {
    expect(skippable(passFail, results({ 'sample/1': 'AC', 'secret/a': 'AC' })).size).toBe(0);
    const skip = skippable(ioi(), results({ 'secret/g1/1': 'WA', 'sample/1': 'WA' }));
    expect([...skip]).toEqual(['secret/g1/2']);
  });

  it('agrees with the final grading', () => {
    const partial = results({ 'secret/g2/1': 'RTE', 'secret/g3/2': 'AC' });
    const skip = skippable(ioi(), partial);
    const final = gradeJudging(ioi(), new Map([...allAc(ioi())].map(([k, v]) => [k, partial.get(k) ?? v])));
    for (const name of skip) expect(final.tests.get(name)).toBe('SK');
  });
});
