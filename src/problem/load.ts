/**
 * Loads an ICPC/Kattis problem package as it is on disk. Every problem found in the package is
 * collected and reported together, so an admin fixes a broken package in one pass.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { UserError, type Issue } from '../util/errors.js';
import { readYaml } from '../util/yaml.js';
import { zodIssues } from '../util/zod.js';
import { readDataTree } from './data-tree.js';
import { packageFingerprint, packageHash } from './hash.js';
import { exampleSubmissions } from './expectations.js';
import { isDir, listFiles, visible } from './files.js';
import { DEFAULT_LIMITS, DOMJUDGE_INI, ProblemYaml, TIME_LIMIT_FILE } from './schema.js';
import type { CheckerSpec, ExampleSubmission, Interaction, Limits, Problem, TimeLimitSource } from './types.js';

const cache = new Map<string, { fingerprint: string; problem: Problem }>();

/**
 * Loads the package in `dir`. A package is read, hashed and parsed once per process: judging a
 * thousand submissions of it then costs a look at its files' sizes and times each, not a thousand
 * reads of all its test data. A package changed on disk (a long-running server) is read again.
 */
export function loadProblem(dir: string): Problem {
  const root = path.resolve(dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) throw UserError.at(root, undefined, 'no such problem package directory');
  const fingerprint = packageFingerprint(root);
  const cached = cache.get(root);
  if (cached?.fingerprint === fingerprint) return cached.problem;
  const problem = parsePackage(root, packageHash(root));
  // Only a package that loads is kept: a broken one is read (and reported) again next time.
  cache.set(root, { fingerprint, problem });
  return problem;
}

function parsePackage(root: string, hash: string): Problem {
  const issues: Issue[] = [];
  const yamlFile = path.join(root, 'problem.yaml');
  const yaml = readProblemYaml(yamlFile, issues);
  const scoring = problemType(yamlFile, yaml, issues) === 'scoring';
  const submissions = exampleSubmissions(root, issues);
  const model = scoringModel(root, yaml, submissions);
  const data = readDataTree(path.join(root, 'data'), scoring, model.model, yaml?.validator_flags ?? [], issues);
  const checker = checkerSpec(root, yamlFile, yaml, issues);
  const interaction = readInteraction(yamlFile, yaml, checker, issues);
  const limits = readLimits(root, yaml, issues);
  if (issues.length) throw new UserError(issues);
  return {
    id: path.basename(root),
    name: displayName(yaml?.name) ?? path.basename(root),
    dir: root,
    type: scoring ? 'scoring' : 'pass-fail',
    limits,
    checker,
    interaction,
    data: data.root,
    tests: data.tests,
    submissions,
    scoring: model,
    hash,
  };
}

function readProblemYaml(file: string, issues: Issue[]): ProblemYaml | null {
  if (!existsSync(file)) {
    issues.push({ file, message: 'missing: every package needs a problem.yaml' });
    return null;
  }
  let raw: unknown;
  try {
    raw = readYaml(file) ?? {};
  } catch (err) {
    issues.push(...(err as UserError).issues);
    return null;
  }
  const parsed = ProblemYaml.safeParse(raw);
  if (parsed.success) return parsed.data;
  issues.push(...zodIssues(file, parsed.error));
  return null;
}

function problemType(file: string, yaml: ProblemYaml | null, issues: Issue[]): 'pass-fail' | 'scoring' {
  const types = [yaml?.type ?? 'pass-fail'].flat();
  const unsupported = types.find((t) => !SUPPORTED_TYPES.includes(t));
  if (unsupported) issues.push({ file, field: 'type', message: `${unsupported} problems are not supported yet` });
  return types.includes('scoring') ? 'scoring' : 'pass-fail';
}

const SUPPORTED_TYPES: readonly string[] = ['pass-fail', 'scoring', 'interactive', 'multi-pass'];

/** Legacy packages say it in `validation`, current ones in `type`; both need the package's own validator. */
function readInteraction(file: string, yaml: ProblemYaml | null, checker: CheckerSpec, issues: Issue[]): Interaction {
  const types = [yaml?.type ?? 'pass-fail'].flat() as string[];
  const validation = yaml?.validation ?? '';
  const interactive = types.includes('interactive') || validation.includes('interactive');
  const multiPass = types.includes('multi-pass') || validation.includes('multi-pass');
  const field = types.includes('interactive') || types.includes('multi-pass') ? 'type' : 'validation';
  if ((interactive || multiPass) && checker.kind === 'default') {
    issues.push({ file, field, message: 'interactive and multi-pass problems need their own output validator (output_validator/)' });
  }
  return { interactive, passes: multiPass ? (yaml?.limits?.validation_passes ?? 2) : 1 };
}

function displayName(name: ProblemYaml['name']): string | null {
  if (name === undefined) return null;
  if (typeof name === 'string') return name;
  return name.en ?? Object.values(name)[0] ?? null;
}

/**
 * Whose reading of the legacy scoring keys applies, by an explicit rule: `zuko.scoring` in
 * problem.yaml; else DOMjudge's when the package carries DOMjudge's own files (.timelimit,
 * domjudge-problem.ini, submissions.json) or expected scores in its sources (@EXPECTED_SCORE@,
 * DOMjudge's convention); else problemtools'.
 */
export function scoringModel(root: string, yaml: ProblemYaml | null, submissions: ExampleSubmission[]): Problem['scoring'] {
  if (yaml?.zuko?.scoring) return { model: yaml.zuko.scoring, reason: 'zuko.scoring in problem.yaml' };
  const marker = DOMJUDGE_FILES.find((f) => existsSync(path.join(root, f)));
  if (marker) return { model: 'domjudge', reason: `DOMjudge package (${marker})` };
  if (submissions.some((s) => s.score !== null)) return { model: 'domjudge', reason: 'DOMjudge package (@EXPECTED_SCORE@ in its submissions)' };
  return { model: 'problemtools', reason: 'no DOMjudge files: problemtools' };
}

const DOMJUDGE_FILES = [TIME_LIMIT_FILE, DOMJUDGE_INI, 'submissions.json'];

/** Legacy packages have no problem_format_version; their time limit comes from time_multiplier. */
function isLegacy(yaml: ProblemYaml | null): boolean {
  const version = yaml?.problem_format_version;
  return version === undefined || version.startsWith('legacy');
}

function readLimits(root: string, yaml: ProblemYaml | null, issues: Issue[]): Limits {
  const l = yaml?.limits ?? {};
  const legacy = isLegacy(yaml);
  const fixed = fixedTimeLimit(root, l.time_limit, issues);
  return {
    timeLimitMs: fixed?.ms ?? null,
    timeLimitSource: fixed?.source ?? null,
    memoryMib: l.memory ?? DEFAULT_LIMITS.memoryMib,
    outputBytes: Math.round((l.output ?? DEFAULT_LIMITS.outputMib) * 1024 * 1024),
    timeMultiplier: legacy ? (l.time_multiplier ?? DEFAULT_LIMITS.timeMultiplier) : (l.time_multipliers?.ac_to_time_limit ?? 2),
    timeResolutionMs: legacy ? 1000 : Math.round((l.time_resolution ?? 1) * 1000),
    timeSafetyMargin: legacy ? (l.time_safety_margin ?? DEFAULT_LIMITS.timeSafetyMargin) : (l.time_multipliers?.time_limit_to_tle ?? 1.5),
    legacy,
  };
}

/** The first fixed time limit found: problem.yaml, DOMjudge's .timelimit, DOMjudge's domjudge-problem.ini. */
function fixedTimeLimit(root: string, yamlSeconds: number | undefined, issues: Issue[]): { ms: number; source: TimeLimitSource } | null {
  if (yamlSeconds !== undefined) return { ms: Math.round(yamlSeconds * 1000), source: 'problem.yaml' };
  const file = path.join(root, TIME_LIMIT_FILE);
  if (existsSync(file)) return seconds(file, readFileSync(file, 'utf8').trim(), TIME_LIMIT_FILE, issues);
  const ini = path.join(root, DOMJUDGE_INI);
  if (!existsSync(ini)) return null;
  const line = /^\s*timelimit\s*=\s*['"]?([^'"\n]*)['"]?\s*$/m.exec(readFileSync(ini, 'utf8'));
  return line ? seconds(ini, line[1].trim(), DOMJUDGE_INI, issues) : null;
}

function seconds(file: string, text: string, source: TimeLimitSource, issues: Issue[]): { ms: number; source: TimeLimitSource } | null {
  const value = Number(text);
  if (text === '' || !Number.isFinite(value) || value <= 0) {
    issues.push({ file, message: `must hold the time limit in seconds (a number above 0), got '${text.slice(0, 20)}'` });
    return null;
  }
  return { ms: Math.round(value * 1000), source };
}

/**
 * The checker: `zuko.checker` when set; else a custom (ICPC) output validator when the package
 * asks for one (legacy `validation: custom`) or ships one; else the default validator.
 */
function checkerSpec(root: string, yamlFile: string, yaml: ProblemYaml | null, issues: Issue[]): CheckerSpec {
  const dir = validatorDir(root, issues);
  const validation = yaml?.validation;
  const kind = yaml?.zuko?.checker ?? (validation ? (validation.startsWith('custom') ? 'icpc' : 'default') : dir ? 'icpc' : 'default');
  if (kind === 'default') return { kind };
  if (!dir) {
    const field = yaml?.zuko?.checker ? 'zuko.checker' : 'validation';
    issues.push({ file: yamlFile, field, message: `a ${kind} checker needs its sources in output_validator/ (or output_validators/<name>/)` });
    return { kind: 'default' };
  }
  const sources = listFiles(dir);
  if (!sources.length) issues.push({ file: dir, message: 'no checker source files in it' });
  return { kind, dir, sources };
}

function validatorDir(root: string, issues: Issue[]): string | null {
  const current = path.join(root, 'output_validator');
  if (isDir(current)) return soleSubfolder(current);
  const legacy = path.join(root, 'output_validators');
  if (!isDir(legacy)) return null;
  const subdirs = visible(legacy).filter((n) => isDir(path.join(legacy, n)));
  if (subdirs.length > 1) {
    issues.push({ file: legacy, message: `holds ${subdirs.length} validators (${subdirs.join(', ')}); zuko-judge runs one: keep one folder` });
  }
  return subdirs.length === 1 && listFiles(legacy).length === 0 ? path.join(legacy, subdirs[0]) : legacy;
}

/** Some packages keep the validator one folder further down (output_validator/<name>/). */
function soleSubfolder(dir: string): string {
  const subdirs = visible(dir).filter((n) => isDir(path.join(dir, n)));
  return subdirs.length === 1 && listFiles(dir).length === 0 ? path.join(dir, subdirs[0]) : dir;
}
