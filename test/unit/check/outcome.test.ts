import { describe, expect, it } from 'vitest';
import { icpcOutcome, testlibOutcome } from '../../../src/check/index.js';

describe('icpcOutcome', () => {
  it('42 accepts, 43 rejects', () => {
    expect(icpcOutcome(42, {})).toEqual({ verdict: 'AC', score: null, message: '' });
    expect(icpcOutcome(43, { judgemessage: 'wrong sum\n' })).toEqual({ verdict: 'WA', score: null, message: 'wrong sum' });
  });

  it.each([0, 1, 2, 44, 139, 255])('exit code %i is a judge error that names the code', (code) => {
    const out = icpcOutcome(code, { judgemessage: 'whatever' });
    expect(out.verdict).toBe('JE');
    expect(out.message).toContain(`code ${code}`);
    expect(out.message).toContain('whatever');
  });

  it('a killed validator is a judge error', () => {
    const out = icpcOutcome(null, {});
    expect(out.verdict).toBe('JE');
    expect(out.message).toContain('killed');
  });

  it('prefers judgemessage, then teammessage', () => {
    expect(icpcOutcome(43, { judgemessage: 'for judges', teammessage: 'for team' }).message).toBe('for judges');
    expect(icpcOutcome(43, { teammessage: 'for team' }).message).toBe('for team');
    expect(icpcOutcome(43, { judgemessage: ' \n ', teammessage: 'for team' }).message).toBe('for team');
  });

  it('makes the message one line and caps it', () => {
    const out = icpcOutcome(43, { judgemessage: '\n  line one  \r\n\nline two\n' });
    expect(out.message).toBe('line one / line two');
    const long = icpcOutcome(43, { judgemessage: 'x'.repeat(10_000) });
    expect(long.message.length).toBeLessThanOrEqual(200);
    expect(long.message.endsWith('…')).toBe(true);
  });

  it('escapes control characters in the message', () => {
    expect(icpcOutcome(43, { judgemessage: 'bad\u0000byte\u001b[0m' }).message).toBe('bad\\x00byte\\x1b[0m');
  });

  it('reads score.txt as a number', () => {
    expect(icpcOutcome(42, { score: '37.5\n' })).toEqual({ verdict: 'AC', score: 37.5, message: '' });
    expect(icpcOutcome(42, { score: '  1e2 ' }).score).toBe(100);
    expect(icpcOutcome(43, { score: '0' })).toMatchObject({ verdict: 'WA', score: 0 });
  });

  it.each(['', 'abc', '12 points', 'nan', 'inf', '1e999'])('score.txt %j is a judge error', (text) => {
    const out = icpcOutcome(42, { score: text });
    expect(out.verdict).toBe('JE');
    expect(out.message).toContain('score.txt');
  });
});

describe('testlibOutcome', () => {
  it('0 is accepted with the checker message', () => {
    expect(testlibOutcome(0, 'ok 3 numbers\n')).toEqual({ verdict: 'AC', score: null, message: 'ok 3 numbers' });
  });

  it('1 and 4 are wrong answers', () => {
    expect(testlibOutcome(1, "wrong answer 1st numbers differ - expected: '5', found: '6'\n")).toEqual({
      verdict: 'WA',
      score: null,
      message: "wrong answer 1st numbers differ - expected: '5', found: '6'",
    });
    expect(testlibOutcome(4, 'wrong output format Extra information in the output file').verdict).toBe('WA');
  });

  it('2 and 8 are wrong answers marked as presentation errors', () => {
    expect(testlibOutcome(2, 'wrong output format Unexpected end of file')).toMatchObject({ verdict: 'WA', presentationError: true });
    expect(testlibOutcome(8, 'unexpected eof')).toMatchObject({ verdict: 'WA', presentationError: true });
    expect(testlibOutcome(1, 'x').presentationError).toBeUndefined();
  });

  it('3 is a judge error', () => {
    const out = testlibOutcome(3, 'FAIL answer file is broken');
    expect(out.verdict).toBe('JE');
    expect(out.message).toContain('FAIL answer file is broken');
  });

  it('7 reads the points from the message', () => {
    expect(testlibOutcome(7, 'points 0.5 half of the pairs\n')).toEqual({
      verdict: 'AC',
      score: 0.5,
      message: 'points 0.5 half of the pairs',
    });
    expect(testlibOutcome(7, '12.25 partial')).toMatchObject({ verdict: 'AC', score: 12.25 });
    expect(testlibOutcome(7, 'POINTS 3')).toMatchObject({ verdict: 'AC', score: 3 });
  });

  it('7 with zero points is a wrong answer that keeps the score', () => {
    expect(testlibOutcome(7, 'points 0 nothing right')).toMatchObject({ verdict: 'WA', score: 0 });
  });

  it('7 without a number is a judge error', () => {
    expect(testlibOutcome(7, 'points many').verdict).toBe('JE');
    expect(testlibOutcome(7, '').verdict).toBe('JE');
    expect(testlibOutcome(7, '0.5abc').verdict).toBe('JE');
  });

  it.each([5, 6, 9, 16, 42, 134, -1])('exit code %i is a judge error', (code) => {
    const out = testlibOutcome(code, 'text');
    expect(out.verdict).toBe('JE');
    expect(out.message).toContain(String(code));
  });

  it('a killed checker is a judge error', () => {
    expect(testlibOutcome(null, '')).toMatchObject({ verdict: 'JE', message: expect.stringContaining('killed') });
  });
});
