import { failureOf, infrastructureReason, type Failure } from '../record/failure.js';
import { judgeRecorded, type Recorded } from '../record/record.js';
import { OutageError } from '../judge/outage.js';
import type { NotJudgedJson } from '../report/schemas.js';
import { info } from './output.js';
import { startProgress } from './progress.js';
import type { Session } from './session.js';

/** A submission that could not be judged, and why. */
export interface NotJudged extends Failure {
  submissionId: number;
}

export interface ManyResult {
  judged: Array<Pick<Recorded, 'submissionId' | 'judgingId'>>;
  failed: NotJudged[];
  /** Set when an outage outlasted the limit: why the batch stopped. What is left can be judged later. */
  stopped: string | null;
}

/** sysexits' EX_TEMPFAIL: nothing is wrong with the input, run the same command again later. */
export const TEMPFAIL_EXIT = 75;

/**
 * Judges stored submissions through the one shared queue, so both cores stay busy across
 * submissions. An infrastructure failure fails the judging (kept as history) and the submission
 * is judged again once the outage is over; after the outage limit the batch stops. A submission
 * that cannot be judged for another reason is reported; the others go on.
 */
export async function judgeMany(session: Session, ids: readonly number[], label: string, onDone?: (r: Recorded) => Promise<void>): Promise<ManyResult> {
  const result: ManyResult = { judged: [], failed: [], stopped: null };
  if (!ids.length) return result;
  const { outage } = session.ctx;
  const progress = startProgress(label, ids.length, 'submissions');
  await Promise.all(
    ids.map(async (id) => {
      try {
        // Admitted as new work: nothing starts while an outage is on, and one goes first after it.
        const recorded = await outage.retry(
          async () => {
            const sub = await session.store.getSubmission(id);
            return sub && (await judgeRecorded(session.ctx, sub));
          },
          infrastructureReason,
          { start: true },
        );
        if (!recorded) return;
        result.judged.push(recorded);
        if (onDone) await outage.retry(() => onDone(recorded), infrastructureReason);
        progress.tick(recorded.report.verdict);
      } catch (err) {
        if (err instanceof OutageError) result.stopped = err.message;
        result.failed.push({ submissionId: id, ...failureOf(err) });
        progress.tick('failed');
      }
    }),
  );
  progress.stop();
  result.failed.sort((a, b) => a.submissionId - b.submissionId);
  for (const f of result.failed) info(`submission ${f.submissionId}: not judged (${f.kind}): ${f.reason}`);
  if (result.stopped) info(`stopped: ${result.stopped}; run the same command again to judge what is left`);
  return result;
}

/** The exit status of a batch: 75 when an outage stopped it, 1 when something else was not judged. */
export function batchExitCode(result: Pick<ManyResult, 'failed' | 'stopped'>): number | undefined {
  if (result.stopped) return TEMPFAIL_EXIT;
  return result.failed.length ? 1 : undefined;
}

/** The reports' shape of a submission not judged. */
export function notJudgedJson(f: NotJudged): NotJudgedJson {
  return { submission: f.submissionId, failure: f.kind, reason: f.reason };
}

/** "2 failed (infrastructure), 1 failed (error)": never mixed with the verdicts. */
export function describeFailures(failed: readonly NotJudged[]): string {
  const counts = new Map<string, number>();
  for (const f of failed) counts.set(f.kind, (counts.get(f.kind) ?? 0) + 1);
  return [...counts].map(([kind, n]) => `${n} failed (${kind})`).join(', ');
}

/** Judgings a killed judge left behind are judged again on the next start. */
export async function judgeAgain(session: Session, ids: readonly number[]): Promise<ManyResult> {
  if (!ids.length) return { judged: [], failed: [], stopped: null };
  info(`judging again ${ids.length} submission(s) whose judging was interrupted`);
  return judgeMany(session, ids, 'interrupted');
}
