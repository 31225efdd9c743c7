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
 * Every submission and judging, in one SQLite file. Every call returns a Promise, so that a
 * database server can stand behind the same interface; SQLite answers at once underneath.
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
  /** Where the database is, for messages: the absolute path of the database file. */
  readonly location: string;

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
  /** Fails every `running` judging as "interrupted"; returns their submission ids to queue again. */
  recoverInterrupted(): Promise<number[]>;
  getJudging(judgingId: number): Promise<Judging | null>;
  currentJudging(submissionId: number): Promise<Judging | null>;
  /** All judgings of a submission, oldest first. */
  judgingHistory(submissionId: number): Promise<Judging[]>;
  /** A judging's test results in judging order. */
  testResults(judgingId: number): Promise<TestResult[]>;

  /** A new open batch over these submissions; throws if one is open for an equal filter. */
  createBatch(filter: SubmissionFilter, submissionIds: readonly number[]): Promise<number>;
  /** The open batch for an equal filter: running the same rejudge again continues it. */
  openBatchFor(filter: SubmissionFilter): Promise<RejudgeBatch | null>;
  getBatch(batchId: number): Promise<RejudgeBatch | null>;
  markItemDone(batchId: number, submissionId: number, newJudgingId: number | null): Promise<void>;
  pendingItems(batchId: number): Promise<RejudgeItem[]>;
  batchItems(batchId: number): Promise<RejudgeItem[]>;
  finishBatch(batchId: number): Promise<void>;
  batchTransitions(batchId: number): Promise<BatchTransition[]>;

  close(): Promise<void>;
}

/** Opens the database at `path`, creating it and bringing its schema up to date. */
export async function openStore(file: string): Promise<Store> {
  const resolved = path.resolve(file);
  const db = dbContext(openDatabase(resolved), resolved);
  return {
    location: resolved,
    addSubmission: async (input) => submissions.addSubmission(db, input),
    getSubmission: async (id) => submissions.getSubmission(db, id),
    selectSubmissions: async (filter) => submissions.selectSubmissions(db, filter),
    contestSubmissions: async (contestId) => submissions.contestSubmissions(db, contestId),

    startJudging: async (submissionId, meta) => judgings.startJudging(db, submissionId, meta),
    saveTestResults: async (judgingId, results) => judgings.saveTestResults(db, judgingId, results),
    finishJudging: async (judgingId, outcome) => judgings.finishJudging(db, judgingId, outcome),
    failJudging: async (judgingId, reason, kind) => judgings.failJudging(db, judgingId, reason, kind),
    recoverInterrupted: async () => judgings.recoverInterrupted(db),
    getJudging: async (judgingId) => judgings.getJudging(db, judgingId),
    currentJudging: async (submissionId) => judgings.currentJudging(db, submissionId),
    judgingHistory: async (submissionId) => judgings.judgingHistory(db, submissionId),
    testResults: async (judgingId) => judgings.testResults(db, judgingId),

    createBatch: async (filter, ids) => batches.createBatch(db, filter, ids),
    openBatchFor: async (filter) => batches.openBatchFor(db, filter),
    getBatch: async (batchId) => batches.getBatch(db, batchId),
    markItemDone: async (batchId, submissionId, newJudgingId) => batches.markItemDone(db, batchId, submissionId, newJudgingId),
    pendingItems: async (batchId) => batches.pendingItems(db, batchId),
    batchItems: async (batchId) => batches.batchItems(db, batchId),
    finishBatch: async (batchId) => batches.finishBatch(db, batchId),
    batchTransitions: async (batchId) => batches.batchTransitions(db, batchId),

    close: async () => db.close(),
  };
}
