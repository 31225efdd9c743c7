import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadContest, type Contest } from '../contest/config.js';
import { infrastructureReason } from '../record/failure.js';
import { imagesUsed } from '../record/record.js';
import { loadLanguages, resolveLanguage, type LanguageTable } from '../lang/config.js';
import { loadProblem } from '../problem/load.js';
import { problemLabelOf } from '../report/judging.js';
import { REPORT_VERSION, type EnqueueReportJson, type RejudgeReportJson } from '../report/schemas.js';
import { imageTags } from '../sandbox/images.js';
import type { Sandbox } from '../sandbox/types.js';
import { isVerdict, type Verdict } from '../verdict/verdict.js';
import type { BatchSelection, BatchTransition, Store, SubmissionMeta } from '../store/index.js';
import { UserError } from '../util/errors.js';
import { info, out, paint, printJson, table, verdictColour } from './output.js';
import { batchExitCode, describeFailures, judgeAgain, judgeMany, notJudgedJson, type NotJudged } from './requeue.js';
import { enqueueJudging, judgeQueued, openQueue, queueUrl } from './queued.js';
import { openSession, openStoreFor, type Session } from './session.js';
import { contestProblem } from './submit-command.js';

export interface RejudgeOptions {
  all?: boolean;
  contest?: string;
  problem?: string[];
  verdict?: string[];
  submission?: string[];
  changedOnly?: boolean;
  failOnChange?: boolean;
  json?: boolean;
  db?: string;
  /** Create the batch and queue it only; workers judge (PostgreSQL only). */
  enqueueOnly?: boolean;
}

/** Exit status when --fail-on-change is given and some verdict changed (and everything was judged). */
const CHANGED_EXIT = 3;

/** What the options select, every name checked against the database. */
interface Selection {
  all: boolean;
  contest: Contest | null;
  contestId: string | null;
  problems: string[];
  verdicts: Verdict[];
  submissions: number[];
  changedOnly: boolean;
}

/**
 * Judges the selected submissions again (old judgings stay as history) and reports old → new
 * verdicts. The work is a stored batch: a killed rejudge, run again, continues where it stopped.
 */
export async function rejudgeCommand(opts: RejudgeOptions): Promise<void> {
  const { store } = await openStoreFor(opts.db);
  let selection: Selection;
  try {
    selection = await resolveSelection(opts, store);
  } finally {
    await store.close();
  }
  if (opts.enqueueOnly) return enqueueRejudge(selection, opts);
  const session = await openSession(opts.db);
  try {
    const key = batchKey(selection);
    const { batchId, resumed } = await openOrCreateBatch({ ...session.ctx, store: session.store }, key, selection.changedOnly);
    if (batchId === null) return await report(opts, selection, { batch: null, resumed: false, transitions: [], failed: [], stopped: null, session });
    const pending = (await session.store.pendingItems(batchId)).map((i) => i.submissionId);
    const inBatch = new Set(pending);
    const again = await judgeAgain(
      session,
      session.interrupted.filter((id) => !inBatch.has(id)),
    );
    const label = `rejudge ${batchId}`;
    // Through the queue, the workers mark the items done, whichever of them judged them.
    const result = session.queue
      ? await judgeQueued(session, session.queue, (await enqueueJudging(session.store, session.queue, label, pending, batchId)).batchId, label)
      : await judgeMany(session, pending, label, async (r) => {
          await session.store.markItemDone(batchId, r.submissionId, r.judgingId);
        });
    // Failed items stay pending, so the next run of the same command retries them.
    // A worker that judged the last item may have closed it already.
    const stillOpen = (await session.store.getBatch(batchId))?.status === 'open';
    if (stillOpen && !(await session.store.pendingItems(batchId)).length)
      await session.ctx.outage.retry(() => session.store.finishBatch(batchId), infrastructureReason);
    const transitions = await session.store.batchTransitions(batchId);
    const failed = [...again.failed, ...result.failed];
    await report(opts, selection, { batch: batchId, resumed, transitions, failed, stopped: result.stopped ?? again.stopped, session });
  } finally {
    await session.close();
  }
}

/**
 * The options as a selection. A name that selects nothing (a contest, problem or submission the
 * database doesn't have) is an error, as is asking for nothing: every submission needs `--all`.
 */
async function resolveSelection(opts: RejudgeOptions, store: Store): Promise<Selection> {
  const verdicts = (opts.verdict ?? []).map((v) => v.toUpperCase());
  const bad = verdicts.find((v) => !isVerdict(v) || v === 'SK');
  if (bad) throw new UserError(`--verdict: unknown verdict '${bad}' (use AC, WA, TLE, MLE, RTE, OLE, CE, JE)`);
  const submissions: number[] = [];
  for (const s of opts.submission ?? []) submissions.push(await submissionId(store, s));
  const filtered = Boolean(opts.contest || opts.problem?.length || verdicts.length || submissions.length);
  if (opts.all && filtered) throw new UserError('--all selects every submission: leave out --contest, --problem, --verdict and --submission, or --all');
  if (!opts.all && !filtered && !opts.changedOnly) {
    throw new UserError('say what to rejudge: --contest, --problem, --verdict, --submission or --changed-only; or --all for every submission');
  }
  const known = await store.selectSubmissions({});
  const { contest, contestId } = opts.contest ? resolveContest(opts.contest, known, store.location) : { contest: null, contestId: null };
  const problems = (opts.problem ?? []).map((p) => problemId(p, contest, contestId, known, store.location));
  return { all: opts.all ?? false, contest, contestId, problems, verdicts: verdicts as Verdict[], submissions, changedOnly: opts.changedOnly ?? false };
}

async function submissionId(store: Store, arg: string): Promise<number> {
  const n = Number(arg);
  if (!Number.isInteger(n) || n <= 0) throw new UserError(`--submission: '${arg}' is not a submission id (a positive whole number)`);
  if (!(await store.getSubmission(n))) throw new UserError(`--submission: no submission ${n} in ${store.location}`);
  return n;
}

/**
 * A contest file's path, or a contest id: of a file under contests/, or of submissions already in
 * the database (its file may be elsewhere). Either way the database must hold some of its submissions.
 */
function resolveContest(arg: string, known: SubmissionMeta[], db: string): { contest: Contest | null; contestId: string } {
  const looksLikePath = /\.ya?ml$/i.test(arg) || arg.includes('/') || arg.includes(path.sep);
  const contest = looksLikePath || existsSync(path.join('contests', `${arg}.yaml`)) ? loadContest(arg) : null;
  const contestId = contest?.id ?? arg;
  if (known.some((s) => s.contest === contestId)) return { contest, contestId };
  const stored = [...new Set(known.map((s) => s.contest).filter((c) => c !== null))];
  const what = contest
    ? `contest ${contestId} (${contest.file}) has no submissions in ${db}; import them first`
    : `unknown contest '${arg}': no file contests/${arg}.yaml and no submissions of it in ${db}`;
  throw new UserError(`--contest: ${what}${stored.length ? ` (contests with submissions: ${stored.join(', ')})` : ''}`);
}

/** A problem id, or with a contest file a label; either must have submissions (in the contest, with one). */
function problemId(arg: string, contest: Contest | null, contestId: string | null, known: SubmissionMeta[], db: string): string {
  const id = contest ? path.basename(contestProblem(contest, arg).path) : existsSync(arg) ? path.basename(path.resolve(arg)) : arg;
  const pool = contestId ? known.filter((s) => s.contest === contestId) : known;
  if (pool.some((s) => s.problemId === id)) return id;
  const stored = [...new Set(pool.map((s) => s.problemId))].sort();
  const where = contestId ? ` of contest ${contestId}` : '';
  throw new UserError(
    `--problem: no submissions${where} of problem '${arg}' in ${db}${stored.length ? ` (problems with submissions: ${stored.join(', ')})` : ''}`,
  );
}

function batchKey(s: Selection): BatchSelection {
  return {
    contest: s.contestId ?? undefined,
    problem: s.problems.length ? s.problems : undefined,
    verdict: s.verdicts.length ? s.verdicts : undefined,
    ids: s.submissions.length ? s.submissions : undefined,
    changedOnly: s.changedOnly || undefined,
  };
}

/** What choosing a batch needs: the store, and the languages and images to compare with. */
interface Chooser {
  store: Store;
  languages: LanguageTable;
  sandbox: Pick<Sandbox, 'imageId'>;
}

async function openOrCreateBatch(c: Chooser, key: BatchSelection, changedOnly: boolean): Promise<{ batchId: number | null; resumed: boolean }> {
  const open = await c.store.openBatchFor(key);
  if (open) {
    const left = (await c.store.pendingItems(open.id)).length;
    info(`continuing rejudge batch ${open.id} from ${open.createdAt}: ${left} of ${(await c.store.batchItems(open.id)).length} left`);
    return { batchId: open.id, resumed: true };
  }
  let selected = await c.store.selectSubmissions(key);
  if (changedOnly) {
    const changed: SubmissionMeta[] = [];
    for (const s of selected) if (await changedSinceJudged(c, s)) changed.push(s);
    selected = changed;
  }
  if (!selected.length) return { batchId: null, resumed: false };
  return {
    batchId: await c.store.createBatch(
      key,
      selected.map((s) => s.id),
    ),
    resumed: false,
  };
}

/**
 * `--enqueue-only`: creates (or continues) the batch and queues what is pending for the workers,
 * who mark its items done and close it; needs no Docker engine here.
 */
async function enqueueRejudge(selection: Selection, opts: RejudgeOptions): Promise<void> {
  const url = queueUrl(opts.db);
  if (!url) throw new UserError('--enqueue-only: needs a PostgreSQL database (--db postgres://… or ZUKO_DB): workers take their work from its queue');
  const { store } = await openStoreFor(opts.db);
  const queue = await openQueue(url);
  try {
    // The images' tags, computed without an engine: what a judging records to compare with.
    const chooser = { store, languages: loadLanguages(), sandbox: { imageId: (name: string) => imageTags([name])[name] } };
    const { batchId } = await openOrCreateBatch(chooser, batchKey(selection), selection.changedOnly);
    const pending = batchId === null ? [] : (await store.pendingItems(batchId)).map((i) => i.submissionId);
    const queued = batchId === null ? null : await enqueueJudging(store, queue, `rejudge ${batchId}`, pending, batchId);
    if (opts.json) {
      const report: EnqueueReportJson = {
        version: REPORT_VERSION,
        command: 'rejudge',
        contest: null,
        imported: null,
        already_stored: null,
        rejudge_batch: batchId,
        queue_batch: queued?.batchId ?? null,
        queued: pending.length,
        new_jobs: queued?.jobs ?? 0,
      };
      printJson(report);
    } else if (!queued) info('rejudge: nothing selected');
    else
      info(
        `rejudge batch ${batchId}: queued ${pending.length} submission(s) (${queued.jobs} new job(s)) for the workers; the batch closes when all are judged`,
      );
  } finally {
    await queue.close();
    await store.close();
  }
}

/** Whether the package or an image the submission's judging used differs from now. */
async function changedSinceJudged(c: Chooser, sub: SubmissionMeta): Promise<boolean> {
  if (sub.currentJudgingId === null) return true;
  const judging = await c.store.getJudging(sub.currentJudgingId);
  if (!judging) return true;
  try {
    const problem = loadProblem(sub.problemDir);
    if (problem.hash !== judging.packageHash) return true;
    const lang = resolveLanguage(c.languages, sub.fileName, sub.language);
    const now = imagesUsed(c, problem, lang.image);
    // A worker records `tag@engine id`; the tag alone says whether the image's build context changed.
    return Object.entries(now).some(([name, tag]) => judging.imageIds[name]?.split('@')[0] !== tag);
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

type Changed = RejudgeReportJson['changed'][number];

async function report(opts: RejudgeOptions, selection: Selection, o: Outcome): Promise<void> {
  const done = o.transitions.filter((t) => t.done && t.newVerdict !== null);
  const changed = done.filter((t) => t.oldVerdict !== t.newVerdict);
  const counts = new Map<string, number>();
  for (const t of changed) counts.set(arrow(t), (counts.get(arrow(t)) ?? 0) + 1);
  const describe = async (t: BatchTransition): Promise<Changed> => {
    const s = (await o.session.store.getSubmission(t.submissionId))!;
    return {
      submission: t.submissionId,
      team: s.team,
      problem: s.problemId,
      problem_label: problemLabelOf(selection.contest ?? s.contest, s.problemDir),
      file: s.fileName,
      old_verdict: t.oldVerdict,
      new_verdict: t.newVerdict,
      old_judging: t.oldJudgingId,
      new_judging: t.newJudgingId,
    };
  };
  const described: Changed[] = [];
  for (const t of changed) described.push(await describe(t));
  if (opts.json) {
    const json: RejudgeReportJson = {
      version: REPORT_VERSION,
      batch: o.batch,
      resumed: o.resumed,
      selection: {
        all: selection.all,
        contest: selection.contestId,
        problems: selection.problems,
        verdicts: selection.verdicts,
        submissions: selection.submissions,
        changed_only: selection.changedOnly,
      },
      selected: o.transitions.length,
      judged: done.length,
      unchanged: done.length - changed.length,
      transitions: Object.fromEntries(counts),
      changed: described,
      failed: o.failed.map(notJudgedJson),
      stopped: o.stopped,
    };
    printJson(json);
  } else if (o.batch === null) {
    out(`rejudge: no submission to judge again: none of the selection ${selection.changedOnly ? 'changed since it was judged' : 'has the verdicts asked for'}`);
  } else {
    printTransitions(o, done.length, counts, described);
  }
  const exit = batchExitCode(o);
  if (exit !== undefined) process.exitCode = exit;
  else if (opts.failOnChange && changed.length) process.exitCode = CHANGED_EXIT;
}

function arrow(t: BatchTransition): string {
  return `${t.oldVerdict ?? 'none'} → ${t.newVerdict}`;
}

function printTransitions(o: Outcome, judged: number, counts: Map<string, number>, changed: Changed[]): void {
  out(`rejudge batch ${o.batch}: ${judged} of ${o.transitions.length} judged, ${counts.size ? [...counts.values()].reduce((a, b) => a + b) : 0} changed`);
  if (o.failed.length) out(`not judged: ${describeFailures(o.failed)}; still pending, running the same command again judges them`);
  if (counts.size)
    out(
      table(
        ['transition', 'count'],
        [...counts].sort((a, b) => b[1] - a[1]).map(([k, n]) => [k, String(n)]),
      ),
    );
  if (!changed.length) return;
  const rows = changed.map((c) => [
    String(c.submission),
    c.team ?? '',
    c.problem_label ?? c.problem,
    c.file,
    c.old_verdict ? paint(verdictColour(c.old_verdict), c.old_verdict) : 'none',
    c.new_verdict ? paint(verdictColour(c.new_verdict), c.new_verdict) : '',
  ]);
  out(table(['id', 'team', 'problem', 'file', 'old', 'new'], rows));
}
