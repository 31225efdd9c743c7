import { readFileSync } from 'node:fs';
import { icpcOutcome, judgeError, testlibOutcome, type CheckOutcome } from '../check/outcome.js';
import type { Problem, TestCase } from '../problem/types.js';
import type { PeerResult, RunLimits, RunResult, Sandbox, SandboxFile } from '../sandbox/types.js';
import type { ValidatorProgram } from './checker.js';
import { CHECKER_LIMITS, runArgv } from './limits.js';

/**
 * Interactive and multi-pass test cases. The package's validator runs beside the program
 * (interactive: joined by pipes, in the same container, as another user) or after it (multi-pass),
 * once per pass; a pass may hand the program a new input (`nextpass.in` in the feedback directory),
 * and the feedback directory carries over from pass to pass.
 */

export interface ProgramRun {
  sandbox: Sandbox;
  image: string;
  argv: string[];
  owner: string;
  program: { key: string; files: SandboxFile[] };
  limits: RunLimits;
}

export interface ValidatedRun {
  /** The program's last pass, with CPU time summed over all passes. */
  run: RunResult;
  /** The validator's decision, or null where the program's own failure decides. */
  check: CheckOutcome | null;
  passes: number;
}

const NEXT_PASS = 'nextpass.in';
const SIGPIPE = 13;

export async function runValidated(p: ProgramRun, validator: ValidatorProgram, problem: Problem, test: TestCase): Promise<ValidatedRun> {
  let input: Buffer = readFileSync(test.inFile);
  let feedback: SandboxFile[] = [];
  let cpuMs = 0;
  for (let pass = 1; ; pass++) {
    const { run, check, files } = problem.interaction.interactive
      ? await interactivePass(p, validator, test, input, feedback)
      : await outputPass(p, validator, test, input, feedback);
    cpuMs += run.cpuMs;
    const total = { ...run, cpuMs };
    const next = files.get(NEXT_PASS);
    if (check?.verdict !== 'AC' || !next) return { run: total, check, passes: pass };
    if (pass >= problem.interaction.passes) {
      return {
        run: total,
        check: judgeError(`the validator asked for pass ${pass + 1} of at most ${problem.interaction.passes} (validation_passes)`),
        passes: pass,
      };
    }
    input = next;
    // What the validator wrote is carried to its next pass; what it was given is given anew.
    const given = new Set(['input', 'answer', NEXT_PASS, ...validator.compiled.files.map((f) => f.name)]);
    feedback = [...files].filter(([name]) => !given.has(name)).map(([name, data]) => ({ name, data }));
  }
}

/** Validator arguments and files of one pass: the ICPC or the testlib way. */
function validatorCall(validator: ValidatorProgram, test: TestCase, input: Buffer, feedback: SandboxFile[]) {
  const files = [{ name: 'input', data: input }, { name: 'answer', data: readFileSync(test.ansFile) }, ...feedback];
  const args = validator.kind === 'icpc' ? ['input', 'answer', './', ...test.validatorArgs] : ['input', 'tout', 'answer'];
  return { argv: [...runArgv(validator.compiled.run, 1024), ...args], files: [...validator.compiled.files, ...files] };
}

function decide(validator: ValidatorProgram, exitCode: number | null, text: string, files: Map<string, Buffer>): CheckOutcome {
  if (validator.kind === 'testlib') return testlibOutcome(exitCode, text);
  const read = (name: string) => files.get(name)?.toString('utf8');
  return icpcOutcome(exitCode, { judgemessage: read('judgemessage.txt'), teammessage: read('teammessage.txt'), score: read('score.txt') });
}

/**
 * The precedence the package format and DOMjudge give an interactive run, by who ended first.
 * The validator first: a rejection (or its own failure) decides, whatever the program did after;
 * an acceptance stands unless the program then failed (time, memory, crash). The program first:
 * its own failure decides (the validator may well die of the broken pipe after it); otherwise the
 * validator's verdict, and a validator that crashed, ran out of its limits or exited with another
 * code is a judge error. null: the program's failure decides.
 */
export function interactiveDecision(run: RunResult, peer: PeerResult, check: CheckOutcome): CheckOutcome | null {
  const validatorFailed = peer.killedBy !== 'none' ? judgeError(`the interactor ran out of its ${peer.killedBy} limit`) : null;
  // A program killed by SIGPIPE wrote to a validator that had already gone: the validator was
  // first, even when both were reaped in the same instant.
  const validatorFirst = peer.exitedFirst || run.signal === SIGPIPE;
  if (validatorFirst) {
    if (validatorFailed || check.verdict !== 'AC') return validatorFailed ?? check;
    return run.status === 'OK' ? check : null;
  }
  if (run.status !== 'OK') return null;
  return validatorFailed ?? check;
}

async function interactivePass(p: ProgramRun, validator: ValidatorProgram, test: TestCase, input: Buffer, feedback: SandboxFile[]) {
  const call = validatorCall(validator, test, input, feedback);
  const run = await p.sandbox.run(p.image, {
    argv: p.argv,
    owner: p.owner,
    program: p.program,
    limits: p.limits,
    peer: {
      argv: call.argv,
      files: call.files,
      collect: validator.kind === 'icpc' ? ['*'] : ['tout'],
      cpuMs: CHECKER_LIMITS.cpuMs,
      // The program's wall limit ends first: the interactor then sees end of input and finishes.
      wallMs: p.limits.wallMs + CHECKER_LIMITS.wallMs,
    },
  });
  const peer = run.peer!;
  const check = decide(validator, peer.exitCode, `${peer.stderr.toString('utf8')}`, peer.files);
  const decided = interactiveDecision(run, peer, check);
  // The program failed: the run's own status decides, and no further pass is made.
  if (decided === null) return { run, check: null, files: new Map<string, Buffer>() };
  return { run: { ...run, status: 'OK' as const }, check: decided, files: peer.files };
}

async function outputPass(p: ProgramRun, validator: ValidatorProgram, test: TestCase, input: Buffer, feedback: SandboxFile[]) {
  const run = await p.sandbox.run(p.image, { argv: p.argv, owner: p.owner, program: p.program, stdin: input, limits: p.limits });
  if (run.status !== 'OK') return { run, check: null, files: new Map<string, Buffer>() };
  const call = validatorCall(validator, test, input, feedback);
  const checked = await p.sandbox.run(validator.image, {
    argv: call.argv,
    owner: `checker-${validator.compiled.key}`,
    files: call.files,
    writable: true,
    stdin: run.stdout,
    collect: ['*'],
    limits: CHECKER_LIMITS,
  });
  if (checked.status !== 'OK' && checked.status !== 'RUNTIME_ERROR')
    return { run, check: judgeError('output validator exceeded its limits'), files: new Map<string, Buffer>() };
  return { run, check: decide(validator, checked.exitCode, checked.stderr.toString('utf8'), checked.files), files: checked.files };
}
