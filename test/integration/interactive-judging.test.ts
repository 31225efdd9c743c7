import { cpSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { workspace } from '../helpers/zuko.js';

/**
 * Interactive and multi-pass problems as their authors expect them judged: problemtools' guess
 * (interactive: who ended first decides) and DOMjudge's jumble (two passes) and boolfind.
 */
const CONFORMANCE = path.resolve('../shared/conformance');
const w = workspace();
afterAll(() => w.remove());

function copy(rel: string): string {
  const target = path.join(w.dir, path.basename(rel));
  cpSync(path.join(CONFORMANCE, rel), target, { recursive: true });
  return target;
}

async function verdict(problem: string, file: string): Promise<string> {
  const r = await w.run(['submit', problem, path.join(problem, 'submissions', file), '--json']);
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { verdict: string }).verdict;
}

describe('interactive problems', () => {
  const guess = copy('problemtools/examples/guess');
  const cases: Array<[string, string]> = [
    ['accepted/guess.cc', 'AC'],
    // The validator accepted, then the program crashed or ran on: its own failure decides.
    ['run_time_error/guess_rte_after_correct.cc', 'RTE'],
    ['time_limit_exceeded/guess_tle_after_correct.cc', 'TLE'],
    // The validator rejected first: that stands, whatever the program did after.
    ['wrong_answer/guess_tle.cc', 'WA'],
    ['wrong_answer/guess_0.cc', 'WA'],
  ];
  for (const [file, expected] of cases) {
    it(`judges guess ${file} as ${expected}`, async () => {
      expect(await verdict(guess, file)).toBe(expected);
    });
  }

  it('a program that floods the interactor and never reads is TLE, not a judge error', async () => {
    const boolfind = copy('domjudge/example_problems/boolfind');
    expect(await verdict(boolfind, 'time_limit_exceeded/boolfind-test-loop.cc')).toBe('TLE');
  });
});

describe('multi-pass problems', () => {
  const jumble = copy('domjudge/example_problems/jumble');
  it('runs the program again on the input the validator hands it', async () => {
    expect(await verdict(jumble, 'accepted/increase_char.py')).toBe('AC');
    expect(await verdict(jumble, 'wrong_answer/reverse.py')).toBe('WA');
  });
});
