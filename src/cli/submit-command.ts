import path from 'node:path';
import { loadContest, type Contest } from '../contest/config.js';
import { outsideWindow, parseContestTime } from '../contest/time.js';
import { judgeRecorded, type Recorded } from '../record/record.js';
import { resolveTimeLimit } from '../judge/verify.js';
import { loadLanguages } from '../lang/config.js';
import { loadProblem } from '../problem/load.js';
import { resolveProblemDir } from '../problem/resolve.js';
import type { TimeLimitSource } from '../problem/types.js';
import { reportOfJudged, reportOfStored, subjectOf } from '../report/judging.js';
import { UserError, errorMessage } from '../util/errors.js';
import { printJudging } from './judging-print.js';
import { info, printJson } from './output.js';
import { startProgress, tallyOf } from './progress.js';
import { judgeAgain } from './requeue.js';
import { openSession } from './session.js';
import { readSubmission } from './source.js';

export interface SubmitOptions {
  lang?: string;
  entry?: string;
  team?: string;
  contest?: string;
  time?: string;
  db?: string;
  json?: boolean;
}

/** Judges one submission end to end: validate, store, compile, run, check, score, record, print. */
export async function submitCommand(problemArg: string, file: string, opts: SubmitOptions): Promise<void> {
  if (opts.time !== undefined && !opts.contest) throw new UserError('--time: a contest time needs --contest');
  const languages = loadLanguages();
  const contest = opts.contest ? loadContest(opts.contest) : null;
  const entry = contest ? contestProblem(contest, problemArg) : null;
  const problem = loadProblem(entry?.path ?? resolveProblemDir(problemArg));
  const { lang, source, fileName } = readSubmission(file, languages, opts);
  const now = new Date();
  const team = contest ? contestTeam(contest, opts.team) : (opts.team ?? null);
  const minutes = contest ? contestMinutes(contest, opts.time, now) : null;

  // One submission, then exit: no spare containers for owners that never come.
  const session = await openSession(opts.db, { spares: 0 });
  try {
    const limit = await resolveTimeLimit(session.ctx, problem);
    if (typeof limit === 'string') throw UserError.at(`${problem.dir}/problem.yaml`, 'limits.time_limit', limit);
    info(`time limit ${limit.timeLimitMs / 1000} s (${limitOrigin(limit.source)})`);
    const { id } = await session.store.addSubmission({
      source,
      fileName,
      language: lang.id,
      problemId: problem.id,
      problemDir: problem.dir,
      team,
      contest: contest?.id ?? null,
      submittedAt: contest && minutes !== null ? new Date(contest.start.getTime() + minutes * 60_000) : now,
      contestMinutes: minutes,
    });
    const sub = (await session.store.getSubmission(id))!;
    const subject = subjectOf(sub, entry?.label ?? null);
    const progress = opts.json ? null : startProgress(`${problem.id}`, problem.tests.length, 'tests');
    let recorded: Recorded;
    try {
      recorded = await judgeRecorded(session.ctx, sub, { onTest: (o) => progress?.tick(o.verdict) });
    } catch (err) {
      progress?.stop();
      if (err instanceof UserError) throw err;
      // Stored as a failed judging: reported like any judging, with why, and exit status 1.
      info(`zuko-judge: ${errorMessage(err)}`);
      const failed = reportOfStored(subject, await session.store.judgingHistory(id), null, []);
      if (opts.json) printJson(failed);
      else printJudging(failed);
      process.exitCode = 1;
      return;
    }
    // The grading may skip tests that ran before a rejection was known: the last line shows the table's tally.
    progress?.stop(tallyOf(recorded.report));
    const report = reportOfJudged(subject, recorded.judgingId, recorded.report);
    if (opts.json) printJson(report);
    else printJudging(report, recorded.report.firstFailure);
    await judgeAgain(session, session.interrupted);
  } finally {
    await session.close();
  }
}

export function limitOrigin(source: TimeLimitSource): string {
  return source === 'derived' ? 'derived from the accepted submissions, kept in the database' : `from ${source}`;
}

/** With a contest, the problem may be given by its label, its package name or its path. */
export function contestProblem(contest: Contest, arg: string): Contest['problems'][number] {
  const byLabel = contest.problems.find((p) => p.label === arg);
  if (byLabel) return byLabel;
  const byName = contest.problems.find((p) => path.basename(p.path) === arg);
  if (byName) return byName;
  const byPath = contest.problems.find((p) => p.path === path.resolve(arg));
  if (byPath) return byPath;
  throw UserError.at(
    contest.file,
    'problems',
    `has no problem '${arg}' (labels: ${contest.problems.map((p) => `${p.label} ${path.basename(p.path)}`).join(', ')})`,
  );
}

function contestTeam(contest: Contest, team: string | undefined): string {
  if (!team) throw new UserError('--team is needed with --contest');
  if (!contest.teams.some((t) => t.id === team)) throw UserError.at(contest.file, 'teams', `has no team '${team}'`);
  return team;
}

/**
 * The submission's contest time: --time, else now. A time outside the contest would count on no
 * scoreboard, so it is refused, as `import` refuses it.
 */
function contestMinutes(contest: Contest, time: string | undefined, now: Date): number {
  const minutes = time === undefined ? (now.getTime() - contest.start.getTime()) / 60_000 : parseContestTime(contest, time, '--time');
  const outside = outsideWindow(contest, minutes);
  if (!outside) return minutes;
  const when = time === undefined ? 'now' : `--time ${time}`;
  throw new UserError(`${when} is ${outside} of contest ${contest.id}: pass --time with a contest time inside it (e.g. --time 90m)`);
}
