/**
 * Input validators (`input_validators/`, `input_format_validators/`): each one, a source file or a
 * folder, is compiled once and run in the sandbox on every `.in` of the package, with the group's
 * input validator flags; exit 42 means valid, 43 invalid, anything else is the validator's fault.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { bundleFromDir, encodeBundle } from '../lang/bundle.js';
import { languageOfFiles, resolveLanguage, type Language, type LanguageTable } from '../lang/config.js';
import type { Problem, TestCase } from '../problem/types.js';
import { errorMessage } from '../util/errors.js';
import { compile, type Compiled } from './compile.js';
import type { JudgeContext } from './judge.js';
import { CHECKER_LIMITS, runArgv } from './limits.js';

const FOLDERS = ['input_validators', 'input_format_validators'];
const VALID = 42;
const INVALID = 43;

export interface InputValidation {
  issues: string[];
  warnings: string[];
}

export async function validateInputs(ctx: JudgeContext & { languages: LanguageTable }, problem: Problem): Promise<InputValidation> {
  const out: InputValidation = { issues: [], warnings: [] };
  for (const validator of validatorsOf(problem.dir)) {
    const name = path.relative(problem.dir, validator);
    const program = programOf(ctx.languages, validator);
    if (!program) {
      out.warnings.push(`${name}: skipped: no language for it (checktestdata and Viva are not available)`);
      continue;
    }
    const image = program.lang.image;
    const compiled = await compile(ctx.sandbox, ctx.cacheDir, { lang: program.lang, source: program.source, image });
    if (!compiled.ok) {
      out.issues.push(`${name}: does not compile: ${compiled.output.trim().split('\n')[0]}`);
      continue;
    }
    const verdicts = await Promise.all(problem.tests.map((test) => ctx.queue.add(() => validateOne(ctx, image, compiled, test))));
    out.issues.push(...verdicts.filter((v): v is string => v !== null).map((v) => `${name}: ${v}`));
  }
  return out;
}

function validatorsOf(root: string): string[] {
  return FOLDERS.map((f) => path.join(root, f))
    .filter((d) => existsSync(d) && statSync(d).isDirectory())
    .flatMap((d) =>
      readdirSync(d)
        .filter((n) => !n.startsWith('.'))
        .sort()
        .map((n) => path.join(d, n)),
    );
}

function programOf(languages: LanguageTable, validator: string): { lang: Language; source: Buffer } | null {
  if (statSync(validator).isDirectory()) {
    const bundle = bundleFromDir(validator, null);
    const lang = languageOfFiles(
      languages,
      bundle.files.map((f) => f.name),
      null,
    );
    return lang ? { lang, source: encodeBundle(bundle) } : null;
  }
  try {
    return { lang: resolveLanguage(languages, validator), source: readFileSync(validator) };
  } catch {
    return null;
  }
}

async function validateOne(ctx: JudgeContext, image: string, compiled: Compiled, test: TestCase): Promise<string | null> {
  try {
    const result = await ctx.sandbox.run(image, {
      argv: [...runArgv(compiled.run, 1024), ...test.inputValidatorArgs],
      files: compiled.files,
      stdin: readFileSync(test.inFile),
      limits: CHECKER_LIMITS,
    });
    if (result.exitCode === VALID) return null;
    const said = `${result.stdout.toString('utf8')} ${result.stderr.toString('utf8')}`.trim().split('\n')[0].slice(0, 200);
    if (result.exitCode === INVALID) return `rejects ${test.name}.in${said ? `: ${said}` : ''}`;
    return `failed on ${test.name}.in (${result.status}, exit ${result.exitCode ?? `signal ${result.signal}`})${said ? `: ${said}` : ''}`;
  } catch (err) {
    return `could not run on ${test.name}.in: ${errorMessage(err)}`;
  }
}
