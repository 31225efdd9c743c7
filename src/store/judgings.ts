import { z } from 'zod';
import { VERDICTS } from '../score/verdict.js';
import type { Db } from './context.js';
import { FAILURE_KINDS, JudgingOutcome, JudgingRow, parseInput, parseRows, TestResultRow, type FailureKind, type Judging, type TestResult } from './rows.js';

const JudgingMetaSchema = z.object({
  /** The problem package's hash: a rejudge after the package changed can be told apart. */
  packageHash: z.string().min(1),
  judgeVersion: z.string().min(1),
  /** Image name → image id of every image the judging may use. */
  imageIds: z.record(z.string(), z.string()),
});
export type JudgingMeta = z.input<typeof JudgingMetaSchema>;

const NewTestResultSchema = z.object({
  /** Position in judging order; defaults to the index in the list saved. */
  ordinal: z.number().int().nonnegative().optional(),
  name: z.string(),
  group: z.string(),
  verdict: z.enum(VERDICTS),
  cpuMs: z.number().nonnegative(),
  wallMs: z.number().nonnegative(),
  memoryKb: z.number().nonnegative(),
  score: z.number().nullable(),
  message: z.string(),
  outputBytes: z.number().int().nonnegative(),
  outputSha256: z.string().nullable(),
});
export type NewTestResult = z.input<typeof NewTestResultSchema>;

const JUDGING_COLUMNS = `id, submission_id, started_at, finished_at, status, failure_reason, failure_kind, package_hash,
  judge_version, image_ids, compile_ok, compile_output, verdict, score, max_score, time_ms, memory_kb`;

const now = (): string => new Date().toISOString();

/** Opens a judging of the submission, in status `running`; returns its id. */
export function startJudging(db: Db, submissionId: number, meta: JudgingMeta): number {
  const m = parseInput(JudgingMetaSchema, meta, 'judging meta');
  if (!db.stmt('SELECT 1 FROM submissions WHERE id = ?').get(submissionId)) {
    throw new Error(`cannot judge submission ${submissionId}: no such submission`);
  }
  const row = db
    .stmt(
      `INSERT INTO judgings (submission_id, started_at, status, package_hash, judge_version, image_ids)
       VALUES (?, ?, 'running', ?, ?, ?) RETURNING id`,
    )
    .get(submissionId, now(), m.packageHash, m.judgeVersion, JSON.stringify(m.imageIds)) as { id: number };
  return row.id;
}

/** Stores the per-test results of a running judging: all of them, or none if any insert fails. */
export function saveTestResults(db: Db, judgingId: number, results: readonly NewTestResult[]): void {
  const parsed = results.map((r, i) => parseInput(NewTestResultSchema, r, `test result ${i}`));
  const insert = db.stmt(
    `INSERT INTO test_results (judging_id, ordinal, test_name, test_group, verdict, cpu_ms, wall_ms, memory_kb,
       score, checker_message, output_bytes, output_sha256)
     VALUES (@judgingId, @ordinal, @name, @group, @verdict, @cpuMs, @wallMs, @memoryKb,
       @score, @message, @outputBytes, @outputSha256)`,
  );
  db.transaction(() => {
    requireRunning(db, judgingId, 'save test results of');
    parsed.forEach((r, i) => insert.run({ ...r, judgingId, ordinal: r.ordinal ?? i }));
  });
}

/** Records the outcome and makes this judging the submission's current one, in one transaction. */
export function finishJudging(db: Db, judgingId: number, outcome: JudgingOutcome): void {
  const o = parseInput(JudgingOutcome, outcome, 'judging outcome');
  db.transaction(() => {
    const submissionId = requireRunning(db, judgingId, 'finish');
    db.stmt(
      `UPDATE judgings SET status = 'done', finished_at = @finishedAt, verdict = @verdict, score = @score,
         max_score = @maxScore, time_ms = @timeMs, memory_kb = @memoryKb, compile_ok = @compileOk,
         compile_output = @compileOutput
       WHERE id = @judgingId`,
    ).run({ ...o, compileOk: o.compileOk ? 1 : 0, finishedAt: now(), judgingId });
    db.stmt('UPDATE submissions SET current_judging_id = ? WHERE id = ?').run(judgingId, submissionId);
  });
}

/** Ends a running judging without a result; the submission keeps its previous current judging. */
export function failJudging(db: Db, judgingId: number, reason: string, kind: FailureKind = 'error'): void {
  const k = parseInput(z.enum(FAILURE_KINDS), kind, 'failure kind');
  db.transaction(() => {
    requireRunning(db, judgingId, 'fail');
    markFailed(db, judgingId, reason, k);
  });
}

/**
 * Fails every judging still `running` (reason "interrupted") and returns their submissions' ids,
 * ascending, for the caller to queue again. Only sound while no other process is judging into
 * this database: one judge process per database file is assumed.
 */
export function recoverInterrupted(db: Db): number[] {
  return db.transaction(() => {
    const rows = db.stmt(`SELECT id, submission_id FROM judgings WHERE status = 'running' ORDER BY id`).all() as Array<{
      id: number;
      submission_id: number;
    }>;
    for (const row of rows) markFailed(db, row.id, 'interrupted', 'interrupted');
    return [...new Set(rows.map((r) => r.submission_id))].sort((a, b) => a - b);
  });
}

export function getJudging(db: Db, judgingId: number): Judging | null {
  const row = db.stmt(`SELECT ${JUDGING_COLUMNS} FROM judgings WHERE id = ?`).get(judgingId);
  return row ? parseRows(db.file, 'judgings', JudgingRow, [row])[0] : null;
}

/** The last finished judging of the submission; null when none has finished. */
export function currentJudging(db: Db, submissionId: number): Judging | null {
  const row = db
    .stmt(`SELECT ${JUDGING_COLUMNS} FROM judgings WHERE id = (SELECT current_judging_id FROM submissions WHERE id = ?)`)
    .get(submissionId);
  return row ? parseRows(db.file, 'judgings', JudgingRow, [row])[0] : null;
}

/** Every judging of the submission, oldest first, whatever its status. */
export function judgingHistory(db: Db, submissionId: number): Judging[] {
  const rows = db.stmt(`SELECT ${JUDGING_COLUMNS} FROM judgings WHERE submission_id = ? ORDER BY id`).all(submissionId);
  return parseRows(db.file, 'judgings', JudgingRow, rows);
}

export function testResults(db: Db, judgingId: number): TestResult[] {
  const rows = db.stmt('SELECT * FROM test_results WHERE judging_id = ? ORDER BY ordinal').all(judgingId);
  return parseRows(db.file, 'test_results', TestResultRow, rows);
}

function markFailed(db: Db, judgingId: number, reason: string, kind: FailureKind): void {
  db.stmt(`UPDATE judgings SET status = 'failed', finished_at = ?, failure_reason = ?, failure_kind = ? WHERE id = ?`).run(
    now(),
    reason,
    kind,
    judgingId,
  );
}

/** The judging's submission id; a judging that is not running cannot change any more. */
function requireRunning(db: Db, judgingId: number, action: string): number {
  const row = db.stmt('SELECT status, submission_id FROM judgings WHERE id = ?').get(judgingId) as
    | { status: string; submission_id: number }
    | undefined;
  if (!row) throw new Error(`cannot ${action} judging ${judgingId}: no such judging`);
  if (row.status !== 'running') throw new Error(`cannot ${action} judging ${judgingId}: it is ${row.status}, not running`);
  return row.submission_id;
}
