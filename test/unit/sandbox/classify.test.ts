import { describe, expect, it } from 'vitest';
import { classify, defaultWallMs } from '../../../src/sandbox/classify.js';
import type { RunFacts } from '../../../src/sandbox/types.js';

const LIMITS = {
  cpuMs: 1000,
  wallMs: 2000,
  memoryKb: 65536,
  stackKb: 65536,
  outputBytes: 1000,
  stderrBytes: 100,
  fileBytes: 1000,
  processes: 64,
  scratchBytes: 1 << 20,
};
const clean: RunFacts = {
  exitCode: 0,
  signal: null,
  cpuUs: 5000,
  wallUs: 6000,
  memoryKb: 2000,
  stdoutTotal: 10,
  stderrTotal: 0,
  killedBy: 'none',
  oomKills: 0,
  clean: true,
};
const of = (f: Partial<RunFacts>) => classify({ ...clean, ...f }, LIMITS);

describe('classify', () => {
  it('accepts a clean run', () => expect(of({})).toEqual({ status: 'OK', limitHit: null }));
  it('CPU over the limit is a timeout even when the program exited cleanly', () =>
    expect(of({ cpuUs: 1_000_001 })).toEqual({ status: 'TIMEOUT', limitHit: 'cpu' }));
  it('a wall kill is a timeout', () => expect(of({ killedBy: 'wall', signal: 9, exitCode: null })).toEqual({ status: 'TIMEOUT', limitHit: 'wall' }));
  it('an OOM kill is a memory outcome, not a crash', () =>
    expect(of({ oomKills: 1, signal: 9, exitCode: null })).toEqual({ status: 'MEMORY_LIMIT', limitHit: 'memory' }));
  it('a peak over the limit is a memory outcome even without a kill', () =>
    expect(of({ memoryKb: 70000 })).toEqual({ status: 'MEMORY_LIMIT', limitHit: 'memory' }));
  it('a memory peak over the limit beats running out of time', () => expect(of({ memoryKb: 70000, killedBy: 'cpu', signal: 9 }).status).toBe('MEMORY_LIMIT'));
  it('time beats a peak within the limit', () => expect(of({ memoryKb: 100, killedBy: 'cpu', signal: 9 }).status).toBe('TIMEOUT'));
  it('output over the limit is its own outcome, not SIGXFSZ or a crash', () =>
    expect(of({ killedBy: 'output', signal: 9, exitCode: null, stdoutTotal: 1001 })).toEqual({ status: 'OUTPUT_LIMIT', limitHit: 'output' }));
  it('a signal or non-zero exit is a runtime error', () => {
    expect(of({ signal: 11, exitCode: null }).status).toBe('RUNTIME_ERROR');
    expect(of({ exitCode: 1 }).status).toBe('RUNTIME_ERROR');
  });
  it('an unreadable OOM counter does not invent a memory outcome', () =>
    expect(of({ oomKills: null, signal: 9, exitCode: null }).status).toBe('RUNTIME_ERROR'));
  it('derives the wall limit as max(2 x CPU, CPU + 1 s)', () => {
    expect(defaultWallMs(500)).toBe(1500);
    expect(defaultWallMs(3000)).toBe(6000);
  });
});
