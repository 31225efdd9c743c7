/**
 * Test case results → group verdicts and scores, up the data/ tree, following the legacy
 * ICPC/Kattis grader (testdata.yaml) with the current spec's max_score and require_pass on top.
 * Pure code: no I/O, no Docker.
 */
import { isGroup, type Grading, type TestCase, type TestGroup } from '../problem/types.js';
import { domjudgeMax, gradeDomjudge } from './domjudge.js';
import { SEVERITY, type Verdict } from '../verdict/verdict.js';

export interface CaseResult {
  verdict: Verdict;
  /** Score the checker gave (ICPC score.txt, testlib points); null = none. */
  score: number | null;
}

export interface GroupResult {
  name: string;
  verdict: Verdict;
  score: number;
  maxScore: number;
}

export interface Graded {
  verdict: Verdict;
  score: number;
  maxScore: number;
  groups: Map<string, GroupResult>;
  /** Every test case, 'SK' for skipped or not run. */
  tests: Map<string, Verdict>;
  /** Score of every test case that counts. */
  testScores: Map<string, number>;
}

interface Node {
  verdict: Verdict;
  score: number;
}

export function gradeJudging(root: TestGroup, results: Map<string, CaseResult>): Graded {
  if (root.grading.model === 'domjudge') return gradeDomjudge(root, results);
  const graded: Graded = { verdict: 'AC', score: 0, maxScore: maxScore(root), groups: new Map(), tests: new Map(), testScores: new Map() };
  const top = gradeGroup(root, results, graded);
  graded.verdict = top.verdict;
  applyRequirePass(root, graded);
  graded.score = graded.groups.get('')!.score;
  return graded;
}

function gradeGroup(group: TestGroup, results: Map<string, CaseResult>, graded: Graded): Node {
  const counted: Array<{ child: TestGroup | TestCase; node: Node }> = [];
  let broken = false;
  let anySkipped = false;
  for (const child of group.children) {
    if (broken) {
      markSkipped(child, graded);
      anySkipped = true;
      continue;
    }
    const node = isGroup(child) ? gradeGroup(child, results, graded) : gradeCase(child, group.grading, results, graded);
    if (node.verdict === 'SK') {
      anySkipped = true;
      continue;
    }
    counted.push({ child, node });
    if (node.verdict !== 'AC' && group.grading.onReject === 'break') broken = true;
  }
  const g = group.grading;
  const scored = counted.filter(({ child }) => !(g.ignoreSample && isSampleChild(child)));
  const verdictsOf = (g.ignoreSample ? scored : counted).map(({ node }) => node.verdict);
  const verdict = !verdictsOf.length && anySkipped ? 'SK' : combineVerdicts(g, verdictsOf);
  const score = finishScore(
    g,
    combineScores(
      g.scoreRule,
      scored.map(({ node }) => node.score),
    ),
    rawMax(group),
  );
  graded.groups.set(group.name, { name: group.name, verdict, score, maxScore: maxScore(group) });
  return { verdict, score };
}

function gradeCase(test: TestCase, grading: Grading, results: Map<string, CaseResult>, graded: Graded): Node {
  const result = results.get(test.name);
  if (!result || result.verdict === 'SK') {
    graded.tests.set(test.name, 'SK');
    return { verdict: 'SK', score: 0 };
  }
  const score = result.verdict === 'AC' ? (result.score ?? grading.acceptScore) : grading.rejectScore;
  graded.tests.set(test.name, result.verdict);
  graded.testScores.set(test.name, score);
  return { verdict: result.verdict, score };
}

function markSkipped(node: TestGroup | TestCase, graded: Graded): void {
  if (!isGroup(node)) {
    graded.tests.set(node.name, 'SK');
    return;
  }
  for (const child of node.children) markSkipped(child, graded);
  graded.groups.set(node.name, { name: node.name, verdict: 'SK', score: 0, maxScore: maxScore(node) });
}

function isSampleChild(child: TestGroup | TestCase): boolean {
  return isGroup(child) && child.name.split('/').pop() === 'sample';
}

function combineVerdicts(g: Grading, verdicts: Verdict[]): Verdict {
  if (g.acceptIfAnyAccepted && verdicts.includes('AC')) return 'AC';
  if (g.verdictRule === 'always_accept') return 'AC';
  if (g.verdictRule === 'worst_error') return SEVERITY.find((v) => v !== 'SK' && verdicts.includes(v)) ?? 'AC';
  return verdicts.find((v) => v !== 'AC') ?? 'AC';
}

function combineScores(rule: Grading['scoreRule'], scores: number[]): number {
  if (!scores.length) return 0;
  switch (rule) {
    case 'sum':
      return scores.reduce((a, b) => a + b, 0);
    case 'avg':
      return scores.reduce((a, b) => a + b, 0) / scores.length;
    case 'min':
      return Math.min(...scores);
    case 'max':
      return Math.max(...scores);
  }
}

/** Range clamps; a current-spec max_score rescales the raw score to it. */
function finishScore(g: Grading, raw: number, rawMaxScore: number): number {
  const clamped = g.range ? Math.min(g.range[1], Math.max(g.range[0], raw)) : raw;
  if (g.maxScore === null) return clamped;
  return rawMaxScore > 0 ? (g.maxScore * clamped) / rawMaxScore : 0;
}

/** The best score the group can reach before max_score rescaling. */
function rawMax(group: TestGroup): number {
  const g = group.grading;
  const children = group.children.filter((c) => !(g.ignoreSample && isSampleChild(c)));
  const maxima = children.map((c) => (isGroup(c) ? maxScore(c) : g.acceptScore));
  const raw = combineScores(g.scoreRule, maxima);
  return g.range ? Math.min(g.range[1], Math.max(g.range[0], raw)) : raw;
}

/** The best score the group can reach: what a submission passing everything gets. */
export function maxScore(group: TestGroup): number {
  if (group.grading.model === 'domjudge') return domjudgeMax(group);
  return group.grading.maxScore ?? rawMax(group);
}

/**
 * require_pass: a group whose required groups were not all accepted scores nothing. Applied after
 * the tree is graded, since a required group may come later in judging order; totals above are
 * recomputed from the corrected groups.
 */
function applyRequirePass(root: TestGroup, graded: Graded): void {
  const failed = (name: string) => graded.groups.get(name)?.verdict !== 'AC';
  const walk = (group: TestGroup): number => {
    const g = group.grading;
    const result = graded.groups.get(group.name)!;
    if (g.requirePass.some(failed)) {
      result.score = 0;
      return 0;
    }
    const hasSubgroups = group.children.some(isGroup);
    if (!hasSubgroups || !anyRequirement(group)) return result.score;
    const scores: number[] = [];
    for (const child of group.children) {
      if (g.ignoreSample && isSampleChild(child)) continue;
      if (isGroup(child)) {
        if (graded.groups.get(child.name)?.verdict !== 'SK') scores.push(walk(child));
      } else if (graded.testScores.has(child.name)) scores.push(graded.testScores.get(child.name)!);
    }
    result.score = finishScore(g, combineScores(g.scoreRule, scores), rawMax(group));
    return result.score;
  };
  walk(root);
}

function anyRequirement(group: TestGroup): boolean {
  return group.children.some((c) => isGroup(c) && (c.grading.requirePass.length > 0 || anyRequirement(c)));
}
