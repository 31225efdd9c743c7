import { readFileSync } from 'node:fs';
import { compile } from '../judge/compile.js';
import { runArgv, runLimits } from '../judge/limits.js';
import { loadLanguages, resolveLanguage } from '../lang/config.js';
import { REPORT_VERSION, type RunReportJson } from '../report/schemas.js';
import { UserError, errorMessage } from '../util/errors.js';
import { trimmedCompileOutput } from './judging-print.js';
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

const NOT_RUN = {
  limit: null,
  exit_code: null,
  signal: null,
  time_ms: null,
  wall_ms: null,
  memory_kb: null,
  stdout: '',
  stdout_bytes: 0,
  stderr: '',
  compile_output: '',
  error: null,
};

/** Ad-hoc execution: compile if needed, run once, report what happened. */
export async function runCommand(file: string, opts: RunOptions): Promise<void> {
  // Bad input is refused before the engine is touched.
  const input = opts.stdin ? readInput(opts.stdin) : Buffer.alloc(0);
  const languages = loadLanguages();
  const source = readSource(file, languages.sourceLimitBytes);
  const lang = resolveLanguage(languages, file, opts.lang);
  const base = { version: REPORT_VERSION, language: lang.id } as const;
  const runtime = await openRuntime(info, { spares: 0 });
  try {
    const image = lang.image;
    const compiled = await compile(runtime.sandbox, runtime.cacheDir, { lang, source, image });
    if (!compiled.ok) return report(opts, { ...base, ...NOT_RUN, status: 'COMPILE_ERROR', compile_output: compiled.output });
    const problemLimits = { timeLimitMs: opts.timeLimit * 1000, memoryMib: opts.memoryLimit, outputBytes: 8 << 20 };
    const limits = runLimits(problemLimits, lang);
    const argv = runArgv(compiled.run, opts.memoryLimit);
    const result = await runtime.sandbox.run(image, { argv, program: { key: compiled.key, files: compiled.files }, stdin: input, limits });
    report(opts, {
      ...base,
      status: result.status,
      limit: result.limitHit ?? null,
      exit_code: result.exitCode,
      signal: result.signal,
      time_ms: Math.round(result.cpuMs),
      wall_ms: Math.round(result.wallMs),
      memory_kb: result.memoryKb,
      stdout: result.stdout.toString('utf8'),
      stdout_bytes: result.stdoutBytes,
      stderr: result.stderr.toString('utf8'),
      compile_output: compiled.output,
      error: null,
    });
  } catch (err) {
    if (err instanceof UserError) throw err;
    report(opts, { ...base, ...NOT_RUN, status: 'ERROR', error: errorMessage(err) });
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

/** The program's stdout is the result, on stdout; what happened to it goes to stderr. */
function report(opts: RunOptions, r: RunReportJson): void {
  if (opts.json) return printJson(r);
  info(`status: ${paint(verdictColour(r.status), r.status)}${r.limit ? ` (${r.limit} limit)` : ''}`);
  if (r.time_ms !== null) info(`exit code: ${r.exit_code ?? '-'}${r.signal ? `, signal ${r.signal}` : ''}`);
  if (r.time_ms !== null) info(`time: ${r.time_ms} ms CPU, ${r.wall_ms} ms wall; memory: ${r.memory_kb} KiB`);
  if (r.error) info(`error: ${r.error}`);
  if (r.status === 'COMPILE_ERROR') info(trimmedCompileOutput(r.compile_output, 'the same run with --json (compile_output)'));
  if (r.stderr) info(`--- stderr ---\n${r.stderr}`);
  process.stdout.write(r.stdout);
}
