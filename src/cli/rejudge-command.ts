import { infrastructureReason } from '../record/failure.js';
import { resolveLanguage } from '../lang/config.js';
import { imagesUsed } from '../record/record.js';
import { loadProblem } from '../problem/load.js';
import { isVerdict, type Verdict } from '../verdict/verdict.js';
import type { BatchTransition, SubmissionFilter, SubmissionMeta } from '../store/index.js';
import { UserError } from '../util/errors.js';
import { info, paint, printJson, table, verdictColour } from './output.js';
import { batchExitCode, describeFailures, judgeAgain, judgeMany, type NotJudged } from './requeue.js';
import { openSession, type Session } from './session.js';

export interface RejudgeOptions {
  contest?: string;
  problem?: string[];
  verdict?: string[];
  submission?: string[];
  changedOnly?: boolean;
  failOnChange?: boolean;
  json?: boolean;
  db?: string;
}

/** Exit status when --fail-on-change is given and some verdict changed (and everything was judged). */
const CHANGED_EXIT = 3;

/**
 * Judges the selected submissions again (old judgings stay as history) and reports old → new
 * verdicts. The work is a stored batch: a killed rejudge, run again, continues where it stopped.
 */
export async function rejudgeCommand(opts: RejudgeOptions): Promise<void> {
  const filter = toFilter(opts);
  const session = await openSession(opts.db);
  try {
    const { batchId, resumed } = await openOrCreateBatch(session, filter, opts);
    if (batchId === null) return await report(opts, { batch: null, resumed: false, transitions: [], failed: [], stopped: null, session });
    const pending = (await session.store.pendingItems(batchId)).map((i) => i.submissionId);
    const inBatch = new Set(pending);
    const again = await judgeAgain(session, session.interrupted.filter((id) => !inBatch.has(id)));
    const result = await judgeMany(session, pending, `rejudge ${batchId}`, async (r) => {
      await session.store.markItemDone(batchId, r.submissionId, r.judgingId);
    });
    // Failed items stay pending, so the next run of the same command retries them.
    if (!(await session.store.pendingItems(batchId)).length) await session.ctx.outage.retry(() => session.store.finishBatch(batchId), infrastructureReason);
    const transitions = await session.store.batchTransitions(batchId);
    const failed = [...again.failed, ...result.failed];
    await report(opts, { batch: batchId, resumed, transitions, failed, stopped: result.stopped ?? again.stopped, session });
  } finally {
    await session.close();
  }
}

function toFilter(opts: RejudgeOptions): SubmissionFilter {
  const verdicts = (opts.verdict ?? []).map((v) => v.toUpperCase());
  const bad = verdicts.find((v) => !isVerdict(v));
  if (bad) throw new UserError(`--verdict: unknown verdict '${bad}' (use AC, WA, TLE, MLE, RTE, OLE, CE, JE)`);
  const ids = (opts.submission ?? []).map((s) => {
    const n = Number(s);
    if (!Number.isInteger(n) || n <= 0) throw new UserError(`--submission: '${s}' is not a submission id`);
    return n;
  });
  return {
    contest: opts.contest,
    problem: opts.problem?.length ? opts.problem : undefined,
    verdict: verdicts.length ? (verdicts as Verdict[]) : undefined,
    ids: ids.length ? ids : undefined,
  };
}

async function openOrCreateBatch(session: Session, filter: SubmissionFilter, opts: RejudgeOptions): Promise<{ batchId: number | null; resumed: boolean }> {
  const open = await session.store.openBatchFor(filter);
  if (open) {
    const left = (await session.store.pendingItems(open.id)).length;
    info(`continuing rejudge batch ${open.id} from ${open.createdAt}: ${left} of ${(await session.store.batchItems(open.id)).length} left`);
    return { batchId: open.id, resumed: true };
  }
  let selected = await session.store.selectSubmissions(filter);
  if (opts.changedOnly) {
    const changed: SubmissionMeta[] = [];
    for (const s of selected) if (await changedSinceJudged(session, s)) changed.push(s);
    selected = changed;
  }
  if (!selected.length) return { batchId: null, resumed: false };
  return { batchId: await session.store.createBatch(filter, selected.map((s) => s.id)), resumed: false };
}

/** Whether the package or an image the submission's judging used differs from now. */
async function changedSinceJudged(session: Session, sub: SubmissionMeta): Promise<boolean> {
  if (sub.currentJudgingId === null) return true;
  const judging = await session.store.getJudging(sub.currentJudgingId);
  if (!judging) return true;
  try {
    const problem = loadProblem(sub.problemDir);
    if (problem.hash !== judging.packageHash) return true;
    const lang = resolveLanguage(session.ctx.languages, sub.fileName, sub.language);
    const now = imagesUsed(session.ctx, problem, lang.image);
    return Object.entries(now).some(([name, id]) => judging.imageIds[name] !== id);
  } catch {
    // A package that no longer loads cannot be compared; judging it again reports why.
    return true;
  }
}

interface Outcome {
  batch: number | null;
  resumed: boolean;
  transitions: BatchTransition[];
  failed: NotJudged[];
  stopped: string | null;
  session: Session;
}

async function report(opts: RejudgeOptions, o: Outcome): Promise<void> {
  const done = o.transitions.filter((t) => t.done && t.newVerdict !== null);
  const changed = done.filter((t) => t.oldVerdict !== t.newVerdict);
  const counts = new Map<string, number>();
  for (const t of changed) counts.set(arrow(t), (counts.get(arrow(t)) ?? 0) + 1);
  const describe = async (t: BatchTransition): Promise<Changed> => {
    const s = (await o.session.store.getSubmission(t.submissionId))!;
    return { submission: t.submissionId, team: s.team, problem: s.problemId, file: s.fileName, old: t.oldVerdict, new: t.newVerdict, old_judging: t.oldJudgingId, new_judging: t.newJudgingId };
  };
  const described: Changed[] = [];
  for (const t of changed) described.push(await describe(t));
  if (opts.json) {
    printJson({
      batch: o.batch,
      resumed: o.resumed,
      selected: o.transitions.length,
      judged: done.length,
      unchanged: done.length - changed.length,
      transitions: Object.fromEntries(counts),
      changed: described,
      failed: o.failed.map((f) => ({ submission: f.submissionId, failure: f.kind, reason: f.reason })),
      stopped: o.stopped,
    });
  } else if (o.batch === null) {
    info('rejudge: nothing selected');
  } else {
    printTransitions(o, done.length, counts, described);
  }
  const exit = batchExitCode(o);
  if (exit !== undefined) process.exitCode = exit;
  else if (opts.failOnChange && changed.length) process.exitCode = CHANGED_EXIT;
}

interface Changed {
  submission: number;
  team: string | null;
  problem: string;
  file: string;
  old: Verdict | null;
  new: Verdict | null;
  old_judging: number | null;
  new_judging: number | null;
}

function arrow(t: BatchTransition): string {
  return `${t.oldVerdict ?? 'none'} → ${t.newVerdict}`;
}

function printTransitions(o: Outcome, judged: number, counts: Map<string, number>, changed: Changed[]): void {
  info(`rejudge batch ${o.batch}: ${judged} of ${o.transitions.length} judged, ${counts.size ? [...counts.values()].reduce((a, b) => a + b) : 0} changed`);
  if (o.failed.length) info(`not judged: ${describeFailures(o.failed)}; still pending, running the same command again judges them`);
  if (counts.size) info(table(['transition', 'count'], [...counts].sort((a, b) => b[1] - a[1]).map(([k, n]) => [k, String(n)])));
  if (!changed.length) return;
  const rows = changed.map((c) => [
    String(c.submission),
    c.team ?? '',
    c.problem,
    c.file,
    c.old ? paint(verdictColour(c.old), c.old) : 'none',
    c.new ? paint(verdictColour(c.new), c.new) : '',
  ]);
  info(table(['id', 'team', 'problem', 'file', 'old', 'new'], rows));
}
