import path from 'node:path';
import * as batches from './batches.js';
import { dbContext } from './context.js';
import * as judgings from './judgings.js';
import { openDatabase } from './open.js';
import * as submissions from './submissions.js';
import type { ContestSubmission, FailureKind, Judging, JudgingOutcome, Submission, SubmissionMeta, TestResult } from './rows.js';
import type { BatchTransition, RejudgeBatch, RejudgeItem } from './batches.js';
import type { JudgingMeta, NewTestResult } from './judgings.js';
import type { NewSubmission, SubmissionFilter } from './submissions.js';

export type { ContestSubmission, FailureKind, Judging, JudgingOutcome, JudgingStatus, Submission, SubmissionMeta, TestResult } from './rows.js';
export { FAILURE_KINDS } from './rows.js';
export type { BatchTransition, RejudgeBatch, RejudgeItem } from './batches.js';
export type { JudgingMeta, NewTestResult } from './judgings.js';
export type { NewSubmission, SubmissionFilter } from './submissions.js';
export { MIGRATIONS } from './migrations.js';

/**
 * Every submission and judging, in one SQLite file. Synchronous, like better-sqlite3 beneath it.
 *
 * A submission has any number of judgings; its current one is the last that finished (`done`).
 * Running and failed judgings never become current. One judge process per database file is
 * assumed: `recoverInterrupted` treats every `running` judging as abandoned by a crashed run.
 *
 * Errors: a file that is not a usable zuko-judge database, or holds values that do not fit the
 * schema, is a UserError naming the file. Calls that break the rules above (finishing a judging
 * that is not running, an unknown id to write to) throw a plain Error: they are bugs of the caller.
 */
export interface Store {
  /** Absolute path of the database file. */
  readonly file: string;

  /** Adds a submission, or finds the same one already stored (see `NewSubmission`); `created` tells which. */
  addSubmission(input: NewSubmission): { id: number; created: boolean };
  getSubmission(id: number): Submission | null;
  /** Submissions matching all given parts of the filter, by id; `{}` matches all. */
  selectSubmissions(filter: SubmissionFilter): SubmissionMeta[];
  /** A contest's submissions with their current results, in contest-time order. */
  contestSubmissions(contestId: string): ContestSubmission[];

  /** A new judging in status `running`; returns its id. */
  startJudging(submissionId: number, meta: JudgingMeta): number;
  /** All results of a running judging in one transaction; ordinals default to the list index. */
  saveTestResults(judgingId: number, results: readonly NewTestResult[]): void;
  /** Marks the running judging done with its outcome and makes it current, atomically. */
  finishJudging(judgingId: number, outcome: JudgingOutcome): void;
  /** Ends a running judging without a result, keeping why (`kind` defaults to `error`). */
  failJudging(judgingId: number, reason: string, kind?: FailureKind): void;
  /** Fails every `running` judging as "interrupted"; returns their submission ids to queue again. */
  recoverInterrupted(): number[];
  getJudging(judgingId: number): Judging | null;
  currentJudging(submissionId: number): Judging | null;
  /** All judgings of a submission, oldest first. */
  judgingHistory(submissionId: number): Judging[];
  /** A judging's test results in judging order. */
  testResults(judgingId: number): TestResult[];

  /** A new open batch over these submissions; throws if one is open for an equal filter. */
  createBatch(filter: SubmissionFilter, submissionIds: readonly number[]): number;
  /** The open batch for an equal filter: running the same rejudge again continues it. */
  openBatchFor(filter: SubmissionFilter): RejudgeBatch | null;
  getBatch(batchId: number): RejudgeBatch | null;
  markItemDone(batchId: number, submissionId: number, newJudgingId: number | null): void;
  pendingItems(batchId: number): RejudgeItem[];
  batchItems(batchId: number): RejudgeItem[];
  finishBatch(batchId: number): void;
  batchTransitions(batchId: number): BatchTransition[];

  close(): void;
}

/** Opens the database at `path`, creating it and bringing its schema up to date. */
export function openStore(file: string): Store {
  const resolved = path.resolve(file);
  const db = dbContext(openDatabase(resolved), resolved);
  return {
    file: resolved,
    addSubmission: (input) => submissions.addSubmission(db, input),
    getSubmission: (id) => submissions.getSubmission(db, id),
    selectSubmissions: (filter) => submissions.selectSubmissions(db, filter),
    contestSubmissions: (contestId) => submissions.contestSubmissions(db, contestId),

    startJudging: (submissionId, meta) => judgings.startJudging(db, submissionId, meta),
    saveTestResults: (judgingId, results) => judgings.saveTestResults(db, judgingId, results),
    finishJudging: (judgingId, outcome) => judgings.finishJudging(db, judgingId, outcome),
    failJudging: (judgingId, reason, kind) => judgings.failJudging(db, judgingId, reason, kind),
    recoverInterrupted: () => judgings.recoverInterrupted(db),
    getJudging: (judgingId) => judgings.getJudging(db, judgingId),
    currentJudging: (submissionId) => judgings.currentJudging(db, submissionId),
    judgingHistory: (submissionId) => judgings.judgingHistory(db, submissionId),
    testResults: (judgingId) => judgings.testResults(db, judgingId),

    createBatch: (filter, ids) => batches.createBatch(db, filter, ids),
    openBatchFor: (filter) => batches.openBatchFor(db, filter),
    getBatch: (batchId) => batches.getBatch(db, batchId),
    markItemDone: (batchId, submissionId, newJudgingId) => batches.markItemDone(db, batchId, submissionId, newJudgingId),
    pendingItems: (batchId) => batches.pendingItems(db, batchId),
    batchItems: (batchId) => batches.batchItems(db, batchId),
    finishBatch: (batchId) => batches.finishBatch(db, batchId),
    batchTransitions: (batchId) => batches.batchTransitions(db, batchId),

    close: () => db.close(),
  };
}
