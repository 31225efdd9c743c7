import { loadContest, type Contest } from '../contest/config.js';
import { judgeRecorded } from '../record/record.js';
import { resolveTimeLimit } from '../judge/verify.js';
import { loadLanguages } from '../lang/config.js';
import { loadProblem } from '../problem/load.js';
import { resolveProblemDir } from '../problem/resolve.js';
import { UserError } from '../util/errors.js';
import { judgingJson, printJudging, viewOfReport } from './judging-view.js';
import type { TimeLimitSource } from '../problem/types.js';
import { info, printJson } from './output.js';
import { startProgress } from './progress.js';
import { judgeAgain } from './requeue.js';
import { openSession } from './session.js';
import { readSubmission } from './source.js';

export interface SubmitOptions {
  lang?: string;
  entry?: string;
  team?: string;
  contest?: string;
  db?: string;
  json?: boolean;
}

/** Judges one submission end to end: validate, store, compile, run, check, score, record, print. */
export async function submitCommand(problemArg: string, file: string, opts: SubmitOptions): Promise<void> {
  const languages = loadLanguages();
  const contest = opts.contest ? loadContest(opts.contest) : null;
  const problem = loadProblem(contest ? contestProblemDir(contest, problemArg) : resolveProblemDir(problemArg));
  const { lang, source, fileName } = readSubmission(file, languages, opts);
  const now = new Date();
  const team = contest ? contestTeam(contest, opts.team) : (opts.team ?? null);

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
      submittedAt: now,
      contestMinutes: contest ? (now.getTime() - contest.start.getTime()) / 60_000 : null,
    });
    const sub = (await session.store.getSubmission(id))!;
    const progress = opts.json ? null : startProgress(`${problem.id}`, problem.tests.length, 'tests');
    const recorded = await judgeRecorded(session.ctx, sub, { onTest: (o) => progress?.tick(o.verdict) });
    progress?.stop();
    const view = viewOfReport({ submission: id, judging: recorded.judgingId, problem: problem.id, language: lang.id }, recorded.report);
    if (opts.json) printJson(judgingJson(view));
    else printJudging(view);
    await judgeAgain(session, session.interrupted);
  } finally {
    await session.close();
  }
}

export function limitOrigin(source: TimeLimitSource): string {
  return source === 'derived' ? 'derived from the accepted submissions, kept in the database' : `from ${source}`;
}

/** With a contest, the problem may be given by its label. */
function contestProblemDir(contest: Contest, arg: string): string {
  const byLabel = contest.problems.find((p) => p.label === arg);
  if (byLabel) return byLabel.path;
  const dir = resolveProblemDir(arg);
  if (contest.problems.some((p) => p.path === dir)) return dir;
  throw UserError.at(contest.file, 'problems', `has no problem '${arg}' (labels: ${contest.problems.map((p) => p.label).join(', ')})`);
}

function contestTeam(contest: Contest, team: string | undefined): string {
  if (!team) throw new UserError('--team is needed with --contest');
  if (!contest.teams.some((t) => t.id === team)) throw UserError.at(contest.file, 'teams', `has no team '${team}'`);
  return team;
}

