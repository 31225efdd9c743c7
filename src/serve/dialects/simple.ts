import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { capped, cpuSeconds, languageOrFail, memoryKb, text, type ServeContext } from '../context.js';
import { execute, type ExecResult, type ExecStatus } from '../executor.js';
import { route, type Route } from '../route.js';
import { clientGone } from '../client-gone.js';
import { DIALECT_LANGUAGES } from '../dialect-languages.js';

/**
 * The three small dialects the project grew out of: Zuko's `/api/v1/execute`, the online
 * compiler's `/run` and the editor sandbox's `/api/editor/run`. Same execution, three shapes.
 */

const ZUKO_STATUS: Record<ExecStatus, string> = {
  OK: 'OK',
  RUNTIME_ERROR: 'RUNTIME_ERROR',
  TIMEOUT: 'TIMEOUT',
  MEMORY_LIMIT: 'MEMORY_LIMIT',
  OUTPUT_LIMIT: 'OUTPUT_LIMIT',
  COMPILE_ERROR: 'COMPILE_ERROR',
  ERROR: 'ERROR',
};

const COMPILER_STATUS: Record<ExecStatus, string> = {
  OK: 'success',
  RUNTIME_ERROR: 'runtime_error',
  TIMEOUT: 'timeout',
  MEMORY_LIMIT: 'memory_limit',
  OUTPUT_LIMIT: 'output_limit',
  COMPILE_ERROR: 'compile_error',
  ERROR: 'error',
};

interface SimpleInput {
  language: string;
  code: string;
  input?: string;
  timeoutS?: number;
}

async function run(ctx: ServeContext, reply: FastifyReply, input: SimpleInput, fields: { input: string; timeout: string }): Promise<ExecResult> {
  const lang = languageOrFail(ctx, input.language);
  const sizes = ctx.config.sizes;
  return execute(ctx.exec, {
    lang,
    source: capped('code', Buffer.from(input.code), sizes.code_bytes),
    stdin: capped(fields.input, Buffer.from(input.input ?? ''), sizes.stdin_bytes),
    cpuMs: cpuSeconds(ctx, fields.timeout, input.timeoutS) * 1000,
    memoryKb: memoryKb(ctx, 'memory', undefined),
    signal: clientGone(reply),
  });
}

/** stderr of the program, or the compiler's messages when it did not compile, or why it failed. */
function stderrOf(r: ExecResult): string {
  if (r.status === 'COMPILE_ERROR') return r.compile?.output ?? '';
  if (r.status === 'ERROR') return r.error ?? '';
  return text(r.run?.stderr);
}

const Code = z.string().min(1, 'is empty: send the program source');
const Language = z.string().min(1, 'is empty: send a language id such as python or cpp');

const ZukoBody = z.object({
  language: Language,
  code: Code,
  input_data: z.string().optional(),
  timeout: z.number().positive().optional().describe('CPU seconds, default 3'),
});
const ZukoResponse = z.object({
  status: z.enum(Object.values(ZUKO_STATUS) as [string, ...string[]]),
  stdout: z.string(),
  stderr: z.string(),
  exit_code: z.number().nullable(),
  time_used: z.number().describe('CPU milliseconds'),
  memory_used: z.number().describe('peak memory, KB'),
});

const CompilerBody = z.object({ language: Language, code: Code, input: z.string().optional() });
const CompilerResponse = z.object({ status: z.enum(Object.values(COMPILER_STATUS) as [string, ...string[]]), stdout: z.string(), stderr: z.string() });

const EditorResponse = z.object({
  output: z.object({ stdout: z.string(), stderr: z.string(), exitCode: z.number().nullable() }),
  durationMs: z.number(),
  memoryUsed: z.number().describe('peak memory, KB'),
});

export function simpleRoutes(ctx: ServeContext): Route[] {
  return [
    route({
      method: 'GET',
      url: '/api/v1/languages',
      tag: 'zuko',
      summary: 'The languages programs may be written in, with their Judge0 id',
      response: z.array(z.object({ id: z.string(), name: z.string(), extensions: z.array(z.string()), judge0_id: z.number().nullable() })),
      handler: () =>
        ctx.languages.languages.map((l) => ({ id: l.id, name: l.name, extensions: l.extensions, judge0_id: DIALECT_LANGUAGES[l.id]?.judge0[0] ?? null })),
    }),
    route({
      method: 'POST',
      url: '/api/v1/execute',
      tag: 'zuko',
      summary: 'Run a program once',
      body: ZukoBody,
      response: ZukoResponse,
      runs: true,
      handler: async ({ body, reply }) => {
        const r = await run(
          ctx,
          reply,
          { language: body.language, code: body.code, input: body.input_data, timeoutS: body.timeout },
          { input: 'input_data', timeout: 'timeout' },
        );
        return {
          status: ZUKO_STATUS[r.status],
          stdout: text(r.run?.stdout),
          stderr: stderrOf(r),
          exit_code: r.run?.exitCode ?? null,
          time_used: Math.round(r.run?.cpuMs ?? 0),
          memory_used: r.run?.memoryKb ?? 0,
        };
      },
    }),
    route({
      method: 'POST',
      url: '/run',
      tag: 'compiler',
      summary: 'Run a program once (online compiler)',
      body: CompilerBody,
      response: CompilerResponse,
      runs: true,
      handler: async ({ body, reply }) => {
        const r = await run(ctx, reply, body, { input: 'input', timeout: 'timeout' });
        return { status: COMPILER_STATUS[r.status], stdout: text(r.run?.stdout), stderr: stderrOf(r) };
      },
    }),
    route({
      method: 'POST',
      url: '/api/editor/run',
      tag: 'editor',
      summary: "Run the editor's program once",
      body: CompilerBody,
      response: EditorResponse,
      runs: true,
      handler: async ({ body, reply }) => {
        const r = await run(ctx, reply, body, { input: 'input', timeout: 'timeout' });
        return {
          output: { stdout: text(r.run?.stdout), stderr: stderrOf(r), exitCode: r.run?.exitCode ?? null },
          durationMs: Math.round(r.run?.wallMs ?? 0),
          memoryUsed: r.run?.memoryKb ?? 0,
        };
      },
    }),
  ];
}
