/**
 * What a batch import brings in: a folder laid out as `<team-id>/<problem-label>/<file>`, or a
 * manifest (CSV with a header `team,problem,time,file[,language]`, or a JSON array of the same
 * fields). Everything is checked before anything is stored, and every problem is reported at once.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { UserError, type Issue } from '../util/errors.js';
import { zodIssues } from '../util/zod.js';
import type { Contest } from './config.js';

export interface ImportEntry {
  team: string;
  label: string;
  /** Minutes from the contest start. */
  minutes: number;
  /** Absolute path of the source. */
  file: string;
  /** Language id when the manifest names one; else it comes from the extension. */
  language: string | null;
}

const Row = z
  .object({
    team: z.string().min(1, 'is empty'),
    problem: z.string().min(1, 'is empty'),
    time: z.union([z.number(), z.string().min(1, 'is empty')]),
    file: z.string().min(1, 'is empty'),
    language: z.string().nullish(),
  })
  .strict();

export function readImport(contest: Contest, source: string): ImportEntry[] {
  const target = path.resolve(source);
  if (!existsSync(target)) throw UserError.at(target, undefined, 'no such folder or manifest');
  const issues: Issue[] = [];
  const entries = statSync(target).isDirectory() ? readFolder(contest, target, issues) : readManifest(contest, target, issues);
  if (issues.length) throw new UserError(issues);
  return entries;
}

function readFolder(contest: Contest, root: string, issues: Issue[]): ImportEntry[] {
  const entries: ImportEntry[] = [];
  for (const team of dirs(root)) {
    for (const label of dirs(path.join(root, team))) {
      const dir = path.join(root, team, label);
      for (const name of readdirSync(dir).filter((n) => !n.startsWith('.')).sort()) {
        const file = path.join(dir, name);
        if (!statSync(file).isFile()) continue;
        checkTeamAndLabel(contest, team, label, { file }, issues);
        entries.push({ team, label, minutes: minutesOf(contest, statSync(file).mtime), file, language: null });
      }
    }
  }
  if (!entries.length) issues.push({ file: root, message: 'no submissions found: expected <team-id>/<problem-label>/<file>' });
  return entries;
}

function readManifest(contest: Contest, file: string, issues: Issue[]): ImportEntry[] {
  const rows = file.endsWith('.json') ? readJsonRows(file, issues) : readCsvRows(file, issues);
  const dir = path.dirname(file);
  const entries: ImportEntry[] = [];
  rows.forEach((raw, index) => {
    const where = file.endsWith('.json') ? `[${index}]` : `line ${index + 2}`;
    const parsed = Row.safeParse(raw);
    if (!parsed.success) {
      issues.push(...zodIssues(file, parsed.error).map((i) => ({ ...i, field: `${where}${i.field ? ` ${i.field}` : ''}` })));
      return;
    }
    const r = parsed.data;
    const at = { file, field: where };
    checkTeamAndLabel(contest, r.team, r.problem, at, issues);
    const minutes = parseTime(contest, r.time);
    if (minutes === null) issues.push({ ...at, message: `time '${r.time}' is neither minutes from the start nor an ISO timestamp with a time zone` });
    const source = path.resolve(dir, r.file);
    if (!existsSync(source) || !statSync(source).isFile()) issues.push({ ...at, message: `no such file ${r.file}` });
    entries.push({ team: r.team, label: r.problem, minutes: minutes ?? 0, file: source, language: r.language || null });
  });
  if (!rows.length && !issues.length) issues.push({ file, message: 'no rows' });
  return entries;
}

function readCsvRows(file: string, issues: Issue[]): unknown[] {
  try {
    const rows = parseCsv(readFileSync(file), { columns: true, skip_empty_lines: true, trim: true }) as Array<Record<string, string>>;
    return rows.map((r) => {
      const time = /^-?\d+(\.\d+)?$/.test(r.time ?? '') ? Number(r.time) : r.time;
      return { ...r, time, language: r.language === '' ? null : r.language };
    });
  } catch (err) {
    issues.push({ file, message: `not a CSV manifest (header team,problem,time,file[,language]): ${(err as Error).message}` });
    return [];
  }
}

function readJsonRows(file: string, issues: Issue[]): unknown[] {
  try {
    const data: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (Array.isArray(data)) return data;
    issues.push({ file, message: 'must be a JSON array of {team, problem, time, file, language?}' });
  } catch (err) {
    issues.push({ file, message: `not valid JSON: ${(err as Error).message}` });
  }
  return [];
}

function checkTeamAndLabel(contest: Contest, team: string, label: string, at: Omit<Issue, 'message'>, issues: Issue[]): void {
  if (!contest.teams.some((t) => t.id === team)) issues.push({ ...at, message: `team '${team}' is not in contest ${contest.id}` });
  if (!contest.problems.some((p) => p.label === label)) {
    issues.push({ ...at, message: `problem '${label}' is not in contest ${contest.id} (labels: ${contest.problems.map((p) => p.label).join(', ')})` });
  }
}

/** Minutes from the start, or an ISO timestamp with a zone; null when it is neither. */
export function parseTime(contest: Contest, time: number | string): number | null {
  if (typeof time === 'number') return Number.isFinite(time) ? time : null;
  if (!/\d{4}-\d\d-\d\dT.*(Z|[+-]\d\d:?\d\d)$/i.test(time.trim())) return null;
  const date = new Date(time.trim());
  return Number.isNaN(date.getTime()) ? null : minutesOf(contest, date);
}

function minutesOf(contest: Contest, date: Date): number {
  return (date.getTime() - contest.start.getTime()) / 60_000;
}

function dirs(p: string): string[] {
  return readdirSync(p)
    .filter((n) => !n.startsWith('.') && statSync(path.join(p, n)).isDirectory())
    .sort();
}
