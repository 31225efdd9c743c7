import { problemLabelOf, reportOfStored, subjectOf, type Subject } from '../report/judging.js';
import { REPORT_VERSION, type HistoryReportJson } from '../report/schemas.js';
import type { Judging } from '../store/index.js';
import { UserError } from '../util/errors.js';
import { printJudging } from './judging-print.js';
import { info, out, paint, printJson, table, verdictColour } from './output.js';
import { openStoreFor } from './session.js';

export interface ResultsOptions {
  history?: boolean;
  json?: boolean;
  db?: string;
}

/**
 * Shows a submission's current judging as stored, or with --history every judging it had. Without
 * a finished judging it shows where it stands (queued, judging, failed); exit status 1 when its
 * judgings all failed.
 */
export async function resultsCommand(idArg: string, opts: ResultsOptions): Promise<void> {
  const id = Number(idArg);
  if (!Number.isInteger(id) || id <= 0) throw new UserError(`<submission>: '${idArg}' is not a submission id (a positive whole number)`);
  const { store } = await openStoreFor(opts.db);
  try {
    const sub = await store.getSubmission(id);
    if (!sub) throw new UserError(`<submission>: no submission ${id} in ${store.location}`);
    const subject = subjectOf(sub, problemLabelOf(sub.contest, sub.problemDir));
    const history = await store.judgingHistory(id);
    const current = await store.currentJudging(id);
    if (opts.history) return showHistory(subject, history, current, opts.json);
    const report = reportOfStored(subject, history, current, current ? await store.testResults(current.id) : []);
    if (report.status === 'failed') process.exitCode = 1;
    if (opts.json) return printJson(report);
    printJudging(report);
    for (const j of report.later_failures) info(`judging ${j.judging} failed (${j.failure}): ${j.reason}; judging ${report.judging} above stays current`);
  } finally {
    await store.close();
  }
}

function showHistory(subject: Subject, judgings: Judging[], current: Judging | null, json?: boolean): void {
  const report: HistoryReportJson = {
    version: REPORT_VERSION,
    ...subject,
    current_judging: current?.id ?? null,
    judgings: judgings.map((j) => ({
      judging: j.id,
      current: j.id === current?.id,
      status: j.status,
      started: j.startedAt,
      finished: j.finishedAt,
      verdict: j.outcome?.verdict ?? null,
      score: j.outcome?.score ?? null,
      max_score: j.outcome?.maxScore ?? null,
      failure: j.failureKind,
      failure_reason: j.failureReason,
      package_hash: j.packageHash,
      judge_version: j.judgeVersion,
    })),
  };
  if (json) return printJson(report);
  out(
    table(
      ['', 'judging', 'started', 'status', 'verdict', 'score', 'package', 'why it failed'],
      report.judgings.map((r) => [
        r.current ? paint('bold', '*') : '',
        String(r.judging),
        r.started,
        r.failure ? `failed (${r.failure})` : r.status,
        r.verdict ? paint(verdictColour(r.verdict), r.verdict) : '',
        r.score === null ? '' : `${r.score}/${r.max_score}`,
        r.package_hash.slice(0, 12),
        brief(r.failure_reason ?? ''),
      ]),
    ),
  );
  out(current ? `* current: judging ${current.id}, the one results and scoreboards use` : 'no finished judging yet: nothing is current');
}

/** A reason in a table cell: its first line, cut short; --json has it whole. */
function brief(reason: string): string {
  const line = reason.split('\n')[0];
  return line.length > 100 ? `${line.slice(0, 99)}…` : line;
}
