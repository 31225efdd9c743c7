import { readFileSync } from 'node:fs';
import { compile } from '../judge/compile.js';
import { runArgv, runLimits } from '../judge/limits.js';
import { resolveLanguage } from '../lang/config.js';
import { UserError } from '../util/errors.js';
import { readSource } from './source.js';
import { info, paint, printJson, verdictColour } from './output.js';
import { openRuntime } from './runtime.js';

export interface RunOptions {
  lang?: string;
  stdin?: string;
  timeLimit: number;
  memoryLimit: number;
  json?: boolean;
}

/** Ad-hoc execution: compile if needed, run once, report what happened. */
export async function runCommand(file: string, opts: RunOptions): Promise<void> {
  const input = opts.stdin ? readInput(opts.stdin) : Buffer.alloc(0);
  const runtime = await openRuntime(info, { spares: 0 });
  try {
    const lang = resolveLanguage(runtime.languages, file, opts.lang);
    const source = readSource(file, runtime.languages.sourceLimitBytes);
    const image = lang.image;
    const compiled = await compile(runtime.sandbox, runtime.cacheDir, { lang, source, image });
    if (!compiled.ok) return report(opts, { status: 'COMPILE_ERROR', compile_output: compiled.output });
    const problemLimits = { timeLimitMs: opts.timeLimit * 1000, memoryMib: opts.memoryLimit, outputBytes: 8 << 20 };
    const limits = runLimits(problemLimits, lang);
    const argv = runArgv(compiled.run, opts.memoryLimit);
    const result = await runtime.sandbox.run(image, { argv, program: { key: compiled.key, files: compiled.files }, stdin: input, limits });
    report(opts, {
      status: result.status,
      limit: result.limitHit,
      exit_code: result.exitCode,
      signal: result.signal,
      time_ms: Math.round(result.cpuMs),
      wall_ms: Math.round(result.wallMs),
      memory_kb: result.memoryKb,
      stdout: result.stdout.toString('utf8'),
      stdout_bytes: result.stdoutBytes,
      stderr: result.stderr.toString('utf8'),
      compile_output: compiled.output,
    });
  } catch (err) {
    if (err instanceof UserError) throw err;
    report(opts, { status: 'ERROR', error: (err as Error).message });
    process.exitCode = 1;
  } finally {
    await runtime.close();
  }
}

function readInput(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch {
    throw new UserError(`--stdin: cannot read ${file}`);
  }
}

function report(opts: RunOptions, fields: Record<string, unknown>): void {
  if (opts.json) return printJson(fields);
  const status = String(fields.status);
  info(`status: ${paint(verdictColour(status), status)}${fields.limit ? ` (${fields.limit} limit)` : ''}`);
  if (fields.exit_code !== undefined) info(`exit code: ${fields.exit_code ?? '-'}${fields.signal ? `, signal ${fields.signal}` : ''}`);
  if (fields.time_ms !== undefined) info(`time: ${fields.time_ms} ms CPU, ${fields.wall_ms} ms wall; memory: ${fields.memory_kb} KiB`);
  if (fields.error) info(`error: ${fields.error}`);
  if (status === 'COMPILE_ERROR') info(String(fields.compile_output));
  if (fields.stderr) info(`--- stderr ---\n${fields.stderr}`);
  if (fields.stdout !== undefined) process.stdout.write(String(fields.stdout));
}
