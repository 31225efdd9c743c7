/**
 * Judging through the PostgreSQL job queue: the commands that judge (`import`, `rejudge`) queue
 * their work there, and then either leave it to the workers (`--enqueue-only`) or take part as a
 * worker of their own until their batch is done, whoever judged it.
 */
import type { FailureKind } from '../store/index.js';
import { batchItems, type BatchItem } from '../queue/batches.js';
import { openQueueDb, type QueueDb } from '../queue/db.js';
import { parseDbLocation } from '../store/location.js';
export { enqueueJudging } from '../queue/enqueue.js';
import { leaseSeconds, runWorker } from '../worker/worker.js';
import { info } from './output.js';
import { startProgress } from './progress.js';
import type { ManyResult, NotJudged } from './requeue.js';
import { dbLocation, type Session } from './session.js';

/** The PostgreSQL URL judging is queued at (`--db`, else `ZUKO_DB`), or null for a SQLite file. */
export function queueUrl(db?: string): string | null {
  const location = parseDbLocation(dbLocation(db));
  return location.kind === 'postgres' ? location.url : null;
}

/**
 * The queue's connections: a worker's slots (its CPUs and one more) each hold one for
 * graphile-worker's LISTEN, and its own queries need a few more. Enqueuing alone needs few.
 */
export async function openQueue(url: string, cpus = 0): Promise<QueueDb> {
  return openQueueDb(url, cpus ? cpus + 1 + 4 : 4);
}

/**
 * Judges the batch as one more worker until nothing of it is queued, with a progress bar over its
 * items. Returns what was judged and what could not be, in the shape local judging reports.
 */
export async function judgeQueued(session: Session, queue: QueueDb, batchId: number, label: string): Promise<ManyResult> {
  const total = (await batchItems(queue, batchId)).length;
  const progress = startProgress(label, total, 'submissions');
  const seen = new Set<number>();
  let items: BatchItem[] = [];
  const done = async (): Promise<boolean> => {
    items = await batchItems(queue, batchId);
    for (const item of items) {
      if (item.state === 'queued' || seen.has(item.submissionId)) continue;
      seen.add(item.submissionId);
      const judging = item.judgingId === null ? null : await session.store.getJudging(item.judgingId);
      progress.tick(item.state === 'done' && judging?.outcome ? judging.outcome.verdict : 'failed');
    }
    return items.every((i) => i.state !== 'queued');
  };
  const summary = await runWorker(queue, session.ctx, { untilIdle: false, leaseS: leaseSeconds(), log: info, done });
  progress.stop();
  const failed: NotJudged[] = items
    .filter((i) => i.state === 'failed' || (summary.stopped && i.state === 'queued'))
    .map((i) => ({
      submissionId: i.submissionId,
      kind: (i.failure?.kind ?? 'infrastructure') as Exclude<FailureKind, 'interrupted'>,
      reason: i.failure?.reason ?? summary.stopped ?? '',
    }));
  for (const f of failed) info(`submission ${f.submissionId}: not judged (${f.kind}): ${f.reason}`);
  if (summary.stopped) info(`stopped: ${summary.stopped}; run the same command again to judge what is left`);
  return {
    judged: items.filter((i) => i.state === 'done' && i.judgingId !== null).map((i) => ({ submissionId: i.submissionId, judgingId: i.judgingId! })),
    failed,
    stopped: summary.stopped,
  };
}
