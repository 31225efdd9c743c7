import path from 'node:path';
import { loadContest, type Contest } from '../contest/config.js';
import { placeInWindow, readImport, type ImportEntry } from '../contest/manifest.js';
import { timeLimitOf } from '../record/record.js';
import { loadLanguages, resolveLanguage, type LanguageTable } from '../lang/config.js';
import { loadProblem } from '../problem/load.js';
import type { Problem } from '../problem/types.js';
import { problemLabelOf } from '../report/judging.js';
import { REPORT_VERSION, type EnqueueReportJson, type ImportReportJson, type ImportRowJson } from '../report/schemas.js';
import type { Store } from '../store/index.js';
import type { Verdict } from '../verdict/verdict.js';
import { UserError, type Issue } from '../util/errors.js';
import { info, out, paint, printJson, table, verdictColour } from './output.js';
import { formatTally } from './progress.js';
import { batchExitCode, judgeMany, notJudgedJson } from './requeue.js';
import { enqueueJudging, judgeQueued, openQueue, queueUrl } from './queued.js';
import { openSession, openStoreFor } from './session.js';
import { readSource } from './source.js';

export interface ImportOptions {
  clamp?: boolean;
  db?: string;
  json?: boolean;
  /** Store and queue only; workers judge (PostgreSQL only). */
  enqueueOnly?: boolean;
}

interface Prepared extends ImportEntry {
  problem: Problem;
  language: string;
  source: Buffer;
}

/**
 * Stores a contest's submissions and judges every one without a finished judging, all through one
 * queue. Running the same import again adds nothing and judges only what is still unjudged.
 */
export async function importCommand(contestArg: string, from: string, opts: ImportOptions): Promise<void> {
  const contest = loadContest(contestArg);
  const placed = placeInWindow(contest, from, readImport(contest, from), opts.clamp ?? false);
  const prepared = prepare(contest, placed.entries, loadLanguages(), placed.issues);
  if (placed.clamped) info(`import ${contest.id}: ${placed.clamped} submission(s) outside the contest moved to its start or end (--clamp)`);
  if (opts.enqueueOnly) return enqueueImport(contest, prepared, opts);
  const session = await openSession(opts.db);
  try {
    const { created, byId } = await storeAll(session.store, contest, prepared);
    const unjudged = (await session.store.selectSubmissions({ contest: contest.id })).filter((s) => s.currentJudgingId === null);
    const ids = [...new Set([...unjudged.map((s) => s.id), ...session.interrupted])];
    info(`import ${contest.id}: ${created} new submission(s), ${prepared.length - created} already stored; judging ${ids.length}`);
    const label = `import ${contest.id}`;
    const result = session.queue
      ? await judgeQueued(session, session.queue, (await enqueueJudging(session.store, session.queue, label, ids)).batchId, label)
      : await judgeMany(session, ids, label);
    const failures = new Map(result.failed.map((f) => [f.submissionId, f.kind]));
    const rowOf = async (id: number): Promise<ImportRowJson> => {
      const meta = (await session.store.getSubmission(id))!;
      const outcome = meta.currentJudgingId === null ? null : ((await session.store.getJudging(meta.currentJudgingId))?.outcome ?? null);
      return {
        submission: id,
        team: meta.team,
        problem: meta.problemId,
        problem_label: problemLabelOf(contest, meta.problemDir),
        contest_minutes: meta.contestMinutes,
        file: byId.get(id)?.file ?? meta.fileName,
        language: meta.language,
        verdict: outcome?.verdict ?? null,
        score: outcome?.score ?? null,
        max_score: outcome?.maxScore ?? null,
        failure: failures.get(id) ?? null,
      };
    };
    const judged = await rowsOf(
      result.judged.map((r) => r.submissionId),
      rowOf,
    );
    const all = await rowsOf([...byId.keys()], rowOf);
    if (opts.json) {
      const report: ImportReportJson = {
        version: REPORT_VERSION,
        contest: contest.id,
        imported: created,
        already_stored: prepared.length - created,
        clamped: placed.clamped,
        judged,
        submissions: all,
        failed: result.failed.map(notJudgedJson),
        stopped: result.stopped,
      };
      printJson(report);
    } else {
      printImport(all);
    }
    const exit = batchExitCode(result);
    if (exit !== undefined) process.exitCode = exit;
  } finally {
    await session.close();
  }
}

/** Stores every entry (the same one twice is stored once); returns how many were new and the ids. */
async function storeAll(store: Store, contest: Contest, prepared: Prepared[]): Promise<{ created: number; byId: Map<number, Prepared> }> {
  let created = 0;
  const byId = new Map<number, Prepared>();
  for (const p of prepared) {
    const added = await store.addSubmission({
      source: p.source,
      fileName: path.basename(p.file),
      language: p.language,
      problemId: p.problem.id,
      problemDir: p.problem.dir,
      team: p.team,
      contest: contest.id,
      submittedAt: new Date(contest.start.getTime() + p.minutes * 60_000),
      contestMinutes: p.minutes,
    });
    if (added.created) created++;
    byId.set(added.id, p);
  }
  return { created, byId };
}

/** `--enqueue-only`: stores and queues the unjudged submissions for the workers; needs no Docker engine. */
async function enqueueImport(contest: Contest, prepared: Prepared[], opts: ImportOptions): Promise<void> {
  const url = queueUrl(opts.db);
  if (!url) throw new UserError('--enqueue-only: needs a PostgreSQL database (--db postgres://… or ZUKO_DB): workers take their work from its queue');
  const { store } = await openStoreFor(opts.db);
  const queue = await openQueue(url);
  try {
    const { created } = await storeAll(store, contest, prepared);
    const unjudged = (await store.selectSubmissions({ contest: contest.id })).filter((s) => s.currentJudgingId === null).map((s) => s.id);
    const { batchId, jobs } = await enqueueJudging(store, queue, `import ${contest.id}`, unjudged);
    if (opts.json) {
      const report: EnqueueReportJson = {
        version: REPORT_VERSION,
        command: 'import',
        contest: contest.id,
        imported: created,
        already_stored: prepared.length - created,
        rejudge_batch: null,
        queue_batch: batchId,
        queued: unjudged.length,
        new_jobs: jobs,
      };
      printJson(report);
    } else
      info(
        `import ${contest.id}: ${created} new submission(s), ${prepared.length - created} already stored; queued ${unjudged.length} in batch ${batchId} (${jobs} new job(s)) for the workers`,
      );
  } finally {
    await queue.close();
    await store.close();
  }
}

/**
 * Every entry's package, language and source checked up front, and reported together with the
 * issues found before (`found`): a bad import stores nothing.
 */
function prepare(contest: Contest, entries: ImportEntry[], languages: LanguageTable, found: Issue[]): Prepared[] {
  const issues: Issue[] = [...found];
  const problems = new Map<string, Problem>();
  for (const p of contest.problems) {
    try {
      const problem = loadProblem(p.path);
      timeLimitOf(problem);
      problems.set(p.label, problem);
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      issues.push(...(err.issues.length ? err.issues : [{ file: p.path, message: err.message }]));
    }
  }
  const prepared: Prepared[] = [];
  for (const e of entries) {
    try {
      const source = readSource(e.file, languages.sourceLimitBytes);
      const lang = resolveLanguage(languages, e.file, e.language ?? undefined);
      const problem = problems.get(e.label);
      if (problem) prepared.push({ ...e, problem, language: lang.id, source });
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      // Said at the manifest's line, which is where it gets fixed.
      issues.push(...(err.issues.length ? err.issues : [{ ...e.where, message: err.message }]));
    }
  }
  if (issues.length) throw new UserError(issues);
  return prepared;
}

/** One row per id, ascending, read one after another. */
async function rowsOf(ids: number[], rowOf: (id: number) => Promise<ImportRowJson>): Promise<ImportRowJson[]> {
  const rows: ImportRowJson[] = [];
  for (const id of [...ids].sort((a, b) => a - b)) rows.push(await rowOf(id));
  return rows;
}

function printImport(rows: ImportRowJson[]): void {
  if (!rows.length) return;
  out(
    table(
      ['id', 'team', 'problem', 'minute', 'file', 'verdict', 'score'],
      rows.map((r) => [
        String(r.submission),
        r.team ?? '',
        r.problem_label ?? r.problem,
        r.contest_minutes === null ? '' : String(Math.floor(r.contest_minutes)),
        path.relative(process.cwd(), r.file),
        r.verdict ? paint(verdictColour(r.verdict), r.verdict) : r.failure ? `failed (${r.failure})` : 'not judged',
        r.verdict ? `${r.score}/${r.max_score}` : '',
      ]),
    ),
  );
  const tally = new Map<Verdict, number>();
  for (const r of rows) if (r.verdict) tally.set(r.verdict, (tally.get(r.verdict) ?? 0) + 1);
  out(`${rows.length} submissions: ${formatTally(tally)}`);
}
