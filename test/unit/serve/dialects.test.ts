import { describe, expect, it } from 'vitest';
import { loadLanguages } from '../../../src/lang/config.js';
import { byName, DIALECT_LANGUAGES, dialectLanguages } from '../../../src/serve/dialect-languages.js';
import { versionMatches } from '../../../src/serve/dialects/piston.js';
import { judge0Outcome, judge0Strip } from '../../../src/serve/dialects/judge0-status.js';
import type { ExecResult } from '../../../src/serve/executor.js';
import type { RunResult } from '../../../src/sandbox/types.js';

function run(over: Partial<RunResult>): RunResult {
  return {
    status: 'OK',
    limitHit: null,
    exitCode: 0,
    signal: null,
    cpuMs: 1,
    wallMs: 1,
    memoryKb: 100,
    stdout: Buffer.from('42\n'),
    stdoutBytes: 3,
    stderr: Buffer.alloc(0),
    stderrBytes: 0,
    files: new Map(),
    oversize: [],
    peer: null,
    ...over,
  };
}

function result(status: ExecResult['status'], over: Partial<RunResult> = {}): ExecResult {
  return {
    status,
    compile: { ok: status !== 'COMPILE_ERROR', output: '', ms: 1 },
    run: status === 'COMPILE_ERROR' ? null : run({ status: status as RunResult['status'], ...over }),
    error: status === 'ERROR' ? 'the sandbox failed' : null,
  };
}

describe('Judge0 statuses', () => {
  it('maps every outcome to the id Judge0 gives it', () => {
    const id = (r: ExecResult, expected: string | null = null) => judge0Outcome(r, expected === null ? null : Buffer.from(expected)).statusId;
    expect(id(result('OK'))).toBe(3);
    expect(id(result('OK'), '42')).toBe(3);
    expect(id(result('OK'), '43')).toBe(4);
    expect(id(result('TIMEOUT'))).toBe(5);
    expect(id(result('COMPILE_ERROR'))).toBe(6);
    expect(id(result('RUNTIME_ERROR', { signal: 11, exitCode: null }))).toBe(7);
    expect(id(result('RUNTIME_ERROR', { signal: 25, exitCode: null }))).toBe(8);
    expect(id(result('RUNTIME_ERROR', { signal: 8, exitCode: null }))).toBe(9);
    expect(id(result('RUNTIME_ERROR', { signal: 6, exitCode: null }))).toBe(10);
    expect(id(result('RUNTIME_ERROR', { exitCode: 1 }))).toBe(11);
    expect(id(result('RUNTIME_ERROR', { signal: 9, exitCode: null }))).toBe(12);
    expect(id(result('ERROR'))).toBe(13);
  });

  it('compares like Judge0: trailing spaces per line and trailing newlines do not count', () => {
    expect(judge0Strip('a  \nb\t\n\n\n')).toBe('a\nb');
    expect(judge0Strip(' a')).toBe(' a');
  });
});

describe('dialect language names', () => {
  const table = loadLanguages();

  it('maps only languages the table has, with distinct Judge0 ids', () => {
    const ids = Object.values(DIALECT_LANGUAGES).flatMap((d) => d.judge0);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of Object.keys(DIALECT_LANGUAGES)) expect(table.languages.map((l) => l.id)).toContain(id);
    expect(dialectLanguages(table).map((d) => d.lang.id)).toEqual(Object.keys(DIALECT_LANGUAGES).filter((id) => table.languages.some((l) => l.id === id)));
  });

  it('finds languages by id and by the names simple clients use', () => {
    expect(byName(table, 'python')?.id).toBe('python');
    expect(byName(table, 'Python3')?.id).toBe('python');
    expect(byName(table, 'c++')?.id).toBe('cpp');
    expect(byName(table, 'cobol')).toBeNull();
  });

  it("matches Piston's version requests", () => {
    expect(versionMatches('*', '3.11.2')).toBe(true);
    expect(versionMatches('3.11.2', '3.11.2')).toBe(true);
    expect(versionMatches('3', '3.11.2')).toBe(true);
    expect(versionMatches('3.x', '3.11.2')).toBe(true);
    expect(versionMatches('3.10', '3.11.2')).toBe(false);
    expect(versionMatches('2', '3.11.2')).toBe(false);
  });
});
