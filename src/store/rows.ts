import { z } from 'zod';
import { VERDICTS } from '../verdict/verdict.js';
import { UserError } from '../util/errors.js';

/**
 * The shapes of everything the store hands out, as zod schemas over the raw rows of either
 * database (snake_case columns, 0/1 flags, JSON text). Each row is parsed once on the way out, so the
 * rest of the program works with checked camelCase values.
 */

export const Id = z.number().int().positive();
const Verdict = z.enum(VERDICTS);
/** SQLite has no booleans: flags are stored as 0 or 1, on PostgreSQL too, so one schema reads both. */
export const Flag = z.union([z.literal(0), z.literal(1)]).transform((v) => v === 1);

/** A column holding JSON text, parsed; pipe the result into the schema of its contents. */
export const JsonText = z.string().transform((text, ctx) => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    ctx.addIssue({ code: 'custom', message: 'is not JSON' });
    return z.NEVER;
  }
});

const ImageIds = JsonText.pipe(z.record(z.string(), z.string()));

const submissionColumns = {
  id: Id,
  source_sha256: z.string(),
  file_name: z.string(),
  language: z.string(),
  problem_id: z.string(),
  problem_dir: z.string(),
  team_id: z.string().nullable(),
  contest_id: z.string().nullable(),
  submitted_at: z.string(),
  contest_minutes: z.number().nullable(),
  current_judging_id: Id.nullable(),
};

function submissionMeta(r: z.output<z.ZodObject<typeof submissionColumns>>) {
  return {
    id: r.id,
    sourceSha256: r.source_sha256,
    fileName: r.file_name,
    language: r.language,
    problemId: r.problem_id,
    problemDir: r.problem_dir,
    team: r.team_id,
    contest: r.contest_id,
    /** ISO 8601, UTC. */
    submittedAt: r.submitted_at,
    contestMinutes: r.contest_minutes,
    currentJudgingId: r.current_judging_id,
  };
}

/** A submission without its source, for listings. */
export const SubmissionMetaRow = z.object(submissionColumns).transform(submissionMeta);
export type SubmissionMeta = z.output<typeof SubmissionMetaRow>;

export const SubmissionRow = z.object({ ...submissionColumns, source: z.instanceof(Buffer) }).transform((r) => ({ ...submissionMeta(r), source: r.source }));
export type Submission = z.output<typeof SubmissionRow>;

/** What a finished judging concluded; also the input of `finishJudging`. */
export const JudgingOutcome = z.object({
  verdict: Verdict,
  score: z.number(),
  maxScore: z.number(),
  timeMs: z.number(),
  memoryKb: z.number(),
  compileOk: z.boolean(),
  compileOutput: z.string(),
});
export type JudgingOutcome = z.output<typeof JudgingOutcome>;

export const JUDGING_STATUSES = ['running', 'done', 'failed'] as const;
export type JudgingStatus = (typeof JUDGING_STATUSES)[number];

/** Why a failed judging failed: the infrastructure, a killed judge, or anything else. */
export const FAILURE_KINDS = ['infrastructure', 'interrupted', 'error'] as const;
export type FailureKind = (typeof FAILURE_KINDS)[number];

const JudgingColumns = z.object({
  id: Id,
  submission_id: Id,
  started_at: z.string(),
  finished_at: z.string().nullable(),
  status: z.enum(JUDGING_STATUSES),
  failure_reason: z.string().nullable(),
  failure_kind: z.enum(FAILURE_KINDS).nullable(),
  package_hash: z.string(),
  judge_version: z.string(),
  image_ids: ImageIds,
  compile_ok: Flag.nullable(),
  compile_output: z.string().nullable(),
  verdict: Verdict.nullable(),
  score: z.number().nullable(),
  max_score: z.number().nullable(),
  time_ms: z.number().nullable(),
  memory_kb: z.number().nullable(),
  worker_id: z.string().nullable(),
});

export const JudgingRow = JudgingColumns.transform((r, ctx) => {
  const outcome = r.status === 'done' ? outcomeOf(r) : null;
  if (r.status === 'done' && !outcome) {
    ctx.addIssue({ code: 'custom', message: 'a done judging lacks part of its outcome' });
    return z.NEVER;
  }
  return {
    id: r.id,
    submissionId: r.submission_id,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    status: r.status,
    failureReason: r.failure_reason,
    /** Set exactly when status is failed. */
    failureKind: r.failure_kind,
    packageHash: r.package_hash,
    judgeVersion: r.judge_version,
    imageIds: r.image_ids,
    /** The worker that ran it; null for the single judge of a SQLite file. */
    workerId: r.worker_id,
    /** Present exactly when status is done. */
    outcome,
  };
});
export type Judging = z.output<typeof JudgingRow>;

function outcomeOf(r: z.output<typeof JudgingColumns>): JudgingOutcome | null {
  const parsed = JudgingOutcome.safeParse({
    verdict: r.verdict,
    score: r.score,
    maxScore: r.max_score,
    timeMs: r.time_ms,
    memoryKb: r.memory_kb,
    compileOk: r.compile_ok,
    compileOutput: r.compile_output,
  });
  return parsed.success ? parsed.data : null;
}

export const TestResultRow = z
  .object({
    judging_id: Id,
    ordinal: z.number().int().nonnegative(),
    test_name: z.string(),
    test_group: z.string(),
    verdict: Verdict,
    cpu_ms: z.number(),
    wall_ms: z.number(),
    memory_kb: z.number(),
    score: z.number().nullable(),
    checker_message: z.string(),
    output_bytes: z.number(),
    output_sha256: z.string().nullable(),
  })
  .transform((r) => ({
    judgingId: r.judging_id,
    ordinal: r.ordinal,
    name: r.test_name,
    group: r.test_group,
    verdict: r.verdict,
    cpuMs: r.cpu_ms,
    wallMs: r.wall_ms,
    memoryKb: r.memory_kb,
    score: r.score,
    message: r.checker_message,
    outputBytes: r.output_bytes,
    outputSha256: r.output_sha256,
  }));
export type TestResult = z.output<typeof TestResultRow>;

/** The judged result of one contest submission, as a scoreboard needs it. */
export const ContestSubmissionRow = z
  .object({
    id: Id,
    team_id: z.string(),
    problem_id: z.string(),
    problem_dir: z.string(),
    contest_minutes: z.number(),
    verdict: Verdict.nullable(),
    score: z.number().nullable(),
    max_score: z.number().nullable(),
  })
  .transform((r) => ({
    id: r.id,
    teamId: r.team_id,
    problemId: r.problem_id,
    problemDir: r.problem_dir,
    minutes: r.contest_minutes,
    /** null while the submission has no finished judging. */
    verdict: r.verdict,
    score: r.score,
    maxScore: r.max_score,
  }));
export type ContestSubmission = z.output<typeof ContestSubmissionRow>;

/**
 * Parses rows read from `table`. A row that does not fit means the database was edited or damaged
 * outside zuko-judge: that is reported against the database (file or URL), naming table and column.
 */
export function parseRows<S extends z.ZodType>(location: string, table: string, schema: S, rows: unknown[]): z.output<S>[] {
  return rows.map((row) => {
    const parsed = schema.safeParse(row);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    const column = issue.path.length ? `.${issue.path.join('.')}` : '';
    throw UserError.at(location, `${table}${rowLabel(row)}${column}`, `unexpected stored value: ${issue.message}`);
  });
}

function rowLabel(row: unknown): string {
  const id = typeof row === 'object' && row !== null ? (row as Record<string, unknown>).id : undefined;
  return typeof id === 'number' ? `[id ${id}]` : '';
}

/** Input comes from our own code, already validated against the user's files: a misfit is a bug. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const detail = parsed.error.issues.map((i) => `${i.path.join('.') || '(value)'}: ${i.message}`).join('; ');
  throw new TypeError(`invalid ${what}: ${detail}`);
}
