import { loadProblem } from '../problem/load.js';
import type { Store } from '../store/index.js';
import { enqueueBatch, type NewItem } from './batches.js';
import type { QueueDb } from './db.js';
import { storePackage } from './packages.js';

/**
 * Queues a batch judging these submissions: each one's package stored by content hash, and each
 * one to be judged after its judgings so far.
 */
export async function enqueueJudging(
  store: Store,
  queue: QueueDb,
  label: string,
  submissionIds: readonly number[],
  rejudgeBatchId: number | null = null,
): Promise<{ batchId: number; jobs: number }> {
  const packages = new Map<string, Promise<string>>();
  const items: NewItem[] = [];
  for (const id of submissionIds) {
    const sub = await store.getSubmission(id);
    if (!sub) throw new Error(`cannot queue submission ${id}: no such submission`);
    let packageSha = packages.get(sub.problemDir);
    if (!packageSha) {
      packageSha = storePackage(queue, loadProblem(sub.problemDir));
      packages.set(sub.problemDir, packageSha);
    }
    const history = await store.judgingHistory(id);
    items.push({ submissionId: id, afterJudgingId: Math.max(0, ...history.map((j) => j.id)), packageSha: await packageSha });
  }
  return enqueueBatch(queue, label, items, rejudgeBatchId);
}
