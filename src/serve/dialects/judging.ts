import path from 'node:path';
import { z } from 'zod';
import { loadContest, type Contest } from '../../contest/config.js';
import { boardProblems } from '../../contest/board.js';
import { clicsScoreboard } from '../../contest/export/clics.js';
import { judgeRecorded, timeLimitOf } from '../../record/record.js';
import { loadProblem } from '../../problem/load.js';
import { enqueueJudging } from '../../queue/enqueue.js';
import { problemsDir } from '../../problem/resolve.js';
import { problemLabelOf, reportOfStored, subjectOf } from '../../report/judging.js';
import { JudgingReportJson } from '../../report/schemas.js';
import { UserError } from '../../util/errors.js';
import { contestBoard } from '../board-data.js';
import { capped, languageOrFail, type ServeContext } from '../context.js';
import { HttpError } from '../http-error.js';
import { route, type Route } from '../route.js';

/**
 * Judging over HTTP: a submission to a stored problem is stored and judged in the background like
 * `submit`, read back like `results --json` (with live progress while it runs), and a contest's
 * CLICS scoreboard. Problems and contests are looked up by name only, never by path.
 */

const Name = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'must be a name (letters, digits, _ . -), not a path');

const SubmitBody = z.object({
  language: z.string().min(1),
  source: z.string().min(1, 'is empty: send the program source'),
  base64_encoded: z.boolean().optional(),
  file_name: Name.optional(),
  team: z.string().min(1).optional(),
  contest: Name.optional(),
});

/** A stored problem by name, or by label within the contest. */
function problemDir(problem: string, contest: Contest | null): string {
  if (!contest) return path.join(problemsDir(), problem);
  const byLabel = contest.problems.find((p) => p.label === problem || path.basename(p.path) === problem);
  if (!byLabel) throw new HttpError(404, 'problem', `contest ${contest.id} has no problem '${problem}'`);
  return byLabel.path;
}

/** UserErrors about a request's problem or contest files are the client's 4xx, said in one line. */
export function asHttp<T>(field: string, status: number, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof UserError) throw new HttpError(status, field, err.message.split('\n')[0].replace(/(?:\/[\w.@+-]+)+\//g, ''));
    throw err;
  }
}

export function judgingRoutes(ctx: ServeContext): Route[] {
  ctx.jobs.setHandler('judging', async (request) => {
    const { submission } = JSON.parse(request) as { submission: number };
    const sub = await ctx.store.getSubmission(submission);
    if (!sub) return JSON.stringify({ error: `submission ${submission} is gone` });
    try {
      const recorded = await judgeRecorded(ctx.record, sub, {
        onTest: (_o, done, total) => ctx.progress.set(submission, { done, total }),
      });
      return JSON.stringify({ judging: recorded.judgingId });
    } finally {
      ctx.progress.delete(submission);
    }
  });

  return [
    route({
      method: 'POST',
      url: '/api/v1/problems/:problem/submissions',
      tag: 'judging',
      summary: 'Store a submission and judge it in the background',
      params: z.object({ problem: Name }),
      body: SubmitBody,
      response: z.object({ id: z.number() }),
      needsKey: true,
      runs: true,
      handler: async ({ params, body, reply }) => {
        const contest = body.contest ? asHttp('contest', 404, () => loadContest(body.contest!)) : null;
        const problem = asHttp('problem', 404, () => loadProblem(problemDir(params.problem, contest)));
        asHttp('problem', 409, () => timeLimitOf(problem));
        const lang = languageOrFail(ctx, body.language);
        const source = capped('source', Buffer.from(body.source, body.base64_encoded ? 'base64' : 'utf8'), ctx.languages.sourceLimitBytes);
        if (contest && !contest.teams.some((t) => t.id === body.team))
          throw new HttpError(400, 'team', `contest ${contest.id} has no team '${body.team ?? ''}'`);
        const now = new Date();
        const { id } = await ctx.store.addSubmission({
          source,
          fileName: body.file_name ?? lang.sourceTemplate.replace('{entry}', 'Main'),
          language: lang.id,
          problemId: problem.id,
          problemDir: problem.dir,
          team: body.team ?? null,
          contest: contest?.id ?? null,
          submittedAt: now,
          contestMinutes: contest ? (now.getTime() - contest.start.getTime()) / 60_000 : null,
        });
        // With PostgreSQL the workers judge it; alone, this server does.
        if (ctx.judgingQueue) await enqueueJudging(ctx.store, ctx.judgingQueue, `serve: submission ${id}`, [id]);
        else await ctx.jobs.submit('judging', [JSON.stringify({ submission: id })]);
        reply.code(201);
        return { id };
      },
    }),
    route({
      method: 'GET',
      url: '/api/v1/submissions/:id',
      tag: 'judging',
      summary: "A submission's judging, as `results --json`, or its progress while it runs",
      params: z.object({ id: z.coerce.number().int().positive() }),
      response: JudgingReportJson,
      needsKey: true,
      handler: async ({ params }) => {
        const sub = await ctx.store.getSubmission(params.id);
        if (!sub) throw new HttpError(404, 'id', `no submission ${params.id}`);
        const current = await ctx.store.currentJudging(sub.id);
        const tests = current ? await ctx.store.testResults(current.id) : [];
        const report = reportOfStored(subjectOf(sub, problemLabelOf(sub.contest, sub.problemDir)), await ctx.store.judgingHistory(sub.id), current, tests);
        const progress = ctx.progress.get(sub.id);
        // Judged in the background: the job is running before its judging is stored.
        if (report.status !== 'done' && progress) return { ...report, status: 'judging', progress };
        return report;
      },
    }),
    route({
      method: 'GET',
      url: '/api/v1/contests/:id/scoreboard',
      tag: 'judging',
      summary: "The CLICS scoreboard as it stands now: frozen for the public; unfrozen=true (the judges' view) needs a key",
      params: z.object({ id: Name }),
      query: z.object({ unfrozen: z.enum(['true', 'false']).optional() }),
      response: z.record(z.string(), z.unknown()),
      handler: async ({ params, query, req }) => {
        const contest = asHttp('id', 404, () => loadContest(params.id));
        const unfrozen = query.unfrozen === 'true';
        if (unfrozen && !req.client.key) throw new HttpError(401, 'X-Auth-Token', 'the unfrozen board needs an API key; send it in the X-Auth-Token header');
        // A package that does not load is the contest's error, said as one line.
        const problems = asHttp('id', 409, () => boardProblems(contest));
        return clicsScoreboard(await contestBoard(ctx.store, contest, unfrozen, new Date(), problems));
      },
    }),
  ];
}
