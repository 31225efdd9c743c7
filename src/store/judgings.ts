import { z } from 'zod';
import { VERDICTS } from '../verdict/verdict.js';
import type { Queries, Sql } from './sql.js';
import { APPLICATION_ID } from './migrations.js';
import { workerKey } from './workers.js';
import { FAILURE_KINDS, JudgingOutcome, JudgingRow, parseInput, parseRows, TestResultRow, type FailureKind, type Judging, type TestResult } from './rows.js';

const JudgingMetaSchema = z.object({
  /** The problem package's hash: a rejudge after the package changed can be told apart. */
  packageHash: z.string().min(1),
  judgeVersion: z.string().min(1),
  /** Image name → image id of every image the judging may use. */
  imageIds: z.record(z.string(), z.string()),
  /**
   * The worker that runs the judging (see `Store.workerId`); the store's own when not given.
   * Recovery on a shared database fails a running judging only once its worker is gone.
   */
  workerId: z.string().min(1).nullish(),
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
  judge_version, image_ids, compile_ok, compile_output, verdict, score, max_score, time_ms, memory_kb, worker_id`;

const TEST_RESULT_COLUMNS = `judging_id, ordinal, test_name, test_group, verdict, cpu_ms, wall_ms, memory_kb,
  score, checker_message, output_bytes, output_sha256`;
/** Rows per INSERT: one round trip for a typical judging, well inside SQLite's limit of parameters. */
const RESULT_ROWS_PER_INSERT = 500;

const now = (): string => new Date().toISOString();

/** Opens a judging of the submission, in status `running`, for `workerId` unless meta names one; returns its id. */
export async function startJudging(db: Queries, submissionId: number, meta: JudgingMeta, workerId: string | null): Promise<number> {
  const m = parseInput(JudgingMetaSchema, meta, 'judging meta');
  if (!(await db.get('SELECT 1 FROM submissions WHERE id = ?', [submissionId]))) {
    throw new Error(`cannot judge submission ${submissionId}: no such submission`);
  }
  const row = (await db.get(
    `INSERT INTO judgings (submission_id, started_at, status, package_hash, judge_version, image_ids, worker_id)
     VALUES (?, ?, 'running', ?, ?, ?, ?) RETURNING id`,
    [submissionId, now(), m.packageHash, m.judgeVersion, JSON.stringify(m.imageIds), m.workerId ?? workerId],
  )) as { id: number };
  return row.id;
}

/** Stores the per-test results of a running judging: all of them, or none if any insert fails. */
export async function saveTestResults(db: Sql, judgingId: number, results: readonly NewTestResult[]): Promise<void> {
  const parsed = results.map((r, i) => parseInput(NewTestResultSchema, r, `test result ${i}`));
  const values = parsed.map((r, i) => [
    judgingId,
    r.ordinal ?? i,
    r.name,
    r.group,
    r.verdict,
    r.cpuMs,
    r.wallMs,
    r.memoryKb,
    r.score,
    r.message,
    r.outputBytes,
    r.outputSha256,
  ]);
  await db.transaction(async (tx) => {
    await requireRunning(tx, judgingId, 'save test results of');
    for (let at = 0; at < values.length; at += RESULT_ROWS_PER_INSERT) {
      const chunk = values.slice(at, at + RESULT_ROWS_PER_INSERT);
      const rows = chunk.map((v) => `(${v.map(() => '?').join(', ')})`).join(', ');
      await tx.run(`INSERT INTO test_results (${TEST_RESULT_COLUMNS}) VALUES ${rows}`, chunk.flat());
    }
  });
}

/**
 * Records the outcome and makes this judging the submission's current one, in one transaction.
 * Of two processes finishing the same judging, the second waits for the first and then finds it
 * no longer running: the outcome is recorded once.
 */
export async function finishJudging(db: Sql, judgingId: number, outcome: JudgingOutcome): Promise<void> {
  const o = parseInput(JudgingOutcome, outcome, 'judging outcome');
  await db.transaction(async (tx) => {
    const submissionId = await requireRunning(tx, judgingId, 'finish');
    await tx.run(
      `UPDATE judgings SET status = 'done', finished_at = ?, verdict = ?, score = ?, max_score = ?, time_ms = ?, memory_kb = ?,
         compile_ok = ?, compile_output = ?
       WHERE id = ?`,
      [now(), o.verdict, o.score, o.maxScore, o.timeMs, o.memoryKb, o.compileOk ? 1 : 0, o.compileOutput, judgingId],
    );
    await tx.run('UPDATE submissions SET current_judging_id = ? WHERE id = ?', [judgingId, submissionId]);
  });
}

/** Ends a running judging without a result; the submission keeps its previous current judging. */
export async function failJudging(db: Sql, judgingId: number, reason: string, kind: FailureKind = 'error'): Promise<void> {
  const k = parseInput(z.enum(FAILURE_KINDS), kind, 'failure kind');
  await db.transaction(async (tx) => {
    await requireRunning(tx, judgingId, 'fail');
    await failRunning(tx, 'id = ?', [judgingId], reason, k);
  });
}

/**
 * Fails the judgings still `running` whose worker is gone (reason "interrupted") and returns
 * their submissions' ids, ascending, for the caller to queue again. On SQLite one judge process
 * per file is assumed, so every running judging counts as abandoned; on PostgreSQL a judging of
 * a live worker (`self`, or any process holding its worker's lock) is left alone.
 */
export async function recoverInterrupted(db: Sql, self: string | null): Promise<number[]> {
  return db.transaction(async (tx) => {
    const workers = (await tx.all(`SELECT DISTINCT worker_id FROM judgings WHERE status = 'running'`)) as Array<{ worker_id: string | null }>;
    const submissions: number[] = [];
    for (const { worker_id: worker } of workers) {
      if (!(await workerGone(tx, worker, self))) continue;
      const [where, params] = worker === null ? ['worker_id IS NULL', []] : ['worker_id = ?', [worker]];
      submissions.push(...(await failRunning(tx, where, params, 'interrupted', 'interrupted')));
    }
    return ascending(submissions);
  });
}

/** Fails every running judging of one worker (one known to be gone); returns their submissions' ids. */
export async function failWorkerJudgings(db: Queries, workerId: string, reason: string, kind: FailureKind): Promise<number[]> {
  const k = parseInput(z.enum(FAILURE_KINDS), kind, 'failure kind');
  return ascending(await failRunning(db, 'worker_id = ?', [workerId], reason, k));
}

async function workerGone(tx: Queries, worker: string | null, self: string | null): Promise<boolean> {
  const query = tx.dialect.workerGone;
  if (query === null || worker === null) return true;
  if (worker === self) return false;
  const row = (await tx.get(query, [APPLICATION_ID, workerKey(worker)])) as { gone: boolean };
  return row.gone;
}

export async function getJudging(db: Queries, judgingId: number): Promise<Judging | null> {
  const row = await db.get(`SELECT ${JUDGING_COLUMNS} FROM judgings WHERE id = ?`, [judgingId]);
  return row ? parseRows(db.location, 'judgings', JudgingRow, [row])[0] : null;
}

/** The last finished judging of the submission; null when none has finished. */
export async function currentJudging(db: Queries, submissionId: number): Promise<Judging | null> {
  const row = await db.get(`SELECT ${JUDGING_COLUMNS} FROM judgings WHERE id = (SELECT current_judging_id FROM submissions WHERE id = ?)`, [submissionId]);
  return row ? parseRows(db.location, 'judgings', JudgingRow, [row])[0] : null;
}

/** Every judging of the submission, oldest first, whatever its status. */
export async function judgingHistory(db: Queries, submissionId: number): Promise<Judging[]> {
  const rows = await db.all(`SELECT ${JUDGING_COLUMNS} FROM judgings WHERE submission_id = ? ORDER BY id`, [submissionId]);
  return parseRows(db.location, 'judgings', JudgingRow, rows);
}

export async function testResults(db: Queries, judgingId: number): Promise<TestResult[]> {
  const rows = await db.all(`SELECT ${TEST_RESULT_COLUMNS} FROM test_results WHERE judging_id = ? ORDER BY ordinal`, [judgingId]);
  return parseRows(db.location, 'test_results', TestResultRow, rows);
}

/** Fails the running judgings matching `where`; returns their submissions' ids (a running check per row, so no judging fails twice). */
async function failRunning(db: Queries, where: string, params: unknown[], reason: string, kind: FailureKind): Promise<number[]> {
  const rows = (await db.all(
    `UPDATE judgings SET status = 'failed', finished_at = ?, failure_reason = ?, failure_kind = ?
     WHERE status = 'running' AND ${where} RETURNING submission_id`,
    [now(), reason, kind, ...params],
  )) as Array<{ submission_id: number }>;
  return rows.map((r) => r.submission_id);
}

function ascending(ids: number[]): number[] {
  return [...new Set(ids)].sort((a, b) => a - b);
}

/**
 * The judging's submission id; a judging that is not running cannot change any more. The row is
 * locked (on PostgreSQL) until the transaction ends, so a racing writer waits and sees the result.
 */
async function requireRunning(tx: Queries, judgingId: number, action: string): Promise<number> {
  const row = (await tx.get(`SELECT status, submission_id FROM judgings WHERE id = ?${tx.dialect.lockRow}`, [judgingId])) as
    | { status: string; submission_id: number }
    | undefined;
  if (!row) throw new Error(`cannot ${action} judging ${judgingId}: no such judging`);
  if (row.status !== 'running') throw new Error(`cannot ${action} judging ${judgingId}: it is ${row.status}, not running`);
  return row.submission_id;
}
