import { constants } from 'node:os';
import { z } from 'zod';
import { capped, memoryKb, text, type ServeContext } from '../context.js';
import { clientGone } from '../client-gone.js';
import { dialectLanguages, type DialectLanguage } from '../dialect-languages.js';
import { execute, type ExecResult } from '../executor.js';
import { HttpError } from '../http-error.js';
import { route, type Route } from '../route.js';

/**
 * Piston's v2 API: runtimes under Piston's names and aliases, and execute with its stages.
 * Limits are Piston's units: timeouts in ms, memory in bytes, -1 for the server's default.
 */

const SIGNAL_NAMES = new Map(Object.entries(constants.signals).map(([name, n]) => [n, name]));
/** Piston reports a run it stopped (time, output) as killed. */
const STOPPED: Record<string, string> = { TIMEOUT: 'TO', OUTPUT_LIMIT: 'OL', MEMORY_LIMIT: 'SG' };

const File = z.object({ name: z.string().optional(), content: z.string(), encoding: z.enum(['utf8', 'base64', 'hex']).optional() });
const Limit = z.number().optional();

const ExecuteBody = z.object({
  language: z.string({ message: 'language is required as a string' }).min(1, 'language is required as a string'),
  version: z.string({ message: 'version is required as a string' }).min(1, 'version is required as a string'),
  files: z.array(File, { message: 'files is required as an array' }).min(1, 'files must include at least one file'),
  stdin: z.string().optional(),
  args: z.array(z.string()).optional(),
  compile_timeout: Limit,
  run_timeout: Limit,
  compile_memory_limit: Limit,
  run_memory_limit: Limit,
});

const Stage = z.object({
  stdout: z.string(),
  stderr: z.string(),
  output: z.string(),
  code: z.number().nullable(),
  signal: z.string().nullable(),
  message: z.string().nullable(),
  status: z.string().nullable(),
  cpu_time: z.number().nullable(),
  wall_time: z.number().nullable(),
  memory: z.number().nullable(),
});
type Stage = z.infer<typeof Stage>;

/** Piston's version matching, enough for its clients: `*`, an exact version, or a prefix (3, 3.11, 3.x). */
export function versionMatches(wanted: string, have: string): boolean {
  if (wanted === '*' || wanted === have) return true;
  const w = wanted.replace(/^[\^~=v]/, '').split('.');
  const h = have.split('.');
  return w.every((part, i) => part === 'x' || part === '*' || part === h[i]);
}

function decode(file: z.infer<typeof File>): Buffer {
  return Buffer.from(file.content, file.encoding ?? 'utf8');
}

function compileStage(r: ExecResult): Stage | undefined {
  if (!r.compile) return undefined;
  const failed = !r.compile.ok;
  return {
    stdout: '',
    stderr: r.compile.output,
    output: r.compile.output,
    code: failed ? 1 : 0,
    signal: null,
    message: failed ? 'compilation failed' : null,
    status: failed ? 'RE' : null,
    cpu_time: null,
    wall_time: Math.round(r.compile.ms),
    memory: null,
  };
}

function runStage(r: ExecResult): Stage {
  const run = r.run;
  const stdout = text(run?.stdout);
  const stderr = r.status === 'ERROR' ? (r.error ?? '') : text(run?.stderr);
  const stopped = STOPPED[r.status];
  const status = r.status === 'ERROR' ? 'XX' : (stopped ?? (run?.signal ? 'SG' : run?.exitCode ? 'RE' : null));
  return {
    stdout,
    stderr,
    output: stdout + stderr,
    code: run?.signal ? null : (run?.exitCode ?? null),
    signal: stopped && stopped !== 'SG' ? 'SIGKILL' : run?.signal ? (SIGNAL_NAMES.get(run.signal) ?? String(run.signal)) : null,
    message: r.status === 'OK' ? null : r.status.toLowerCase().replace('_', ' '),
    status,
    cpu_time: run ? Math.round(run.cpuMs) : null,
    wall_time: run ? Math.round(run.wallMs) : null,
    memory: run ? run.memoryKb * 1024 : null,
  };
}

export function pistonRoutes(ctx: ServeContext): Route[] {
  const languages = dialectLanguages(ctx.languages);
  const maxRunMs = ctx.config.run.max_cpu_s * 1000;

  function runtime(language: string, version: string): DialectLanguage {
    const name = language.toLowerCase();
    const found = languages.find(
      (d) =>
        (d.names.piston.language === name || d.names.piston.aliases.includes(name) || d.lang.id === name) && versionMatches(version, d.names.piston.version),
    );
    if (!found) throw new HttpError(400, 'language', `${language}-${version} runtime is unknown`);
    return found;
  }

  function limit(field: string, value: number | undefined, max: number): number | undefined {
    if (value === undefined || value === -1 || value === 0) return undefined;
    if (value < 0) throw new HttpError(400, field, `${field} must be non-negative`);
    if (value > max) throw new HttpError(400, field, `${field} cannot exceed the configured limit of ${max}`);
    return value;
  }

  return [
    route({
      method: 'GET',
      url: '/api/v2/runtimes',
      tag: 'piston',
      summary: 'Runtimes under Piston names and aliases',
      response: z.array(z.object({ language: z.string(), version: z.string(), aliases: z.array(z.string()), runtime: z.string().optional() })),
      handler: () => languages.map((d) => ({ ...d.names.piston })),
    }),
    route({
      method: 'POST',
      url: '/api/v2/execute',
      tag: 'piston',
      summary: 'Compile if needed and run (Piston)',
      body: ExecuteBody,
      response: z.object({ language: z.string(), version: z.string(), run: Stage, compile: Stage.optional() }),
      runs: true,
      handler: async ({ body, reply }) => {
        const { lang, names } = runtime(body.language, body.version);
        if (body.files.length > 1) throw new HttpError(400, 'files', 'only one file is supported: send the program as files[0]');
        const sizes = ctx.config.sizes;
        const runMs = limit('run_timeout', body.run_timeout, maxRunMs);
        const memory = limit('run_memory_limit', body.run_memory_limit, ctx.config.run.max_memory_kb * 1024);
        const result = await execute(ctx.exec, {
          lang,
          source: capped('files.0.content', decode(body.files[0]), sizes.code_bytes),
          stdin: capped('stdin', Buffer.from(body.stdin ?? ''), sizes.stdin_bytes),
          args: body.args ?? [],
          cpuMs: runMs ?? ctx.config.run.cpu_s * 1000,
          wallMs: runMs,
          memoryKb: memoryKb(ctx, 'run_memory_limit', memory === undefined ? undefined : Math.ceil(memory / 1024)),
          signal: clientGone(reply),
        });
        const compile = names.compiled ? compileStage(result) : undefined;
        const run = result.status === 'COMPILE_ERROR' ? compileStage(result)! : runStage(result);
        return { language: names.piston.language, version: names.piston.version, run, ...(compile ? { compile } : {}) };
      },
    }),
  ];
}
