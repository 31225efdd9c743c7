import type { Judging } from '../store/index.js';
import { UserError } from '../util/errors.js';
import { judgingJson, printJudging, viewOfStored } from './judging-view.js';
import { info, paint, printJson, table, verdictColour } from './output.js';
import { openStoreFor } from './session.js';

export interface ResultsOptions {
  history?: boolean;
  json?: boolean;
  db?: string;
}

/** Shows a submission's current judging as stored, or with --history every judging it had. */
export async function resultsCommand(idArg: string, opts: ResultsOptions): Promise<void> {
  const id = Number(idArg);
  if (!Number.isInteger(id) || id <= 0) throw new UserError(`'${idArg}' is not a submission id (a positive whole number)`);
  const { store } = await openStoreFor(opts.db);
  try {
    const sub = await store.getSubmission(id);
    if (!sub) throw new UserError(`no submission ${id} in ${store.location}`);
    const history = await store.judgingHistory(id);
    if (opts.history) return showHistory(history, opts.json);
    const judging = await store.currentJudging(id);
    const later = history.filter((j) => j.status === 'failed' && j.id > (judging?.id ?? 0));
    if (!judging?.outcome) throw new UserError(`submission ${id} has no finished judging yet${later.length ? `: ${failureLine(later.at(-1)!)}` : ''} (see --history)`);
    const view = viewOfStored(sub, judging, await store.testResults(judging.id));
    // Only when there are some, so the object stays the one `submit` prints.
    if (opts.json) return printJson(later.length ? { ...judgingJson(view), later_failures: later.map(failureJson) } : judgingJson(view));
    printJudging(view);
    for (const j of later) info(`${failureLine(j)}; judging ${judging.id} above stays current`);
  } finally {
    await store.close();
  }
}

function showHistory(judgings: Judging[], json?: boolean): void {
  const rows = judgings.map((j) => ({
    judging: j.id,
    started: j.startedAt,
    finished: j.finishedAt,
    status: j.status,
    failure: j.failureKind,
    verdict: j.outcome?.verdict ?? null,
    score: j.outcome?.score ?? null,
    max_score: j.outcome?.maxScore ?? null,
    package_hash: j.packageHash,
    judge_version: j.judgeVersion,
    failure_reason: j.failureReason,
  }));
  if (json) return printJson(rows);
  info(
    table(
      ['judging', 'started', 'status', 'verdict', 'score', 'package'],
      rows.map((r) => [
        String(r.judging),
        r.started,
        r.failure ? `failed (${r.failure})` : r.status,
        r.verdict ? paint(verdictColour(r.verdict), r.verdict) : '',
        r.score === null ? '' : `${r.score}/${r.max_score}`,
        r.package_hash.slice(0, 12),
      ]),
    ),
  );
}

/** A failed judging is not a verdict: it says which kind of failure and why. */
function failureLine(j: Judging): string {
  return `judging ${j.id} failed (${j.failureKind ?? 'error'}): ${j.failureReason ?? ''}`;
}

function failureJson(j: Judging) {
  return { judging: j.id, finished: j.finishedAt, failure: j.failureKind, reason: j.failureReason };
}
