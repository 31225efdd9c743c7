import { readFileSync } from 'node:fs';
import path from 'node:path';
import { compareDefaultWithFile } from '../check/default-validator.js';
import { parseValidatorFlags } from '../check/flags.js';
import { icpcOutcome, judgeError, testlibOutcome, type CheckOutcome } from '../check/outcome.js';
import { resolveLanguage, type Language, type LanguageTable } from '../lang/config.js';
import type { CheckerSpec, Problem, TestCase } from '../problem/types.js';
import type { Sandbox, SandboxFile } from '../sandbox/types.js';
import { SandboxError, UserError, errorMessage } from '../util/errors.js';
import { compile, type Compiled } from './compile.js';
import { CHECKER_LIMITS, runArgv } from './limits.js';

/**
 * Decides one test case's output. Prepared once per problem, used for every test and submission.
 * For interactive and multi-pass problems it also carries the compiled validator, which then runs
 * beside or after the program on every pass (see interactive.ts).
 */
export type Checker = ((test: TestCase, output: Buffer) => Promise<CheckOutcome>) & { validator?: ValidatorProgram };

/** A package's own validator, compiled, and how it is called. */
export interface ValidatorProgram {
  kind: 'icpc' | 'testlib';
  image: string;
  compiled: Compiled;
}

export interface CheckerContext {
  sandbox: Sandbox;
  languages: LanguageTable;
  cacheDir: string;
}

export async function prepareChecker(ctx: CheckerContext, problem: Problem): Promise<Checker> {
  const spec = problem.checker;
  if (spec.kind === 'default') return defaultChecker;
  const built = await compileChecker(ctx, spec);
  const image = built.image;
  const checker: Checker = spec.kind === 'icpc' ? icpcChecker(ctx.sandbox, image, built.compiled) : testlibChecker(ctx.sandbox, image, built.compiled);
  const { interactive, passes } = problem.interaction;
  if (interactive || passes > 1) checker.validator = { kind: spec.kind, image, compiled: built.compiled };
  return checker;
}

const defaultChecker: Checker = async (test, output) => {
  const { flags, errors } = parseValidatorFlags(test.validatorArgs);
  if (errors.length) return judgeError(`bad validator flags: ${errors.join('; ')}`);
  return compareDefaultWithFile(test.ansFile, output, flags);
};

/** The one source with a language we know is the program; every other file (headers) goes along. */
function checkerMain(spec: Extract<CheckerSpec, { dir: string }>): string {
  const main = spec.sources.find((f) => CHECKER_EXTENSIONS.includes(path.extname(f)));
  if (!main) throw UserError.at(spec.dir, undefined, 'no checker source (.cpp, .cc, .c or .py) found');
  return main;
}

const CHECKER_EXTENSIONS = ['.cpp', '.cc', '.cxx', '.c', '.py'];

/** The language a package's own checker is built with; null for the default validator. */
export function checkerLanguage(languages: LanguageTable, spec: CheckerSpec): Language | null {
  if (spec.kind === 'default') return null;
  return resolveLanguage(languages, checkerMain(spec));
}

async function compileChecker(ctx: CheckerContext, spec: Extract<CheckerSpec, { dir: string }>): Promise<{ compiled: Compiled; image: string }> {
  const main = checkerMain(spec);
  const lang = resolveLanguage(ctx.languages, main);
  const extraFiles: SandboxFile[] = spec.sources.filter((f) => f !== main).map((f) => ({ name: path.basename(f), data: readFileSync(f) }));
  const compiled = await compile(ctx.sandbox, ctx.cacheDir, { lang, source: readFileSync(main), extraFiles, image: lang.image });
  if (!compiled.ok) throw UserError.at(main, undefined, `checker does not compile:\n${compiled.output.trim()}`);
  return { compiled, image: lang.image };
}

function testFiles(test: TestCase): SandboxFile[] {
  return [
    { name: 'input', data: readFileSync(test.inFile) },
    { name: 'answer', data: readFileSync(test.ansFile) },
  ];
}

/**
 * Runs a compiled checker on one test's files; a checker that cannot finish is a judge error. A
 * SandboxError is the machinery's failure, not the checker's: it is passed on, never a JE.
 */
async function runChecker(
  sandbox: Sandbox,
  image: string,
  built: Compiled,
  spec: { args: string[]; files: SandboxFile[]; stdin?: Buffer; collect?: string[] },
) {
  const result = await sandbox.run(image, {
    argv: [...runArgv(built.run, 1024), ...spec.args],
    // The checker is the package's, trusted: its containers live as long as the judge.
    owner: `checker-${built.key}`,
    program: { key: built.key, files: built.files },
    files: spec.files,
    writable: true,
    stdin: spec.stdin,
    collect: spec.collect,
    limits: CHECKER_LIMITS,
  });
  return result.status === 'OK' || result.status === 'RUNTIME_ERROR' ? result : null;
}

/** ICPC output validator: `validator input answer feedback_dir [args] < team_output`; 42 accept, 43 reject. */
function icpcChecker(sandbox: Sandbox, image: string, built: Compiled): Checker {
  return async (test, output) => {
    try {
      const result = await runChecker(sandbox, image, built, {
        args: ['input', 'answer', './', ...test.validatorArgs],
        files: testFiles(test),
        stdin: output,
        collect: ['judgemessage.txt', 'teammessage.txt', 'score.txt'],
      });
      if (!result) return judgeError('output validator exceeded its limits');
      const text = (name: string) => result.files.get(name)?.toString('utf8');
      return icpcOutcome(result.exitCode, { judgemessage: text('judgemessage.txt'), teammessage: text('teammessage.txt'), score: text('score.txt') });
    } catch (err) {
      if (err instanceof SandboxError) throw err;
      return judgeError(`output validator could not run: ${errorMessage(err)}`);
    }
  };
}

/** testlib checker: `checker input output answer`; 0 OK, 1 WA, 2 PE, 3 FAIL, 7 points. */
function testlibChecker(sandbox: Sandbox, image: string, built: Compiled): Checker {
  return async (test, output) => {
    try {
      const result = await runChecker(sandbox, image, built, {
        args: ['input', 'output', 'answer'],
        files: [...testFiles(test), { name: 'output', data: output }],
      });
      if (!result) return judgeError('checker exceeded its limits');
      return testlibOutcome(result.exitCode, `${result.stderr.toString('utf8')}\n${result.stdout.toString('utf8')}`);
    } catch (err) {
      if (err instanceof SandboxError) throw err;
      return judgeError(`checker could not run: ${errorMessage(err)}`);
    }
  };
}
