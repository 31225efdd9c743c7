import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compareDefault, compareDefaultSync, compareDefaultWithFile, parseValidatorFlags, type DefaultValidatorFlags } from '../../../src/check/index.js';
import { b, fixedChunks, naiveAccepts, tinyChunks } from './helpers.js';

const FLAG_SETS: string[][] = [
  [],
  ['case_sensitive'],
  ['space_change_sensitive'],
  ['float_tolerance', '1e-6'],
  ['space_change_sensitive', 'float_absolute_tolerance', '0.01', 'case_sensitive'],
];

function flagsOf(args: string[]): DefaultValidatorFlags {
  return parseValidatorFlags(args).flags;
}

/** A small random text over an alphabet that makes tokens split, merge and differ often. */
function randomText(next: () => number, length: number): string {
  const alphabet = ['1', '2', 'a', 'A', '.', 'e', '-', ' ', ' ', '\n', '\r\n', '\t', 'nan', 'inf', '1.5', '\u0000'];
  let text = '';
  for (let i = 0; i < length; i++) text += alphabet[Math.floor(next() * alphabet.length)];
  return text;
}

function generator(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

describe('answers read in chunks', () => {
  it('finds tokens split across 1-3 byte chunks', async () => {
    const answer = b('12345 hello\r\nworld 3.14159\n');
    const flags = flagsOf(['float_tolerance', '1e-3']);
    await expect(compareDefault(tinyChunks(answer), b('12345 HELLO world 3.1416'), flags)).resolves.toMatchObject({ verdict: 'AC' });
    const wrong = await compareDefault(tinyChunks(answer), b('12345 hello world 3.15'), flags);
    expect(wrong.verdict).toBe('WA');
    expect(wrong.message).toContain('token 4 (line 1, answer line 2): expected 3.14159, got 3.15');
  });

  it('never joins the last token of one chunk with the first of the next', async () => {
    const flags = flagsOf([]);
    const chunks = async function* () {
      yield b('12');
      yield b(' 34');
      yield b('5 6');
    };
    await expect(compareDefault(chunks(), b('12 345 6'), flags)).resolves.toMatchObject({ verdict: 'AC' });
    await expect(compareDefault(chunks(), b('1234 5 6'), flags)).resolves.toMatchObject({ verdict: 'WA' });
  });

  it('gives the same outcome for every chunking, on random inputs', async () => {
    const next = generator(7);
    for (let round = 0; round < 300; round++) {
      const answer = b(randomText(next, 1 + Math.floor(next() * 12)));
      // Half the time the output is the answer with small edits, so accepted cases are common too.
      const output = next() < 0.5 ? b(randomText(next, Math.floor(next() * 12))) : Buffer.from(answer.toString().replace(/ /g, '  '));
      for (const args of FLAG_SETS) {
        const flags = flagsOf(args);
        const whole = compareDefaultSync(answer, output, flags);
        const small = await compareDefault(tinyChunks(answer, round + 1), output, flags);
        const byTwo = await compareDefault(fixedChunks(answer, 2), output, flags);
        expect(small).toEqual(whole);
        expect(byTwo).toEqual(whole);
      }
    }
  });

  it('agrees with a plain split-and-compare in the normal mode, on random inputs', async () => {
    const next = generator(99);
    const flags = flagsOf([]);
    let accepted = 0;
    for (let round = 0; round < 500; round++) {
      const answerText = randomText(next, Math.floor(next() * 10));
      const outputText = next() < 0.5 ? randomText(next, Math.floor(next() * 10)) : answerText.toUpperCase().replace(/\n/g, ' ');
      const outcome = await compareDefault(tinyChunks(b(answerText), round), b(outputText), flags);
      expect(outcome.verdict === 'AC', JSON.stringify([answerText, outputText])).toBe(naiveAccepts(answerText, outputText));
      if (outcome.verdict === 'AC') accepted += 1;
    }
    expect(accepted).toBeGreaterThan(100);
  });

  it('stops reading the answer at the first difference', async () => {
    let chunksRead = 0;
    const endless = async function* () {
      for (;;) {
        chunksRead += 1;
        yield b('1 ');
      }
    };
    const outcome = await compareDefault(endless(), b('1 1 2'), flagsOf([]));
    expect(outcome.verdict).toBe('WA');
    expect(chunksRead).toBeLessThan(10);
  });

  it('passes a failing answer stream on as a rejection', async () => {
    const failing = async function* () {
      yield b('1 ');
      throw new Error('disk gone');
    };
    await expect(compareDefault(failing(), b('1 2'), flagsOf([]))).rejects.toThrow('disk gone');
  });
});

describe('a several-MB answer', () => {
  const lines = Array.from({ length: 400_000 }, (_, i) => `${i} ${(i * 0.001).toFixed(3)}`);
  const answer = b(`${lines.join('\n')}\n`);
  const dir = mkdtempSync(join(tmpdir(), 'check-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is several MB', () => {
    expect(answer.length).toBeGreaterThan(5_000_000);
  });

  it('is accepted when equal, streamed in 64 KiB chunks', async () => {
    const outcome = await compareDefault(fixedChunks(answer, 1 << 16), answer, flagsOf([]));
    expect(outcome.verdict).toBe('AC');
  });

  it('finds one wrong number near the end, with its token and line', async () => {
    const changed = [...lines];
    changed[399_990] = '399990 399.991';
    const outcome = await compareDefault(fixedChunks(answer, 4099), b(changed.join('\n')), flagsOf(['float_absolute_tolerance', '1e-4']));
    expect(outcome.verdict).toBe('WA');
    expect(outcome.message).toBe(`token ${399_990 * 2 + 2} (line 399991): expected 399.990, got 399.991 (absolute error 0.001 > 0.0001)`);
  });

  it('streams the answer from a file', async () => {
    const file = join(dir, 'big.ans');
    writeFileSync(file, answer);
    await expect(compareDefaultWithFile(file, answer, flagsOf(['space_change_sensitive']))).resolves.toMatchObject({ verdict: 'AC' });
    const short = b(lines.slice(0, -1).join('\n'));
    const outcome = await compareDefaultWithFile(file, short, flagsOf([]));
    expect(outcome.verdict).toBe('WA');
    expect(outcome.message).toBe(`output ends early: expected "399999" at token ${399_999 * 2 + 1} (answer line 400000)`);
  });

  it('rejects when the answer file is missing', async () => {
    await expect(compareDefaultWithFile(join(dir, 'missing.ans'), b(''), flagsOf([]))).rejects.toThrow(/ENOENT/);
  });
});
