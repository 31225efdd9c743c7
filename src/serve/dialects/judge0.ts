import { z } from 'zod';
import type { Job } from '../../store/serve.js';
import { judgeVersion } from '../../util/version.js';
import { capped, cpuSeconds, memoryKb, type ServeContext } from '../context.js';
import { clientGone } from '../client-gone.js';
import { dialectLanguages } from '../dialect-languages.js';
import { execute } from '../executor.js';
import { HttpError } from '../http-error.js';
import { route, type Route } from '../route.js';
import { JUDGE0_MAX_BATCH as MAX_BATCH, Judge0ConfigInfo, judge0ConfigInfo, maxWallSeconds } from './judge0-config.js';
import { JUDGE0_STATUSES, judge0Outcome } from './judge0-status.js';
import { requestedFields, submissionView, type StoredRequest, type StoredResult } from './judge0-view.js';

/**
 * The Judge0 CE API: submissions by token (synchronous with `wait=true`), batches, languages
 * under Judge0's ids, statuses. Text fields travel as base64 with `base64_encoded=true`; without
 * it, output that is not UTF-8 is refused as Judge0 does.
 */

const Num = z.coerce.number();
/** The Judge0 CE release whose language ids `images/languages.yaml` lists first. */
const JUDGE0_API_VERSION = '1.13.1';

const SubmissionBody = z.object({
  source_code: z.string().min(1, 'is required'),
  language_id: z.coerce.number().int(),
  stdin: z.string().nullish(),
  expected_output: z.string().nullish(),
  cpu_time_limit: Num.positive().nullish().describe('seconds'),
  wall_time_limit: Num.min(1).nullish().describe('seconds'),
  memory_limit: Num.int().min(2048).nullish().describe('KB'),
  stack_limit: Num.int().min(0).nullish().describe('KB'),
  max_file_size: Num.int().min(0).nullish().describe('KB'),
  command_line_arguments: z.string().max(512).nullish(),
});
type SubmissionBody = z.infer<typeof SubmissionBody>;

const Flag = z.enum(['true', 'false']).optional();
const CreateQuery = z.object({ wait: Flag, base64_encoded: Flag, fields: z.string().optional() });
const ShowQuery = z.object({ base64_encoded: Flag, fields: z.string().optional() });
const BatchQuery = ShowQuery.extend({ tokens: z.string().min(1, 'there should be at least one submission in a batch') });
const TokenParams = z.object({ token: z.string() });
const IdParams = z.object({ id: z.coerce.number().int() });

const b64 = (data: Buffer | null | undefined) => (data?.length ? data.toString('base64') : null);
const seconds = (ms: number | undefined) => (ms === undefined ? null : (ms / 1000).toFixed(3));

export function judge0Routes(ctx: ServeContext): Route[] {
  const languages = dialectLanguages(ctx.languages);
  const byJudge0Id = new Map(languages.flatMap((d) => d.names.judge0.map((id) => [id, d.lang] as const)));
  const sizes = ctx.config.sizes;

  ctx.jobs.setHandler('judge0', async (text, opts) => {
    const req = JSON.parse(text) as StoredRequest;
    const lang = byJudge0Id.get(req.language_id)!;
    const result = await execute(ctx.exec, {
      lang,
      source: Buffer.from(req.source_code, 'base64'),
      stdin: Buffer.from(req.stdin ?? '', 'base64'),
      args: req.command_line_arguments ? req.command_line_arguments.split(/\s+/).filter(Boolean) : [],
      cpuMs: req.cpu_time_limit * 1000,
      wallMs: req.wall_time_limit === null ? undefined : req.wall_time_limit * 1000,
      memoryKb: req.memory_limit,
      stackKb: req.stack_limit ?? undefined,
      fileBytes: req.max_file_size === null ? undefined : req.max_file_size * 1024,
      ...opts,
    });
    const expected = req.expected_output === null ? null : Buffer.from(req.expected_output, 'base64');
    const { statusId, message } = judge0Outcome(result, expected);
    const run = result.run;
    const stored: StoredResult = {
      status_id: statusId,
      stdout: b64(run?.stdout),
      stderr: b64(run?.stderr),
      compile_output: result.compile?.output ? Buffer.from(result.compile.output).toString('base64') : null,
      message,
      time: seconds(run?.cpuMs),
      wall_time: seconds(run?.wallMs),
      memory: run?.memoryKb ?? null,
      exit_code: run ? (run.exitCode ?? 0) : null,
      exit_signal: run?.signal ?? null,
      stdout_bytes: run?.stdoutBytes ?? null,
      stderr_bytes: run?.stderrBytes ?? null,
      finished_at: new Date().toISOString(),
    };
    return JSON.stringify(stored);
  });

  /** A validated request in stored form, or a 400/413 naming the field. */
  function toStored(body: SubmissionBody, base64: boolean, at = ''): string {
    const decode = (field: string, value: string | null | undefined, cap: number) => {
      if (value === null || value === undefined) return null;
      const data = capped(`${at}${field}`, base64 ? Buffer.from(value, 'base64') : Buffer.from(value), cap);
      return data.toString('base64');
    };
    if (!byJudge0Id.has(body.language_id)) throw new HttpError(400, `${at}language_id`, `language with id ${body.language_id} doesn't exist`);
    const stored: StoredRequest = {
      language_id: body.language_id,
      source_code: decode('source_code', body.source_code, sizes.code_bytes)!,
      stdin: decode('stdin', body.stdin, sizes.stdin_bytes),
      expected_output: decode('expected_output', body.expected_output, sizes.expected_output_bytes),
      cpu_time_limit: cpuSeconds(ctx, `${at}cpu_time_limit`, body.cpu_time_limit ?? undefined),
      wall_time_limit: body.wall_time_limit ?? null,
      memory_limit: memoryKb(ctx, `${at}memory_limit`, body.memory_limit ?? undefined),
      stack_limit: body.stack_limit ?? null,
      max_file_size: body.max_file_size ?? null,
      command_line_arguments: body.command_line_arguments ?? null,
    };
    if (stored.wall_time_limit !== null && stored.wall_time_limit > maxWallSeconds(ctx.config)) {
      throw new HttpError(400, `${at}wall_time_limit`, `${stored.wall_time_limit} s is over the server's maximum of ${maxWallSeconds(ctx.config)} s`);
    }
    return JSON.stringify(stored);
  }

  function view(job: Job, base64: boolean, fields: string[]): Record<string, unknown> {
    return submissionView(job, ctx.jobs.phase(job.token), byJudge0Id.get(JSON.parse(job.request).language_id)?.name ?? null, base64, fields);
  }

  async function oneView(token: string, base64: boolean, fields: string[]): Promise<Record<string, unknown>> {
    const job = (await ctx.jobs.get([token])).get(token);
    if (job?.kind !== 'judge0') throw new HttpError(404, 'token', `no submission with token ${token}`);
    return view(job, base64, fields);
  }

  const Submission = z.record(z.string(), z.unknown()).describe('the requested fields of a Judge0 submission');

  return [
    route({
      method: 'POST',
      url: '/submissions',
      tag: 'judge0',
      summary: 'Create a submission (Judge0); with wait=true, answer once it has run',
      body: SubmissionBody,
      query: CreateQuery,
      response: Submission,
      runs: true,
      handler: async ({ body, query, reply }) => {
        const base64 = query.base64_encoded === 'true';
        const fields = requestedFields(query.fields);
        const request = toStored(body, base64);
        reply.code(201);
        if (query.wait === 'true') return oneView(await ctx.jobs.runNow('judge0', request, clientGone(reply)), base64, fields);
        if (!ctx.exec.queue.hasRoom()) throw HttpError.limited(503, 'queue', 'queue is full', ctx.exec.queue.retryAfterS());
        return { token: (await ctx.jobs.submit('judge0', [request]))[0] };
      },
    }),
    route({
      method: 'POST',
      url: '/submissions/batch',
      tag: 'judge0',
      summary: 'Create up to 20 submissions at once (Judge0)',
      body: z.object({
        submissions: z
          .array(z.unknown())
          .min(1, 'there should be at least one submission in a batch')
          .max(MAX_BATCH, `number of submissions in a batch should be less than or equal to ${MAX_BATCH}`),
      }),
      query: z.object({ base64_encoded: Flag }),
      response: z.array(z.object({ token: z.string() })),
      runs: true,
      handler: async ({ body, query, reply }) => {
        const base64 = query.base64_encoded === 'true';
        const requests = body.submissions.map((s, i) => {
          const parsed = SubmissionBody.safeParse(s);
          if (!parsed.success) {
            const issue = parsed.error.issues[0];
            throw new HttpError(400, `submissions.${i}.${issue.path.join('.')}`, issue.message);
          }
          return toStored(parsed.data, base64, `submissions.${i}.`);
        });
        if (!ctx.exec.queue.hasRoom(requests.length)) throw HttpError.limited(503, 'queue', 'queue is full', ctx.exec.queue.retryAfterS());
        reply.code(201);
        return (await ctx.jobs.submit('judge0', requests)).map((token) => ({ token }));
      },
    }),
    route({
      method: 'GET',
      url: '/submissions/batch',
      tag: 'judge0',
      summary: 'Several submissions by token (Judge0)',
      query: BatchQuery,
      response: z.object({ submissions: z.array(Submission.nullable()) }),
      handler: async ({ query }) => {
        const base64 = query.base64_encoded === 'true';
        const fields = requestedFields(query.fields);
        const tokens = query.tokens
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean);
        if (tokens.length > MAX_BATCH) throw new HttpError(400, 'tokens', `number of submissions in a batch should be less than or equal to ${MAX_BATCH}`);
        const jobs = await ctx.jobs.get(tokens);
        return {
          submissions: tokens.map((t) => {
            const job = jobs.get(t);
            return job && job.kind === 'judge0' ? view(job, base64, fields) : null;
          }),
        };
      },
    }),
    route({
      method: 'GET',
      url: '/submissions/:token',
      tag: 'judge0',
      summary: 'One submission by token (Judge0)',
      params: TokenParams,
      query: ShowQuery,
      response: Submission,
      handler: ({ params, query }) => oneView(params.token, query.base64_encoded === 'true', requestedFields(query.fields)),
    }),
    route({
      method: 'GET',
      url: '/languages',
      tag: 'judge0',
      summary: "Languages under Judge0 CE's ids",
      response: z.array(z.object({ id: z.number(), name: z.string() })),
      handler: () => languages.flatMap((d) => d.names.judge0.map((id) => ({ id, name: d.lang.name }))).sort((a, b) => a.id - b.id),
    }),
    route({
      method: 'GET',
      url: '/languages/:id',
      tag: 'judge0',
      summary: 'One language (Judge0)',
      params: IdParams,
      response: z.object({
        id: z.number(),
        name: z.string(),
        is_archived: z.boolean(),
        source_file: z.string(),
        compile_cmd: z.string().nullable(),
        run_cmd: z.string(),
      }),
      handler: ({ params }) => {
        const lang = byJudge0Id.get(params.id);
        if (!lang) throw new HttpError(404, 'id', `language with id ${params.id} doesn't exist`);
        return {
          id: params.id,
          name: lang.name,
          is_archived: false,
          source_file: lang.sourceTemplate,
          compile_cmd: lang.compile?.join(' ') ?? null,
          run_cmd: lang.run.join(' '),
        };
      },
    }),
    route({
      method: 'GET',
      url: '/statuses',
      tag: 'judge0',
      summary: 'Judge0 status ids and descriptions',
      response: z.array(z.object({ id: z.number(), description: z.string() })),
      handler: () => JUDGE0_STATUSES,
    }),
    route({
      method: 'GET',
      url: '/config_info',
      tag: 'judge0',
      summary: "This server's limits and features, in Judge0's terms",
      response: Judge0ConfigInfo,
      handler: () => judge0ConfigInfo(ctx.config),
    }),
    route({
      method: 'GET',
      url: '/about',
      tag: 'judge0',
      summary: 'About this server (Judge0)',
      response: z.object({
        version: z.string(),
        homepage: z.string().nullable(),
        source_code: z.string().nullable(),
        maintainer: z.string().nullable(),
        server: z.string(),
      }),
      // `version` is the Judge0 CE release whose API and language ids this server speaks: clients
      // map language names to ids by it (the official Python SDK fails on a version it doesn't know).
      handler: () => ({ version: JUDGE0_API_VERSION, homepage: null, source_code: null, maintainer: null, server: `zuko-judge ${judgeVersion()}` }),
    }),
  ];
}
