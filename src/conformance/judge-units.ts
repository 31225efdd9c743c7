/**
 * Judges one package copy both ways a user would: `problem check` (verifyProblem) and `submit`
 * (a stored submission judged by judgeRecorded), and compares each with what its authors expect.
 */
import path from 'node:path';
import { judgeRecorded, type RecordContext } from '../record/record.js';
import { disagreement, readUnit, resolveTimeLimit, verifyProblem, type ExampleResult } from '../judge/verify.js';
import { exampleSubmissions } from '../problem/expectations.js';
import { loadProblem } from '../problem/load.js';
import type { ExampleSubmission, Problem } from '../problem/types.js';
import { UserError, errorMessage } from '../util/errors.js';
import { hashTree } from './tree-hash.js';
import type { PackageCopy } from './units.js';

export type Outcome = 'agree' | 'disagree' | 'unsupported';

export interface UnitResult {
  /** "<source>/<package>/<path below the package>" */
  key: string;
  source: string;
  language: string | null;
  expected: string;
  check: string;
  submit: string;
  outcome: Outcome;
  reason: string;
}

export interface PackageResult {
  source: string;
  name: string;
  units: UnitResult[];
  /** Package-level problems `problem check` found (input validators, checker, time limit). */
  issues: string[];
  unchanged: boolean;
  timeLimit: string | null;
}

export async function judgePackage(ctx: RecordContext, pkg: PackageCopy, filter: (lang: string) => boolean): Promise<PackageResult> {
  const keyOf = (file: string) => `${pkg.source}/${pkg.name}/${path.relative(pkg.copy, file)}`;
  let problem: Problem;
  try {
    problem = loadProblem(pkg.copy);
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    return refused(ctx, pkg, err.message);
  }
  const selected = problem.submissions.filter((s) => {
    const unit = readUnit(ctx.languages, s);
    return typeof unit === 'string' || filter(unit.lang.id);
  });
  const scoped = { ...problem, submissions: selected };
  const check = await verifyProblem(ctx, scoped);
  const byFile = new Map(check.submissions.map((r) => [path.join(problem.dir, r.file), r]));
  const limit = await resolveTimeLimit(ctx, scoped);
  const units = await Promise.all(
    selected.map((example) => judgeBoth(ctx, problem, example, byFile.get(example.file), check.issues, keyOf(example.file), pkg.source)),
  );
  return {
    source: pkg.source,
    name: pkg.name,
    units,
    issues: check.issues,
    unchanged: hashTree(pkg.copy) === pkg.before,
    timeLimit: typeof limit === 'string' ? null : `${limit.timeLimitMs / 1000} s (${limit.source})`,
  };
}

/** A package the loader refuses (interactive, multi-pass): every unit in it is unsupported, with the reason. */
function refused(ctx: RecordContext, pkg: PackageCopy, message: string): PackageResult {
  const units = exampleSubmissions(pkg.copy, []).map((example) => ({
    key: `${pkg.source}/${pkg.name}/${path.relative(pkg.copy, example.file)}`,
    source: pkg.source,
    language: languageOf(ctx, example),
    expected: example.expected,
    check: '-',
    submit: '-',
    outcome: /not supported/.test(message) ? ('unsupported' as const) : ('disagree' as const),
    reason: message.split('\n').slice(0, 3).join(' '),
  }));
  return { source: pkg.source, name: pkg.name, units, issues: [message], unchanged: hashTree(pkg.copy) === pkg.before, timeLimit: null };
}

async function judgeBoth(
  ctx: RecordContext,
  problem: Problem,
  example: ExampleSubmission,
  checked: ExampleResult | undefined,
  issues: string[],
  key: string,
  source: string,
): Promise<UnitResult> {
  const base = { key, source, expected: example.expected, language: null as string | null };
  const unit = readUnit(ctx.languages, example);
  if (typeof unit === 'string') return { ...base, check: '-', submit: '-', outcome: 'unsupported', reason: unit };
  base.language = unit.lang.id;
  const submitted = await submitUnit(ctx, problem, unit, key);
  const submitReason = typeof submitted === 'string' ? submitted : disagreement(example, submitted);
  const checkReason = checked ? checked.reason : `not judged by problem check: ${issues.join('; ')}`;
  const shown = (r: { verdict: string | null; score: number | null; maxScore: number | null }) =>
    r.verdict === null ? '-' : problem.type === 'scoring' ? `${r.verdict} ${round(r.score ?? 0)}/${round(r.maxScore ?? 0)}` : r.verdict;
  const reasons = [checkReason && `problem check: ${checkReason}`, submitReason && `submit: ${submitReason}`].filter(Boolean);
  return {
    ...base,
    check: checked ? shown(checked) : '-',
    submit: typeof submitted === 'string' ? 'error' : shown(submitted),
    outcome: reasons.length ? 'disagree' : 'agree',
    reason: reasons.join('; '),
  };
}

async function submitUnit(ctx: RecordContext, problem: Problem, unit: Exclude<ReturnType<typeof readUnit>, string>, key: string) {
  try {
    const { id } = await ctx.store.addSubmission({
      source: unit.source,
      fileName: path.basename(key),
      language: unit.lang.id,
      problemId: problem.id,
      problemDir: problem.dir,
      team: null,
      contest: null,
      submittedAt: new Date(),
    });
    const recorded = await judgeRecorded(ctx, (await ctx.store.getSubmission(id))!);
    return recorded.report;
  } catch (err) {
    return errorMessage(err);
  }
}

function languageOf(ctx: RecordContext, example: ExampleSubmission): string | null {
  const unit = readUnit(ctx.languages, example);
  return typeof unit === 'string' ? null : unit.lang.id;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
