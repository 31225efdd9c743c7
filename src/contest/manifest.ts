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
import { clampToWindow, minutesOf, outsideWindow, parseTime } from './time.js';

export { parseTime } from './time.js';

export interface ImportEntry {
  team: string;
  label: string;
  /** Minutes from the contest start. */
  minutes: number;
  /** Absolute path of the source. */
  file: string;
  /** Language id when the manifest names one; else it comes from the extension. */
  language: string | null;
  /** Where it came from, for messages: the manifest and its line (or JSON index), or the source file of a folder. */
  where: { file: string; field?: string };
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

/**
 * Submissions outside the contest count on no scoreboard, so they are never stored silently: by
 * default each one is an issue (the import is refused); with `clamp` their times move to the start
 * or the end of the contest. Returns the entries to store, how many were moved, and the issues.
 */
export function placeInWindow(
  contest: Contest,
  source: string,
  entries: ImportEntry[],
  clamp: boolean,
): { entries: ImportEntry[]; clamped: number; issues: Issue[] } {
  const outside = entries.map((e) => ({ e, why: outsideWindow(contest, e.minutes) })).filter((o) => o.why !== null);
  if (!outside.length) return { entries, clamped: 0, issues: [] };
  if (clamp) return { entries: entries.map((e) => ({ ...e, minutes: clampToWindow(contest, e.minutes) })), clamped: outside.length, issues: [] };
  const fromFiles = statSync(source).isDirectory();
  const issues: Issue[] = outside.map(({ e, why }) => ({ ...e.where, message: `${fromFiles ? 'file time' : 'time'} is ${why} of contest ${contest.id}` }));
  const hint = fromFiles
    ? "a folder's times are its files' modification times, which copying resets: import a manifest with the times, or pass --clamp"
    : 'fix the times, or pass --clamp to move them to the start or end';
  issues.push({
    file: path.resolve(source),
    message: `${outside.length} of ${entries.length} submissions are outside the contest (${contest.durationMinutes} min from ${contest.start.toISOString()}); nothing was stored: ${hint}`,
  });
  return { entries, clamped: 0, issues };
}

function readFolder(contest: Contest, root: string, issues: Issue[]): ImportEntry[] {
  const entries: ImportEntry[] = [];
  for (const team of dirs(root)) {
    for (const label of dirs(path.join(root, team))) {
      const dir = path.join(root, team, label);
      for (const name of readdirSync(dir)
        .filter((n) => !n.startsWith('.'))
        .sort()) {
        const file = path.join(dir, name);
        if (!statSync(file).isFile()) {
          issues.push({ file, message: 'is a directory; a folder import takes files as <team-id>/<problem-label>/<file>' });
          continue;
        }
        checkTeamAndLabel(contest, team, label, { file }, issues);
        entries.push({ team, label, minutes: minutesOf(contest, statSync(file).mtime), file, language: null, where: { file } });
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
  rows.forEach(({ row: raw, line }, index) => {
    const where = line === null ? `[${index}]` : `line ${line}`;
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
    if (!existsSync(source)) issues.push({ ...at, message: `no such file ${r.file}` });
    else if (!statSync(source).isFile()) issues.push({ ...at, message: `${r.file} is a directory; a manifest row names one source file` });
    entries.push({ team: r.team, label: r.problem, minutes: minutes ?? 0, file: source, language: r.language || null, where: at });
  });
  if (!rows.length && !issues.length) issues.push({ file, message: 'no rows' });
  return entries;
}

/** A manifest row and the line it starts on (null in a JSON manifest, where rows go by index). */
interface RawRow {
  row: unknown;
  line: number | null;
}

function readCsvRows(file: string, issues: Issue[]): RawRow[] {
  try {
    // `info` gives each record's line, so blank lines don't shift it.
    const records = parseCsv(readFileSync(file), { columns: true, skip_empty_lines: true, trim: true, info: true }) as Array<{
      record: Record<string, string>;
      info: { lines: number };
    }>;
    return records.map(({ record: r, info }) => {
      const time = /^-?\d+(\.\d+)?$/.test(r.time ?? '') ? Number(r.time) : r.time;
      // `info.lines` is where the record ends; a quoted value may span lines before it.
      const spanned = Object.values(r).join('').split('\n').length - 1;
      return { row: { ...r, time, language: r.language === '' ? null : r.language }, line: info.lines - spanned };
    });
  } catch (err) {
    issues.push({ file, message: `not a CSV manifest (header team,problem,time,file[,language]): ${(err as Error).message}` });
    return [];
  }
}

function readJsonRows(file: string, issues: Issue[]): RawRow[] {
  try {
    const data: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (Array.isArray(data)) return data.map((row) => ({ row, line: null }));
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

function dirs(p: string): string[] {
  return readdirSync(p)
    .filter((n) => !n.startsWith('.') && statSync(path.join(p, n)).isDirectory())
    .sort();
}
