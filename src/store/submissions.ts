import { z } from 'zod';
import { VERDICTS } from '../verdict/verdict.js';
import { sha256 } from '../util/hash.js';
import { placeholders, type Queries } from './sql.js';
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
    contestMinutes: z
      .number()
      .nullish()
      .transform((v) => v ?? null),
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
 * (contest minutes when given, else the submission time) and source bytes. Imports can so be re-run,
 * from several hosts at once: the unique key decides which insert stores it.
 */
export async function addSubmission(db: Queries, input: NewSubmission): Promise<{ id: number; created: boolean }> {
  const s = parseInput(NewSubmissionSchema, input, 'submission');
  const sourceSha256 = sha256(s.source);
  const dedupKey = JSON.stringify([s.contest, s.team, s.problemId, s.contestMinutes ?? s.submittedAt, sourceSha256]);
  const inserted = (await db.get(
    `INSERT INTO submissions (source, source_sha256, file_name, language, problem_id, problem_dir, team_id,
       contest_id, submitted_at, contest_minutes, dedup_key)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (dedup_key) DO NOTHING
     RETURNING id`,
    [s.source, sourceSha256, s.fileName, s.language, s.problemId, s.problemDir, s.team, s.contest, s.submittedAt, s.contestMinutes, dedupKey],
  )) as { id: number } | undefined;
  if (inserted) return { id: inserted.id, created: true };
  const existing = (await db.get('SELECT id FROM submissions WHERE dedup_key = ?', [dedupKey])) as { id: number };
  return { id: existing.id, created: false };
}

export async function getSubmission(db: Queries, id: number): Promise<Submission | null> {
  const row = await db.get(`SELECT ${META_COLUMNS}, s.source FROM submissions s WHERE s.id = ?`, [id]);
  return row ? parseRows(db.location, 'submissions', SubmissionRow, [row])[0] : null;
}

/** Submissions matching every given part of the filter (an empty filter matches all), by id. */
export async function selectSubmissions(db: Queries, filter: SubmissionFilter): Promise<SubmissionMeta[]> {
  const f = parseInput(SubmissionFilterSchema, filter, 'submission filter');
  const where: string[] = [];
  const params: unknown[] = [];
  if (f.contest !== undefined) {
    where.push('s.contest_id = ?');
    params.push(f.contest);
  }
  for (const [column, values] of [
    ['s.problem_id', listOf(f.problem)],
    ['j.verdict', listOf(f.verdict)],
    ['s.id', listOf(f.ids)],
  ] as const) {
    if (values === undefined) continue;
    // An empty list matches nothing; SQL has no empty IN list.
    where.push(values.length ? `${column} IN (${placeholders(values.length)})` : '1 = 0');
    params.push(...values);
  }
  const rows = await db.all(
    `SELECT ${META_COLUMNS} FROM submissions s LEFT JOIN judgings j ON j.id = s.current_judging_id
     ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY s.id`,
    params,
  );
  return parseRows(db.location, 'submissions', SubmissionMetaRow, rows);
}

/** Every submission of a contest with its current result, in contest-time order: one query for a whole scoreboard. */
export async function contestSubmissions(db: Queries, contestId: string): Promise<ContestSubmission[]> {
  const rows = await db.all(
    `SELECT s.id, s.team_id, s.problem_id, s.problem_dir, s.contest_minutes, j.verdict, j.score, j.max_score
     FROM submissions s LEFT JOIN judgings j ON j.id = s.current_judging_id
     WHERE s.contest_id = ?
     ORDER BY s.contest_minutes, s.id`,
    [contestId],
  );
  return parseRows(db.location, 'submissions', ContestSubmissionRow, rows);
}

function listOf<T>(value: T | T[] | undefined): T[] | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value : [value];
}
