import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { UserError, type Issue } from '../util/errors.js';
import { readYaml } from '../util/yaml.js';
import { zodIssues } from '../util/zod.js';
import { DURATION_FORMS, parseDuration } from './duration.js';

export { parseDuration } from './duration.js';

const SCORING = ['icpc', 'ioi'] as const;
export type Scoring = (typeof SCORING)[number];

const Id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'letters, digits, _ . - only, starting with a letter or digit');

const Duration = z.union([z.string(), z.number()]).transform((value, ctx) => {
  try {
    return parseDuration(value);
  } catch {
    ctx.addIssue({ code: 'custom', message: `'${value}' is not a duration (use ${DURATION_FORMS})` });
    return z.NEVER;
  }
});

// YAML 1.2 reads a timestamp as a string, YAML 1.1 (or the timestamp tag) as a Date: take both.
const Start = z.union([z.date(), z.string()]).transform((value, ctx) => {
  if (value instanceof Date) return value;
  if (!/(Z|[+-]\d\d(:?\d\d)?)$/i.test(value.trim())) {
    ctx.addIssue({ code: 'custom', message: `'${value}' has no time zone; add one, e.g. 2026-11-21T10:00:00Z` });
    return z.NEVER;
  }
  const date = new Date(value.trim());
  if (Number.isNaN(date.getTime())) {
    ctx.addIssue({ code: 'custom', message: `'${value}' is not a date and time (e.g. 2026-11-21T10:00:00Z)` });
    return z.NEVER;
  }
  return date;
});

const ProblemEntry = z.object({ label: Id, path: z.string().min(1), name: z.string().min(1).optional() }).strict();
const TeamEntry = z.object({ id: Id, name: z.string().min(1), affiliation: z.string().min(1).optional() }).strict();

const ContestFile = z
  .object({
    id: Id.optional(),
    name: z.string().min(1),
    start: Start,
    duration: Duration,
    freeze: Duration.optional(),
    scoring: z.enum(SCORING, { error: (issue) => `unknown scoring '${String(issue.input)}'; use icpc or ioi` }).default('icpc'),
    penalty: z.number().int().min(0).default(20),
    problems: z.array(ProblemEntry).min(1),
    teams: z.array(TeamEntry).min(1),
  })
  .strict();

export interface ContestProblem {
  label: string;
  /** Absolute path of the problem package. */
  path: string;
  /** Display name when the contest file gives one; else the package's own name applies. */
  name: string | null;
}

export interface ContestTeam {
  id: string;
  name: string;
  affiliation: string | null;
}

/** A loaded contest. Times are minutes from the start. */
export interface Contest {
  id: string;
  name: string;
  /** Absolute path of the contest file. */
  file: string;
  start: Date;
  durationMinutes: number;
  /** Minutes from the start after which results are hidden from the public; null = never frozen. */
  freezeMinutes: number | null;
  scoring: Scoring;
  /** Minutes added per rejected try before the first accepted one (ICPC only). */
  penaltyMinutes: number;
  problems: ContestProblem[];
  teams: ContestTeam[];
}

/**
 * Loads and validates a contest file: `pathOrId` is a path to a YAML file, or an id looked up as
 * `<contestsDir>/<id>.yaml` (relative to the working directory).
 */
export function loadContest(pathOrId: string, contestsDir = 'contests'): Contest {
  const file = contestFile(pathOrId, contestsDir);
  return parseContest(readYaml(file), file);
}

/**
 * Validates already-parsed contest data (`file` names it in issues and anchors relative problem
 * paths). Every problem in the data is reported at once in one UserError.
 */
export function parseContest(raw: unknown, file: string): Contest {
  const parsed = ContestFile.safeParse(raw);
  const issues = [...(parsed.success ? [] : zodIssues(file, parsed.error)), ...crossChecks(file, raw)];
  if (issues.length || !parsed.success) throw new UserError(issues);
  const data = parsed.data;
  const dir = path.dirname(path.resolve(file));
  return {
    id: data.id ?? path.basename(file).replace(/\.ya?ml$/i, ''),
    name: data.name,
    file: path.resolve(file),
    start: data.start,
    durationMinutes: data.duration,
    freezeMinutes: data.freeze ?? null,
    scoring: data.scoring,
    penaltyMinutes: data.penalty,
    problems: data.problems.map((p) => ({ label: p.label, path: path.resolve(dir, p.path), name: p.name ?? null })),
    teams: data.teams.map((t) => ({ id: t.id, name: t.name, affiliation: t.affiliation ?? null })),
  };
}

function contestFile(pathOrId: string, contestsDir: string): string {
  const looksLikePath = /\.ya?ml$/i.test(pathOrId) || pathOrId.includes('/') || pathOrId.includes(path.sep);
  const file = path.resolve(looksLikePath ? pathOrId : path.join(contestsDir, `${pathOrId}.yaml`));
  if (existsSync(file)) return file;
  if (looksLikePath) throw UserError.at(file, undefined, 'no such contest file');
  throw new UserError(`unknown contest '${pathOrId}': no file ${file}`);
}

/**
 * Checks across entries, run on the raw data so they are reported together with the schema's
 * findings even when other keys are broken.
 */
function crossChecks(file: string, raw: unknown): Issue[] {
  if (!isRecord(raw)) return [];
  const issues = [...duplicates(file, raw.problems, 'problems', 'label'), ...duplicates(file, raw.teams, 'teams', 'id')];
  const duration = quietDuration(raw.duration);
  const freeze = quietDuration(raw.freeze);
  if (duration !== null && freeze !== null && freeze > duration) {
    issues.push({ file, field: 'freeze', message: `freeze (${raw.freeze}) is after the end of the contest (duration ${raw.duration})` });
  }
  return issues;
}

function duplicates(file: string, list: unknown, listKey: string, key: string): Issue[] {
  if (!Array.isArray(list)) return [];
  const seen = new Map<string, number>();
  const issues: Issue[] = [];
  list.forEach((entry, index) => {
    const value = isRecord(entry) ? entry[key] : undefined;
    if (typeof value !== 'string') return;
    const first = seen.get(value);
    if (first === undefined) seen.set(value, index);
    else issues.push({ file, field: `${listKey}.${index}.${key}`, message: `duplicate ${key} '${value}' (first at ${listKey}.${first})` });
  });
  return issues;
}

function quietDuration(value: unknown): number | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  try {
    return parseDuration(value);
  } catch {
    return null;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
