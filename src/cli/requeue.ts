import { judgeRecorded, type Recorded } from '../judge/record.js';
import { errorMessage } from '../util/errors.js';
import { info } from './output.js';
import { startProgress } from './progress.js';
import type { Session } from './session.js';

export interface ManyResult {
  judged: Recorded[];
  failed: Array<{ submissionId: number; error: string }>;
}

/**
 * Judges stored submissions through the one shared queue, so both cores stay busy across
 * submissions. A submission that cannot be judged is reported and recorded as failed; the others go on.
 */
export async function judgeMany(session: Session, ids: readonly number[], label: string, onDone?: (r: Recorded) => void): Promise<ManyResult> {
  const result: ManyResult = { judged: [], failed: [] };
  if (!ids.length) return result;
  const progress = startProgress(label, ids.length, 'submissions');
  await Promise.all(
    ids.map(async (id) => {
      const sub = session.store.getSubmission(id);
      if (!sub) return;
      try {
        const recorded = await judgeRecorded(session.ctx, sub);
        result.judged.push(recorded);
        onDone?.(recorded);
        progress.tick(recorded.report.verdict);
      } catch (err) {
        result.failed.push({ submissionId: id, error: errorMessage(err) });
        progress.tick('JE');
      }
    }),
  );
  progress.stop();
  for (const f of result.failed) info(`submission ${f.submissionId}: not judged: ${f.error}`);
  return result;
}

/** Judgings a killed judge left behind are judged again on the next start. */
export async function judgeAgain(session: Session, ids: readonly number[]): Promise<void> {
  if (!ids.length) return;
  info(`judging again ${ids.length} submission(s) whose judging was interrupted`);
  await judgeMany(session, ids, 'interrupted');
}
