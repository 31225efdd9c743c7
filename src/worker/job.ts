/**
 * One queued job: judge one submission, at most once per request however often the job runs.
 * Before judging, a judging that started after the request and finished (by a worker that died
 * before it could mark the job complete) settles the request instead. A worker declared gone has
 * its running judging failed by the reaper, so a late finish of it is refused by the store.
 */
import { failureOf, infrastructureReason } from '../record/failure.js';
import { OutageError } from '../judge/outage.js';
import { imagesUsed, judgeRecorded, type RecordContext } from '../record/record.js';
import { resolveLanguage } from '../lang/config.js';
import { loadProblem } from '../problem/load.js';
import { batchFlag, JobPayload, pinImages, queuedAfter, rejudgesSettled, settle, type Settlement, type Settler } from '../queue/batches.js';
import type { QueueDb } from '../queue/db.js';
import type { PackageCache } from '../queue/packages.js';
import { assign, assignJudging, unassign } from '../queue/workers.js';
import { SandboxError, UserError } from '../util/errors.js';
import type { EngineIds } from './engine-ids.js';

export interface JobContext {
  db: QueueDb;
  ctx: RecordContext;
  workerId: string;
  packages: PackageCache;
  engineIds: EngineIds;
  /** Flags of batches pinned to other images than this worker's: their jobs are left to others. */
  refused: Set<string>;
  busy: number;
  judged: number;
  failed: number;
  stopped: string | null;
  log(line: string): void;
}

/** The name under which the judge version is pinned beside the images. */
const JUDGE_PIN = 'zuko-judge';

/** Handles one job; throwing puts it back for a later attempt (by any worker). */
export async function judgeJob(job: JobContext, slot: number, rawPayload: unknown, lastAttempt: boolean): Promise<void> {
  const parsed = JobPayload.safeParse(rawPayload);
  // A payload we did not write: nothing to judge; failing it permanently keeps it out of the way.
  if (!parsed.success) throw new UserError(`queued job payload: ${parsed.error.issues[0].message}`);
  const payload = parsed.data;
  job.busy++;
  try {
    await judgeOnce(job, slot, payload, lastAttempt);
  } finally {
    job.busy--;
    await unassign(job.db, job.workerId, slot).catch(() => undefined);
  }
}

async function judgeOnce(job: JobContext, slot: number, payload: JobPayload, lastAttempt: boolean): Promise<void> {
  const { ctx } = job;
  const after = await queuedAfter(job.db, payload.submission);
  if (after === null) return;
  const history = await ctx.store.judgingHistory(payload.submission);
  const finished = history.filter((j) => j.status === 'done' && j.id > after).at(-1);
  if (finished) return settleAll(job, payload.submission, { bound: finished.id, judgingId: finished.id }, { state: 'done' });

  const sub = await ctx.store.getSubmission(payload.submission);
  if (!sub) throw new UserError(`queued job: no submission ${payload.submission} in the database`);
  let problemDir: string;
  let imageIds: Record<string, string>;
  try {
    problemDir = await job.packages.dir(payload.package);
    const problem = loadProblem(problemDir);
    const lang = resolveLanguage(ctx.languages, sub.fileName, sub.language);
    const tags = imagesUsed(ctx, problem, lang.image);
    imageIds = await job.engineIds.of(tags);
  } catch (err) {
    if (err instanceof SandboxError) throw err;
    return settleFailure(job, payload.submission, after, err, null);
  }
  await refuseOtherImages(job, payload.batch, { [JUDGE_PIN]: ctx.judgeVersion, ...imageIds });

  await assign(job.db, job.workerId, slot, payload.batch, payload.submission);
  let judgingId: number | null = null;
  try {
    const recorded = await ctx.outage.retry(
      () =>
        judgeRecorded(
          ctx,
          sub,
          {},
          {
            problemDir,
            imageIds,
            onStarted: (id) => {
              judgingId = id;
              return assignJudging(job.db, job.workerId, slot, id);
            },
          },
        ),
      infrastructureReason,
      { start: true },
    );
    await settleAll(job, payload.submission, { bound: recorded.judgingId, judgingId: recorded.judgingId }, { state: 'done' });
    job.judged++;
  } catch (err) {
    if (err instanceof OutageError) {
      // The job goes back to the queue; this worker stops, as a batch does after the outage limit.
      job.stopped = err.message;
      throw err;
    }
    if (infrastructureReason(err) !== null && !lastAttempt) throw err;
    // Declared gone while judging: the reaper failed the judging and released the job, which
    // another worker may be judging now. Nothing here is this worker's to settle any more.
    if (judgingId !== null && (await ctx.store.getJudging(judgingId))?.failureKind === 'interrupted') throw err;
    await settleFailure(job, payload.submission, after, err, judgingId);
  }
}

/**
 * Pins the batch to this worker's images where it has none; where it has others, this worker
 * leaves the batch to workers that match and puts the job back.
 */
async function refuseOtherImages(job: JobContext, batchId: number, mine: Record<string, string>): Promise<void> {
  const mismatches = await pinImages(job.db, batchId, mine, job.workerId);
  if (!mismatches.length) return;
  job.refused.add(batchFlag(batchId));
  const what = mismatches.map((m) => `${m.name}: batch ${m.pinned}, this worker ${m.mine}`).join('; ');
  job.log(`batch ${batchId} is judged with other images (${what}); leaving it to workers that have them`);
  throw new SandboxError(`refused: batch ${batchId} is judged with other images than this worker's (${what})`);
}

/** Marks the rejudge items first, so a worker dying between the two leaves the job to do both again. */
async function settleAll(job: JobContext, submissionId: number, by: Settler, how: Settlement): Promise<void> {
  const { store, outage } = job.ctx;
  if (how.state === 'done' && by.judgingId !== null) {
    const judgingId = by.judgingId;
    const rejudges = await rejudgesSettled(job.db, submissionId, by.bound);
    for (const rb of rejudges) await outage.retry(() => store.markItemDone(rb, submissionId, judgingId), infrastructureReason);
    await settle(job.db, submissionId, by, job.workerId, how);
    for (const rb of rejudges) await finishRejudgeIfDone(job, rb);
    return;
  }
  await settle(job.db, submissionId, by, job.workerId, how);
}

/** A rejudge batch is complete when all its items are, whichever workers did them. */
async function finishRejudgeIfDone(job: JobContext, rejudgeBatchId: number): Promise<void> {
  const { store } = job.ctx;
  if ((await store.pendingItems(rejudgeBatchId)).length) return;
  const batch = await store.getBatch(rejudgeBatchId);
  if (batch?.status !== 'open') return;
  try {
    await store.finishBatch(rejudgeBatchId);
  } catch (err) {
    // Another worker finished its last item at the same moment and closed it first.
    if ((await store.getBatch(rejudgeBatchId))?.status !== 'done') throw err;
  }
}

/** A submission that cannot be judged (its package does not load, its checker does not compile): reported, not retried. */
async function settleFailure(job: JobContext, submissionId: number, after: number, err: unknown, judgingId: number | null): Promise<void> {
  const failure = failureOf(err);
  job.failed++;
  job.log(`submission ${submissionId}: not judged (${failure.kind}): ${failure.reason}`);
  await settle(job.db, submissionId, { bound: judgingId ?? after + 1, judgingId }, job.workerId, { state: 'failed', ...failure });
}
