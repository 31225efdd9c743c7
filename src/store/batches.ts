import { z } from 'zod';
import { VERDICTS } from '../verdict/verdict.js';
import type { Queries, Sql } from './sql.js';
import { Flag, Id, JsonText, parseInput, parseRows } from './rows.js';
import { SubmissionFilterSchema } from './submissions.js';

/**
 * Rejudge batches: the submissions a rejudge set out to judge again and how far it got, so that
 * running the same rejudge after an interruption continues where it stopped.
 */

/**
 * What a batch set out to judge: the filter, and every option that narrows it further, so that
 * running the same command again (and only the same command) continues it.
 */
export const BatchSelectionSchema = SubmissionFilterSchema.extend({
  /** Only submissions whose package or image changed since their current judging. */
  changedOnly: z.boolean().optional(),
});
export type BatchSelection = z.input<typeof BatchSelectionSchema>;

const BatchRow = z
  .object({
    id: Id,
    created_at: z.string(),
    finished_at: z.string().nullable(),
    filter_json: JsonText.pipe(BatchSelectionSchema),
    status: z.enum(['open', 'done']),
  })
  .transform((r) => ({
    id: r.id,
    createdAt: r.created_at,
    finishedAt: r.finished_at,
    /** The selection in its normal form (lists sorted, single values as one-element lists). */
    filter: r.filter_json,
    status: r.status,
  }));
export type RejudgeBatch = z.output<typeof BatchRow>;

/** The columns of an item that both an item and its transition show. */
const itemColumns = {
  submission_id: Id,
  done: Flag,
  old_judging_id: Id.nullable(),
  new_judging_id: Id.nullable(),
};

function itemFields(r: z.output<z.ZodObject<typeof itemColumns>>) {
  return {
    submissionId: r.submission_id,
    done: r.done,
    /** The submission's current judging when the batch was created; null if it had none. */
    oldJudgingId: r.old_judging_id,
    newJudgingId: r.new_judging_id,
  };
}

const ItemRow = z.object({ batch_id: Id, ...itemColumns }).transform((r) => ({ batchId: r.batch_id, ...itemFields(r) }));
export type RejudgeItem = z.output<typeof ItemRow>;

const TransitionRow = z
  .object({ ...itemColumns, old_verdict: z.enum(VERDICTS).nullable(), new_verdict: z.enum(VERDICTS).nullable() })
  .transform((r) => ({ ...itemFields(r), oldVerdict: r.old_verdict, newVerdict: r.new_verdict }));
/** One item's verdict before and after; a side is null when that judging is missing or not done. */
export type BatchTransition = z.output<typeof TransitionRow>;

const BATCH_COLUMNS = 'id, created_at, finished_at, filter_json, status';
const ITEM_COLUMNS = 'batch_id, submission_id, old_judging_id, new_judging_id, done';
const now = (): string => new Date().toISOString();

/**
 * Equal selections get equal text: key order, list order, repeats and one-vs-list do not matter.
 * `changedOnly` appears only when set, so batches stored before it existed keep their key.
 */
export function filterKey(selection: BatchSelection): string {
  const f = parseInput(BatchSelectionSchema, selection, 'rejudge selection');
  const list = <T extends string | number>(v: T | T[] | undefined): T[] | undefined =>
    v === undefined ? undefined : [...new Set(Array.isArray(v) ? v : [v])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify({ contest: f.contest, problem: list(f.problem), verdict: list(f.verdict), ids: list(f.ids), changedOnly: f.changedOnly || undefined });
}

/**
 * Starts a batch over the given submissions, remembering each one's current judging. SERIALIZABLE
 * on PostgreSQL: of two processes creating a batch for an equal selection at once, one is told the
 * other's is open.
 */
export async function createBatch(db: Sql, filter: BatchSelection, submissionIds: readonly number[]): Promise<number> {
  const key = filterKey(filter);
  return db.transaction(
    async (tx) => {
      const open = await openBatchFor(tx, filter);
      if (open) throw new Error(`rejudge batch ${open.id} for this filter is still open; continue it or finish it first`);
      const batch = (await tx.get(`INSERT INTO rejudge_batches (created_at, filter_json, status) VALUES (?, ?, 'open') RETURNING id`, [now(), key])) as {
        id: number;
      };
      for (const id of new Set(submissionIds)) {
        const added = await tx.run(
          `INSERT INTO rejudge_items (batch_id, submission_id, old_judging_id)
           SELECT CAST(? AS INTEGER), id, current_judging_id FROM submissions WHERE id = ?`,
          [batch.id, id],
        );
        if (added === 0) throw new Error(`cannot add submission ${id} to a rejudge batch: no such submission`);
      }
      return batch.id;
    },
    { serializable: true },
  );
}

/** The unfinished batch created for an equal selection, if any. */
export async function openBatchFor(db: Queries, filter: BatchSelection): Promise<RejudgeBatch | null> {
  const row = await db.get(`SELECT ${BATCH_COLUMNS} FROM rejudge_batches WHERE filter_json = ? AND status = 'open'`, [filterKey(filter)]);
  return row ? parseRows(db.location, 'rejudge_batches', BatchRow, [row])[0] : null;
}

export async function getBatch(db: Queries, batchId: number): Promise<RejudgeBatch | null> {
  const row = await db.get(`SELECT ${BATCH_COLUMNS} FROM rejudge_batches WHERE id = ?`, [batchId]);
  return row ? parseRows(db.location, 'rejudge_batches', BatchRow, [row])[0] : null;
}

/**
 * Records that the item is dealt with; `newJudgingId` is null when no new judging finished. The
 * first process to mark an item done is recorded; a later one (another host judged it too, or a
 * retry of a write whose answer was lost) changes nothing. True when this call recorded it.
 */
export async function markItemDone(db: Queries, batchId: number, submissionId: number, newJudgingId: number | null): Promise<boolean> {
  const changed = await db.run('UPDATE rejudge_items SET done = 1, new_judging_id = ? WHERE batch_id = ? AND submission_id = ? AND done = 0', [
    newJudgingId,
    batchId,
    submissionId,
  ]);
  if (changed === 1) return true;
  if (!(await db.get('SELECT 1 FROM rejudge_items WHERE batch_id = ? AND submission_id = ?', [batchId, submissionId]))) {
    throw new Error(`submission ${submissionId} is not in rejudge batch ${batchId}`);
  }
  return false;
}

/** Items not done yet, by submission id. */
export async function pendingItems(db: Queries, batchId: number): Promise<RejudgeItem[]> {
  const rows = await db.all(`SELECT ${ITEM_COLUMNS} FROM rejudge_items WHERE batch_id = ? AND done = 0 ORDER BY submission_id`, [batchId]);
  return parseRows(db.location, 'rejudge_items', ItemRow, rows);
}

export async function batchItems(db: Queries, batchId: number): Promise<RejudgeItem[]> {
  const rows = await db.all(`SELECT ${ITEM_COLUMNS} FROM rejudge_items WHERE batch_id = ? ORDER BY submission_id`, [batchId]);
  return parseRows(db.location, 'rejudge_items', ItemRow, rows);
}

/** Closes the batch: the same filter starts a new batch next time. */
export async function finishBatch(db: Queries, batchId: number): Promise<void> {
  const changed = await db.run(`UPDATE rejudge_batches SET status = 'done', finished_at = ? WHERE id = ? AND status = 'open'`, [now(), batchId]);
  if (changed === 0) throw new Error(`rejudge batch ${batchId} does not exist or is already finished`);
}

/** Old verdict → new verdict of every item, by submission id. */
export async function batchTransitions(db: Queries, batchId: number): Promise<BatchTransition[]> {
  const rows = await db.all(
    `SELECT i.submission_id, i.done, i.old_judging_id, i.new_judging_id, o.verdict AS old_verdict, n.verdict AS new_verdict
     FROM rejudge_items i
       LEFT JOIN judgings o ON o.id = i.old_judging_id AND o.status = 'done'
       LEFT JOIN judgings n ON n.id = i.new_judging_id AND n.status = 'done'
     WHERE i.batch_id = ?
     ORDER BY i.submission_id`,
    [batchId],
  );
  return parseRows(db.location, 'rejudge_items', TransitionRow, rows);
}
