/**
 * Reads `data/` into the group tree the scorer walks: test cases as `.in`/`.ans` pairs, nested
 * folders as groups, settings from `testdata.yaml` (legacy) or `test_group.yaml` (current spec)
 * inherited key by key down the tree.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import type { Issue } from '../util/errors.js';
import { readYaml } from '../util/yaml.js';
import { zodIssues } from '../util/zod.js';
import { followTextLink } from './links.js';
import { TestGroupYaml, TestdataYaml } from './schema.js';
import type { Grading, ScoringModel, TestCase, TestGroup } from './types.js';

/** The group folders judged, in this order; other folders of data/ (invalid_input, ...) are not test data. */
const JUDGED = ['sample', 'secret'] as const;

/** A pass-fail problem is worth the same on an IOI board as a fully solved scoring one. */
const PASS_FAIL_POINTS = 100;

interface Settings {
  legacy: TestdataYaml;
  current: TestGroupYaml;
}

interface Walk {
  issues: Issue[];
  scoring: boolean;
  model: ScoringModel;
  /** validator_flags of problem.yaml, in front of every group's own flags. */
  problemArgs: string[];
  tests: TestCase[];
}

export interface DataTree {
  root: TestGroup;
  tests: TestCase[];
}

export function readDataTree(dataDir: string, scoring: boolean, model: ScoringModel, problemArgs: string[], issues: Issue[]): DataTree {
  const walk: Walk = { issues, scoring, model, problemArgs, tests: [] };
  const rootSettings = readSettings(dataDir, { legacy: {}, current: {} }, walk);
  const root: TestGroup = { name: '', hasSettings: hasOwnSettings(dataDir), grading: grading(rootSettings, '', walk), children: [] };
  checkLooseFiles(dataDir, walk);
  for (const name of JUDGED) {
    const dir = path.join(dataDir, name);
    if (existsSync(dir)) root.children.push(readGroup(dir, name, rootSettings, walk));
  }
  // Samples are test cases too: a package with only data/sample/ is judged on its samples.
  if (walk.tests.length === 0) issues.push({ file: dataDir, message: 'no test cases (NAME.in + NAME.ans pairs) in data/sample or data/secret' });
  return { root, tests: walk.tests };
}

function readGroup(dir: string, name: string, inherited: Settings, walk: Walk): TestGroup {
  const settings = readSettings(dir, inherited, walk);
  const group: TestGroup = { name, hasSettings: hasOwnSettings(dir), grading: grading(settings, name, walk), children: [] };
  const args = [...walk.problemArgs, ...(settings.current.output_validator_args ?? settings.legacy.output_validator_flags ?? [])];
  const inputArgs = settings.current.input_validator_args ?? settings.legacy.input_validator_flags ?? [];
  for (const entry of listEntries(dir)) {
    const full = path.join(dir, entry.name);
    if (entry.kind === 'group') {
      group.children.push(readGroup(full, `${name}/${entry.name}`, settings, walk));
      continue;
    }
    const test = testCase(dir, entry.name, name, { output: args, input: inputArgs }, walk);
    if (test) {
      group.children.push(test);
      walk.tests.push(test);
    }
  }
  return group;
}

/** Folders and test cases interleave in plain code-point order of their names, as the format says. */
function listEntries(dir: string): Array<{ name: string; kind: 'group' | 'case' }> {
  const names = readdirSync(dir).filter((n) => !n.startsWith('.'));
  const groups = names.filter((n) => statSync(path.join(dir, n)).isDirectory()).map((name) => ({ name, kind: 'group' as const }));
  // A test case is its input file: an answer file without one is no test case (DOMjudge imports by .in too).
  const stems = new Set(names.filter((n) => n.endsWith('.in')).map((n) => n.slice(0, -'.in'.length)));
  const cases = [...stems].map((name) => ({ name, kind: 'case' as const }));
  return [...groups, ...cases].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function testCase(dir: string, base: string, group: string, args: { output: string[]; input: string[] }, walk: Walk): TestCase | null {
  const inFile = path.join(dir, `${base}.in`);
  const ansFile = path.join(dir, `${base}.ans`);
  const hasIn = existsSync(inFile);
  const hasAns = existsSync(ansFile);
  if (!hasIn) walk.issues.push({ file: ansFile, message: `has no input file ${base}.in beside it` });
  if (!hasAns) walk.issues.push({ file: inFile, message: `has no answer file ${base}.ans beside it` });
  if (!hasIn || !hasAns) return null;
  return {
    name: `${group}/${base}`,
    group,
    inFile: followTextLink(inFile),
    ansFile: followTextLink(ansFile),
    validatorArgs: args.output,
    inputValidatorArgs: args.input,
  };
}

function checkLooseFiles(dataDir: string, walk: Walk): void {
  if (!existsSync(dataDir)) return;
  for (const name of readdirSync(dataDir)) {
    if (name.endsWith('.in') || name.endsWith('.ans')) {
      walk.issues.push({ file: path.join(dataDir, name), message: 'test cases belong in data/sample or data/secret, not in data/ itself' });
    }
  }
}

function hasOwnSettings(dir: string): boolean {
  return existsSync(path.join(dir, 'testdata.yaml')) || existsSync(path.join(dir, 'test_group.yaml'));
}

/** A group's own settings over its parent's; max_score and require_pass belong to one group only. */
function readSettings(dir: string, inherited: Settings, walk: Walk): Settings {
  const own: Settings = { legacy: {}, current: {} };
  const legacyFile = path.join(dir, 'testdata.yaml');
  const currentFile = path.join(dir, 'test_group.yaml');
  if (existsSync(legacyFile)) own.legacy = parseSettings(legacyFile, TestdataYaml, walk) ?? {};
  if (existsSync(currentFile)) own.current = parseSettings(currentFile, TestGroupYaml, walk) ?? {};
  const { max_score: _max, require_pass: _req, ...passDown } = inherited.current;
  return {
    legacy: { ...inherited.legacy, ...own.legacy },
    current: { ...passDown, ...own.current },
  };
}

function parseSettings<T>(file: string, schema: z.ZodType<T>, walk: Walk): T | null {
  let raw: unknown;
  try {
    raw = readYaml(file) ?? {};
  } catch (err) {
    walk.issues.push(...((err as { issues?: Issue[] }).issues ?? [{ file, message: String(err) }]));
    return null;
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  walk.issues.push(...zodIssues(file, parsed.error));
  return null;
}

function grading(settings: Settings, groupName: string, walk: Walk): Grading {
  if (!walk.scoring) return passFailGrading(settings);
  if (settings.current.score_aggregation !== undefined || settings.current.max_score !== undefined) return currentGrading(settings, groupName);
  return { ...legacyGrading(settings), model: walk.model };
}

/** Pass-fail: the first rejected case decides, and a solved problem is worth full points. */
function passFailGrading(settings: Settings): Grading {
  return {
    ...legacyGrading({ legacy: { on_reject: settings.legacy.on_reject }, current: {} }),
    scoreRule: 'min',
    acceptScore: PASS_FAIL_POINTS,
  };
}

function legacyGrading({ legacy }: Settings): Grading {
  const flags = legacy.grader_flags ?? [];
  const last = <T extends string>(options: readonly T[], fallback: T): T =>
    [...flags].reverse().find((f): f is T => (options as readonly string[]).includes(f)) ?? fallback;
  return {
    onReject: legacy.on_reject ?? 'break',
    verdictRule: last(['first_error', 'worst_error', 'always_accept'] as const, 'first_error'),
    acceptIfAnyAccepted: flags.includes('accept_if_any_accepted'),
    ignoreSample: flags.includes('ignore_sample'),
    scoreRule: last(['sum', 'avg', 'min', 'max'] as const, 'sum'),
    acceptScore: legacy.accept_score ?? 1,
    rejectScore: legacy.reject_score ?? 0,
    range: legacy.range ?? null,
    maxScore: null,
    requirePass: [],
    model: 'problemtools',
    acceptScoreSet: legacy.accept_score !== undefined,
  };
}

/**
 * Current spec: a pass-fail group scores its max_score only when every case passes; sum and min
 * aggregate case scores and scale them to max_score. Samples never score.
 */
function currentGrading({ current }: Settings, groupName: string): Grading {
  const aggregation = current.score_aggregation ?? 'sum';
  const parent = groupName.includes('/') ? groupName.slice(0, groupName.lastIndexOf('/')) : '';
  const requirePass = current.require_pass === undefined ? [] : [current.require_pass].flat();
  return {
    onReject: aggregation === 'sum' ? 'continue' : 'break',
    verdictRule: 'first_error',
    acceptIfAnyAccepted: false,
    ignoreSample: groupName === '',
    scoreRule: aggregation === 'sum' ? 'sum' : 'min',
    acceptScore: 1,
    rejectScore: 0,
    range: null,
    maxScore: current.max_score ?? null,
    requirePass: requirePass.map((g) => (g.includes('/') ? g : parent ? `${parent}/${g}` : g)),
    model: 'problemtools',
    acceptScoreSet: false,
  };
}
