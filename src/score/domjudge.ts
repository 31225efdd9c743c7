/**
 * DOMjudge's reading of legacy testdata.yaml scoring: only folders with their own testdata.yaml
 * are scoring groups. A leaf group scores its accept_score once when all its cases pass (or, with
 * no accept_score, the sum of its cases' checker scores, clamped to its range); a group above
 * combines its scoring subgroups with its grader_flags (sum, avg, min, max). Cases outside a
 * scoring group (the samples) are judged but score nothing. The verdict is the first failing
 * test case's. Pure code.
 */
import { isGroup, type TestCase, type TestGroup } from '../problem/types.js';
import type { Verdict } from '../verdict/verdict.js';
import type { CaseResult, Graded } from './grade.js';

export function gradeDomjudge(root: TestGroup, results: Map<string, CaseResult>): Graded {
  const graded: Graded = { verdict: 'AC', score: 0, maxScore: domjudgeMax(root), groups: new Map(), tests: new Map(), testScores: new Map() };
  for (const test of casesOf(root)) {
    const r = results.get(test.name);
    graded.tests.set(test.name, r?.verdict ?? 'SK');
  }
  graded.verdict = [...graded.tests.values()].find((v) => v !== 'AC' && v !== 'SK') ?? 'AC';
  graded.score = score(root, results, graded);
  return graded;
}

function score(group: TestGroup, results: Map<string, CaseResult>, graded: Graded): number {
  const subgroups = scoringSubgroups(group);
  const g = group.grading;
  let value: number;
  if (subgroups.length) {
    value = combine(
      g.scoreRule,
      subgroups.map((s) => score(s, results, graded)),
    );
  } else {
    const cases = group.children.filter((c): c is TestCase => !isGroup(c));
    const verdicts = cases.map((c) => results.get(c.name)?.verdict ?? ('SK' as Verdict));
    const allPass = cases.length > 0 && verdicts.every((v) => v === 'AC');
    const caseScores = cases.map((c, i) => (verdicts[i] === 'AC' ? (results.get(c.name)?.score ?? 1) : 0));
    cases.forEach((c, i) => {
      graded.testScores.set(c.name, caseScores[i]);
    });
    value = g.acceptScoreSet ? (allPass ? g.acceptScore : 0) : caseScores.reduce((a, b) => a + b, 0);
  }
  const clamped = g.range ? Math.min(g.range[1], Math.max(g.range[0], value)) : value;
  graded.groups.set(group.name, { name: group.name, verdict: groupVerdict(group, graded), score: clamped, maxScore: domjudgeMax(group) });
  return clamped;
}

/** What a submission passing everything scores: the same rules, every case accepted at its best. */
export function domjudgeMax(group: TestGroup): number {
  const subgroups = scoringSubgroups(group);
  const g = group.grading;
  if (subgroups.length) return combine(g.scoreRule, subgroups.map(domjudgeMax));
  if (g.acceptScoreSet) return g.acceptScore;
  if (g.range) return g.range[1];
  return group.children.filter((c) => !isGroup(c)).length;
}

/** The child folders that score: those with their own settings; a folder without looks through to its own. */
function scoringSubgroups(group: TestGroup): TestGroup[] {
  return group.children.filter(isGroup).flatMap((c) => (c.hasSettings ? [c] : scoringSubgroups(c)));
}

function combine(rule: TestGroup['grading']['scoreRule'], scores: number[]): number {
  if (!scores.length) return 0;
  if (rule === 'avg') return scores.reduce((a, b) => a + b, 0) / scores.length;
  if (rule === 'min') return Math.min(...scores);
  if (rule === 'max') return Math.max(...scores);
  return scores.reduce((a, b) => a + b, 0);
}

function groupVerdict(group: TestGroup, graded: Graded): Verdict {
  const verdicts = casesOf(group).map((c) => graded.tests.get(c.name) ?? 'SK');
  return verdicts.find((v) => v !== 'AC' && v !== 'SK') ?? (verdicts.includes('AC') ? 'AC' : 'SK');
}

function casesOf(group: TestGroup): TestCase[] {
  return group.children.flatMap((c) => (isGroup(c) ? casesOf(c) : [c]));
}
