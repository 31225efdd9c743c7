import { z } from 'zod';
import { VERDICTS } from '../score/verdict.js';
import { sha256 } from '../util/hash.js';
import type { Db } from './context.js';
import {
  ContestSubmissionRow,
  parseInput,
  parseRows,
  SubmissionMetaRow,
  SubmissionRow,
  type ContestSubmission,
  type Submission,
  type SubmissionMeta,
} from './rows.js';

const Name = z.string().min(1);

const NewSubmissionSchema = z
  .object({
    /** Kept byte for byte: sources may be in any encoding, or not text at all. */
    source: z.instanceof(Buffer),
    fileName: Name,
    language: Name,
    problemId: Name,
    problemDir: Name,
    team: Name.nullish().transform((v) => v ?? null),
    contest: Name.nullish().transform((v) => v ?? null),
    /** Stored as UTC ISO 8601, so equal instants compare equal whatever offset they came with. */
    submittedAt: z.union([z.date(), z.iso.datetime({ offset: true })]).transform((v) => new Date(v).toISOString()),
    /** Minutes from the contest start; may be fractional. */
    contestMinutes: z.number().nullish().transform((v) => v ?? null),
  })
  .refine((s) => s.contest === null || (s.team !== null && s.contestMinutes !== null), {
    message: 'a contest submission needs a team and a contest time',
    path: ['contest'],
  });
export type NewSubmission = z.input<typeof NewSubmissionSchema>;

const OneOrMany = <T extends z.ZodType>(item: T) => z.union([item, z.array(item)]).optional();

export const SubmissionFilterSchema = z.object({
  contest: Name.optional(),
  problem: OneOrMany(Name),
  /** The verdict of the current judging; never judged submissions match no verdict. */
  verdict: OneOrMany(z.enum(VERDICTS)),
  ids: z.array(z.number().int().positive()).optional(),
});
export type SubmissionFilter = z.input<typeof SubmissionFilterSchema>;

const META_COLUMNS = `s.id, s.source_sha256, s.file_name, s.language, s.problem_id, s.problem_dir, s.team_id,
  s.contest_id, s.submitted_at, s.contest_minutes, s.current_judging_id`;

/**
 * Adds a submission unless the same one is already stored: same contest, team, problem, time
 * (contest minutes when given, else the submission time) and source bytes. Imports can so be re-run.
 */
export function addSubmission(db: Db, input: NewSubmission): { id: number; created: boolean } {
  const s = parseInput(NewSubmissionSchema, input, 'submission');
  const sourceSha256 = sha256(s.source);
  const dedupKey = JSON.stringify([s.contest, s.team, s.problemId, s.contestMinutes ?? s.submittedAt, sourceSha256]);
  const inserted = db
    .stmt(
      `INSERT INTO submissions (source, source_sha256, file_name, language, problem_id, problem_dir, team_id,
         contest_id, submitted_at, contest_minutes, dedup_key)
       VALUES (@source, @sourceSha256, @fileName, @language, @problemId, @problemDir, @team,
         @contest, @submittedAt, @contestMinutes, @dedupKey)
       ON CONFLICT (dedup_key) DO NOTHING
       RETURNING id`,
    )
    .get({ ...s, sourceSha256, dedupKey }) as { id: number } | undefined;
  if (inserted) return { id: inserted.id, created: true };
  const existing = db.stmt('SELECT id FROM submissions WHERE dedup_key = ?').get(dedupKey) as { id: number };
  return { id: existing.id, created: false };
}

export function getSubmission(db: Db, id: number): Submission | null {
  const row = db.stmt(`SELECT ${META_COLUMNS}, s.source FROM submissions s WHERE s.id = ?`).get(id);
  return row ? parseRows(db.file, 'submissions', SubmissionRow, [row])[0] : null;
}

/** Submissions matching every given part of the filter (an empty filter matches all), by id. */
export function selectSubmissions(db: Db, filter: SubmissionFilter): SubmissionMeta[] {
  const f = parseInput(SubmissionFilterSchema, filter, 'submission filter');
  const rows = db
    .stmt(
      `SELECT ${META_COLUMNS} FROM submissions s LEFT JOIN judgings j ON j.id = s.current_judging_id
       WHERE (@contest IS NULL OR s.contest_id = @contest)
         AND (@problems IS NULL OR s.problem_id IN (SELECT value FROM json_each(@problems)))
         AND (@verdicts IS NULL OR j.verdict IN (SELECT value FROM json_each(@verdicts)))
         AND (@ids IS NULL OR s.id IN (SELECT value FROM json_each(@ids)))
       ORDER BY s.id`,
    )
    .all({ contest: f.contest ?? null, problems: jsonList(f.problem), verdicts: jsonList(f.verdict), ids: jsonList(f.ids) });
  return parseRows(db.file, 'submissions', SubmissionMetaRow, rows);
}

/** Every submission of a contest with its current result, in contest-time order. */
export function contestSubmissions(db: Db, contestId: string): ContestSubmission[] {
  const rows = db
    .stmt(
      `SELECT s.id, s.team_id, s.problem_id, s.contest_minutes, j.verdict, j.score, j.max_score
       FROM submissions s LEFT JOIN judgings j ON j.id = s.current_judging_id
       WHERE s.contest_id = ?
       ORDER BY s.contest_minutes, s.id`,
    )
    .all(contestId);
  return parseRows(db.file, 'submissions', ContestSubmissionRow, rows);
}

function jsonList<T>(value: T | T[] | undefined): string | null {
  if (value === undefined) return null;
  return JSON.stringify(Array.isArray(value) ? value : [value]);
}
