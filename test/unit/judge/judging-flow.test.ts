import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import PQueue from 'p-queue';
import { afterEach, describe, expect, it } from 'vitest';
import { prepareChecker } from '../../../src/judge/checker.js';
import { type JudgeContext, judgeSubmission } from '../../../src/judge/judge.js';
import { loadLanguages, resolveLanguage } from '../../../src/lang/config.js';
import { loadProblem } from '../../../src/problem/load.js';
import type { RunResult, RunSpec, Sandbox } from '../../../src/sandbox/types.js';
import { SandboxError } from '../../../src/util/errors.js';

/**
 * The judging flow (compile once, every test through the queue, checker, verdict, grading) on a
 * sandbox that runs nothing: a script decides what each run did. The Docker-backed tests cover the
 * sandbox itself; these cover what the judge makes of its results.
 */

type Script = (stdin: string) => Partial<RunResult>;

class ScriptedSandbox implements Sandbox {
  readonly concurrency = 2;
  readonly calls: Array<{ image: string; spec: RunSpec }> = [];
  readonly released: string[] = [];

  constructor(
    private readonly program: Script,
    private readonly compiler: () => Partial<RunResult> = () => ({}),
  ) {}

  async run(image: string, spec: RunSpec): Promise<RunResult> {
    this.calls.push({ image, spec });
    if (spec.collect) {
      const compiled = { ...result(''), ...this.compiler() };
      // The compiler leaves the artifacts it was asked for, unless it failed.
      if (compiled.status === 'OK') compiled.files = new Map(spec.collect.map((name) => [name, Buffer.from('binary')]));
      return compiled;
    }
    return { ...result(''), ...this.program(spec.stdin?.toString('utf8') ?? '') };
  }

  prepare(): void {}

  imageId(image: string): string {
    return `scripted/${image}:1`;
  }

  async health(): Promise<{ engine: boolean; images: boolean }> {
    return { engine: true, images: true };
  }

  release(owner: string): void {
    this.released.push(owner);
  }

  async close(): Promise<void> {}
}

function result(stdout: string): RunResult {
  return {
    status: 'OK',
    limitHit: null,
    exitCode: 0,
    signal: null,
    cpuMs: 3,
    wallMs: 4,
    memoryKb: 1000,
    stdout: Buffer.from(stdout),
    stdoutBytes: Buffer.byteLength(stdout),
    stderr: Buffer.alloc(0),
    stderrBytes: 0,
    files: new Map(),
    oversize: [],
    peer: null,
  };
}

/** A correct a+b, as the real program would answer. */
const sum: Script = (stdin) => {
  const [a, b] = stdin.trim().split(/\s+/).map(BigInt);
  return result(`${a + b}\n`);
};

const languages = loadLanguages();
const c = resolveLanguage(languages, 'main.c');
const problem = loadProblem('problems/sum');
const dirs: string[] = [];

function context(sandbox: Sandbox): JudgeContext {
  const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'zuko-judge-flow-'));
  dirs.push(cacheDir);
  return {
    sandbox,
    cacheDir,
    queue: new PQueue({ concurrency: sandbox.concurrency }),
    checkerFor: (p) => prepareChecker({ sandbox, languages, cacheDir }, p),
  };
}

const judge = (sandbox: Sandbox, source = 'int main(){}') =>
  judgeSubmission(context(sandbox), { problem, timeLimitMs: problem.limits.timeLimitMs!, lang: c, source: Buffer.from(source) });

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('judging flow on a scripted sandbox', () => {
  it('compiles once, runs every test in the language image with the problem limits, and accepts', async () => {
    const sandbox = new ScriptedSandbox(sum);
    const report = await judge(sandbox);
    expect(report.verdict).toBe('AC');
    expect(report.score).toBe(report.maxScore);
    expect(report.tests.map((t) => t.name)).toEqual(problem.tests.map((t) => t.name));
    expect(report.tests.every((t) => t.verdict === 'AC')).toBe(true);
    const compiles = sandbox.calls.filter((call) => call.spec.collect);
    const runs = sandbox.calls.filter((call) => !call.spec.collect);
    expect(compiles).toHaveLength(1);
    expect(runs).toHaveLength(problem.tests.length);
    expect(new Set(sandbox.calls.map((call) => call.image))).toEqual(new Set(['gcc']));
    expect(runs[0].spec).toMatchObject({ argv: ['./main'], program: { files: [{ name: 'main' }] } });
    expect(runs[0].spec.limits).toMatchObject({ cpuMs: 1000, memoryKb: 256 * 1024, outputBytes: 8 << 20 });
    // Every run of the judging is one owner's, and the owner is released when it is done.
    const owners = new Set(sandbox.calls.map((call) => call.spec.owner));
    expect(owners.size).toBe(1);
    expect(sandbox.released).toEqual([...owners]);
  });

  it('gives the first failing test in package order, with the checker message and a diff excerpt', async () => {
    // 32-bit overflow on the large cases only.
    const overflow: Script = (stdin) => {
      const [a, b] = stdin.trim().split(/\s+/).map(Number);
      return result(`${(a + b) | 0}\n`);
    };
    const report = await judge(new ScriptedSandbox(overflow), 'overflow');
    expect(report.verdict).toBe('WA');
    const failing = report.tests.filter((t) => t.verdict === 'WA').map((t) => t.name);
    expect(failing[0]).toBe('secret/03-max');
    expect(report.firstFailure?.name).toBe('secret/03-max');
    expect(report.firstFailure?.message).toMatch(/expected "4000000000"/);
    expect(report.firstFailure?.excerpt).toContain('4000000000');
    expect(report.score).toBe(0);
  });

  it('turns the run status into the verdict: a timeout on one test is TLE with its CPU time', async () => {
    const slowOnRandom: Script = (stdin) => (stdin.startsWith('-793441127') ? { ...result(''), status: 'TIMEOUT', limitHit: 'cpu', cpuMs: 1003 } : sum(stdin));
    const report = await judge(new ScriptedSandbox(slowOnRandom), 'slow');
    const slow = report.tests.find((t) => t.verdict === 'TLE');
    expect(report.verdict).toBe('TLE');
    expect(slow?.message).toBe('CPU time 1003 ms');
    expect(report.timeMs).toBe(1003);
  });

  it('reports a compile error with the compiler output and runs nothing', async () => {
    const sandbox = new ScriptedSandbox(sum, () => ({ status: 'RUNTIME_ERROR', exitCode: 1, stderr: Buffer.from("main.c:1: error: expected ';'") }));
    const report = await judge(sandbox, 'int main( {');
    expect(report.verdict).toBe('CE');
    expect(report.compile).toMatchObject({ ok: false });
    expect(report.compile.output).toMatch(/expected ';'/);
    expect(report.tests).toEqual([]);
    expect(sandbox.calls.filter((call) => !call.spec.collect)).toEqual([]);
  });

  it('never turns a failure of the sandbox into a verdict: the judging rejects and its owner is released', async () => {
    let runs = 0;
    const breaks: Script = (stdin) => {
      if (++runs === 4) throw new SandboxError('supervisor exited');
      return sum(stdin);
    };
    const sandbox = new ScriptedSandbox(breaks);
    await expect(judge(sandbox, 'breaks')).rejects.toThrow(SandboxError);
    expect(sandbox.released).toHaveLength(1);
  });
});
