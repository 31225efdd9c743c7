import { describe, expect, it } from 'vitest';
import { accepted, judgeError, wrongAnswer } from '../../../src/check/outcome.js';
import { interactiveDecision } from '../../../src/judge/interactive.js';
import type { PeerResult, RunResult } from '../../../src/sandbox/types.js';

const run = (status: RunResult['status']): RunResult => ({
  status,
  limitHit: null,
  exitCode: 0,
  signal: null,
  cpuMs: 1,
  wallMs: 1,
  memoryKb: 1,
  stdout: Buffer.alloc(0),
  stdoutBytes: 0,
  stderr: Buffer.alloc(0),
  stderrBytes: 0,
  files: new Map(),
  oversize: [],
  peer: null,
});
const peer = (exitedFirst: boolean, killedBy: PeerResult['killedBy'] = 'none'): PeerResult => ({
  exitCode: 0,
  signal: null,
  cpuMs: 1,
  wallMs: 1,
  killedBy,
  exitedFirst,
  stderr: Buffer.alloc(0),
  files: new Map(),
});

describe('who decides an interactive run', () => {
  it('a rejection before the program ended stands, whatever the program did after', () => {
    expect(interactiveDecision(run('TIMEOUT'), peer(true), wrongAnswer('no'))?.verdict).toBe('WA');
    expect(interactiveDecision(run('RUNTIME_ERROR'), peer(true), wrongAnswer('no'))?.verdict).toBe('WA');
  });

  it('a program killed by SIGPIPE came after the validator, however close the two ends were', () => {
    const piped = { ...run('RUNTIME_ERROR'), signal: 13 };
    expect(interactiveDecision(piped, peer(false), wrongAnswer('extra data'))?.verdict).toBe('WA');
  });

  it('an acceptance first stands unless the program then failed', () => {
    expect(interactiveDecision(run('OK'), peer(true), accepted())?.verdict).toBe('AC');
    expect(interactiveDecision(run('RUNTIME_ERROR'), peer(true), accepted())).toBeNull();
    expect(interactiveDecision(run('TIMEOUT'), peer(true), accepted())).toBeNull();
  });

  it('the program ending first with a failure decides, even if the validator then died of the broken pipe', () => {
    expect(interactiveDecision(run('TIMEOUT'), peer(false), judgeError('killed'))).toBeNull();
    expect(interactiveDecision(run('MEMORY_LIMIT'), peer(false), wrongAnswer('eof'))).toBeNull();
  });

  it('after a clean program, the validator decides, and its own failure is a judge error', () => {
    expect(interactiveDecision(run('OK'), peer(false), wrongAnswer('eof'))?.verdict).toBe('WA');
    expect(interactiveDecision(run('OK'), peer(false), judgeError('exit 0'))?.verdict).toBe('JE');
    expect(interactiveDecision(run('OK'), peer(false, 'wall'), accepted())?.verdict).toBe('JE');
    expect(interactiveDecision(run('OK'), peer(true, 'cpu'), accepted())?.verdict).toBe('JE');
  });
});
