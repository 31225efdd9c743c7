import * as batches from './batches.js';
import * as judgings from './judgings.js';
import { claimWriter, releaseWriter } from './lease.js';
import { parseDbLocation } from './location.js';
import { openSql } from './open.js';
import * as submissions from './submissions.js';
import { holdLiveness, newWorkerId, type Liveness } from './workers.js';
import type { ContestSubmission, FailureKind, Judging, JudgingOutcome, Submission, SubmissionMeta, TestResult } from './rows.js';
import type { BatchSelection, BatchTransition, RejudgeBatch, RejudgeItem } from './batches.js';
import type { JudgingMeta, NewTestResult } from './judgings.js';
import type { NewSubmission, SubmissionFilter } from './submissions.js';

export type { ContestSubmission, FailureKind, Judging, JudgingOutcome, JudgingStatus, Submission, SubmissionMeta, TestResult } from './rows.js';
export { FAILURE_KINDS } from './rows.js';
export type { BatchSelection, BatchTransition, RejudgeBatch, RejudgeItem } from './batches.js';
export type { JudgingMeta, NewTestResult } from './judgings.js';
export type { NewSubmission, SubmissionFilter } from './submissions.js';
export { MIGRATIONS } from './migrations.js';
export { parseDbLocation, type DbLocation } from './location.js';
export { newWorkerId } from './workers.js';

/**
 * Every submission and judging, in a SQLite file (the embedded default, one judge process per
 * file) or a PostgreSQL database (many worker processes on many hosts sharing it). Both behave
 * the same; every call returns a Promise.
 *
 * A submission has any number of judgings; its current one is the last that finished (`done`).
 * Running and failed judgings never become current.
 *
 * Workers. Each judging records the worker that runs it (`worker_id`). On PostgreSQL every Store
 * is a worker with an id of its own (`workerId`, or one given to `openStore`), and from its first
 * `startJudging` until `close` it holds a lock that tells other processes it is alive; the server
 * drops the lock when the process or its host dies. So:
 * - `startJudging` records `meta.workerId` when given, else the store's `workerId`. A queue worker
 *   should leave it to the store (or pass the same id it opened the store with): a judging under
 *   an id no open store holds counts as abandoned.
 * - `recoverInterrupted` fails (as "interrupted") only the running judgings whose worker is gone,
 *   never those of a live worker on another host; on SQLite, every running judging, as one
 *   judge per file is assumed.
 * - `failWorkerJudgings(id)` fails every running judging of one worker now, for a queue that
 *   learns by its own means (an expired job) that the worker is gone.
 * Writes racing from two processes are safe: a judging is finished or failed once (the second
 * caller gets "not running"), an item of a rejudge batch is marked done once (the first wins),
 * one filter has one open batch, and the same submission imported twice is stored once.
 *
 * Errors: a database that is not a usable zuko-judge database (a foreign file or server database,
 * an unreachable server, a refused login, values that do not fit the schema) is a UserError naming
 * it (a URL with its password masked). Calls that break the rules above (finishing a judging that
 * is not running, an unknown id to write to) throw a plain Error: they are bugs of the caller.
 */
export interface Store {
  /** Where the database is, for messages: the file's absolute path, or the URL with its password masked. */
  readonly location: string;
  /** The worker id this store records on the judgings it starts; null for SQLite's single judge unless one was given. */
  readonly workerId: string | null;

  /**
   * Makes this process the one that judges into a SQLite file until the store is closed (see
   * lease.ts); a UserError naming the holder when another live process is. `command` names this
   * one to others. Only judging processes claim it; reading needs none. On PostgreSQL, where
   * many workers write at once, it does nothing.
   */
  claimWriter(command: string): Promise<void>;

  /** Adds a submission, or finds the same one already stored (see `NewSubmission`); `created` tells which. */
  addSubmission(input: NewSubmission): Promise<{ id: number; created: boolean }>;
  getSubmission(id: number): Promise<Submission | null>;
  /** Submissions matching all given parts of the filter, by id; `{}` matches all. */
  selectSubmissions(filter: SubmissionFilter): Promise<SubmissionMeta[]>;
  /** A contest's submissions with their current results, in contest-time order. */
  contestSubmissions(contestId: string): Promise<ContestSubmission[]>;

  /** A new judging in status `running`; returns its id. */
  startJudging(submissionId: number, meta: JudgingMeta): Promise<number>;
  /** All results of a running judging in one transaction; ordinals default to the list index. */
  saveTestResults(judgingId: number, results: readonly NewTestResult[]): Promise<void>;
  /** Marks the running judging done with its outcome and makes it current, atomically. */
  finishJudging(judgingId: number, outcome: JudgingOutcome): Promise<void>;
  /** Ends a running judging without a result, keeping why (`kind` defaults to `error`). */
  failJudging(judgingId: number, reason: string, kind?: FailureKind): Promise<void>;
  /** Fails abandoned `running` judgings as "interrupted" (see Workers above); returns their submission ids, ascending, to queue again. */
  recoverInterrupted(): Promise<number[]>;
  /** Fails every `running` judging of the worker (reason and kind default to "interrupted"); returns their submission ids, ascending. */
  failWorkerJudgings(workerId: string, reason?: string, kind?: FailureKind): Promise<number[]>;
  getJudging(judgingId: number): Promise<Judging | null>;
  currentJudging(submissionId: number): Promise<Judging | null>;
  /** All judgings of a submission, oldest first. */
  judgingHistory(submissionId: number): Promise<Judging[]>;
  /** A judging's test results in judging order. */
  testResults(judgingId: number): Promise<TestResult[]>;

  /** A new open batch over these submissions; throws if one is open for an equal selection. */
  createBatch(selection: BatchSelection, submissionIds: readonly number[]): Promise<number>;
  /** The open batch for an equal selection: running the same rejudge again continues it. */
  openBatchFor(selection: BatchSelection): Promise<RejudgeBatch | null>;
  getBatch(batchId: number): Promise<RejudgeBatch | null>;
  /**
   * Records the item's new judging (null: none finished). An item already done keeps the one
   * recorded first: true when this call recorded it, false when it was done already.
   */
  markItemDone(batchId: number, submissionId: number, newJudgingId: number | null): Promise<boolean>;
  pendingItems(batchId: number): Promise<RejudgeItem[]>;
  batchItems(batchId: number): Promise<RejudgeItem[]>;
  finishBatch(batchId: number): Promise<void>;
  batchTransitions(batchId: number): Promise<BatchTransition[]>;

  close(): Promise<void>;
}

export interface StoreOptions {
  /** The worker id to record on judgings; default: a new unique one on PostgreSQL, none on SQLite. */
  workerId?: string;
}

/**
 * Opens the database `db` names, as `--db` takes it: a file path (SQLite, created when missing)
 * or a `postgres://` / `postgresql://` URL; brings its schema up to date.
 */
export async function openStore(db: string, opts: StoreOptions = {}): Promise<Store> {
  const location = parseDbLocation(db);
  const sql = await openSql(db);
  const workerId = opts.workerId ?? (location.kind === 'postgres' ? newWorkerId() : null);
  // Taken when the first judging starts: a store that only reads never holds a connection for it.
  let liveness: Promise<Liveness> | null = null;
  const alive = async (): Promise<void> => {
    if (location.kind !== 'postgres' || workerId === null) return;
    liveness ??= holdLiveness(location.url, workerId).catch((err: unknown) => {
      liveness = null;
      throw err;
    });
    await liveness;
  };
  let claimed = false;
  return {
    location: sql.location,
    workerId,
    async claimWriter(command) {
      if (location.kind !== 'sqlite') return;
      await claimWriter(sql, command);
      claimed = true;
    },
    addSubmission: (input) => submissions.addSubmission(sql, input),
    getSubmission: (id) => submissions.getSubmission(sql, id),
    selectSubmissions: (filter) => submissions.selectSubmissions(sql, filter),
    contestSubmissions: (contestId) => submissions.contestSubmissions(sql, contestId),

    startJudging: async (submissionId, meta) => {
      await alive();
      return judgings.startJudging(sql, submissionId, meta, workerId);
    },
    saveTestResults: (judgingId, results) => judgings.saveTestResults(sql, judgingId, results),
    finishJudging: (judgingId, outcome) => judgings.finishJudging(sql, judgingId, outcome),
    failJudging: (judgingId, reason, kind) => judgings.failJudging(sql, judgingId, reason, kind),
    recoverInterrupted: () => judgings.recoverInterrupted(sql, workerId),
    failWorkerJudgings: (id, reason = 'interrupted', kind = 'interrupted') => judgings.failWorkerJudgings(sql, id, reason, kind),
    getJudging: (judgingId) => judgings.getJudging(sql, judgingId),
    currentJudging: (submissionId) => judgings.currentJudging(sql, submissionId),
    judgingHistory: (submissionId) => judgings.judgingHistory(sql, submissionId),
    testResults: (judgingId) => judgings.testResults(sql, judgingId),

    createBatch: (filter, ids) => batches.createBatch(sql, filter, ids),
    openBatchFor: (filter) => batches.openBatchFor(sql, filter),
    getBatch: (batchId) => batches.getBatch(sql, batchId),
    markItemDone: (batchId, submissionId, newJudgingId) => batches.markItemDone(sql, batchId, submissionId, newJudgingId),
    pendingItems: (batchId) => batches.pendingItems(sql, batchId),
    batchItems: (batchId) => batches.batchItems(sql, batchId),
    finishBatch: (batchId) => batches.finishBatch(sql, batchId),
    batchTransitions: (batchId) => batches.batchTransitions(sql, batchId),

    async close() {
      if (claimed) await releaseWriter(sql);
      const held = liveness;
      liveness = null;
      await (await held?.catch(() => null))?.release();
      await sql.close();
    },
  };
}
