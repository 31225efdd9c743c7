import { describe, expect, it } from 'vitest';
import { compareDefault, compareDefaultSync, parseValidatorFlags, type CheckOutcome } from '../../../src/check/index.js';
import { b } from './helpers.js';

function flagsOf(...args: string[]) {
  const parsed = parseValidatorFlags(args);
  expect(parsed.errors).toEqual([]);
  return parsed.flags;
}

function check(answer: string | Buffer, output: string | Buffer, ...args: string[]): CheckOutcome {
  const toBuf = (x: string | Buffer) => (typeof x === 'string' ? b(x) : x);
  return compareDefaultSync(toBuf(answer), toBuf(output), flagsOf(...args));
}

const verdict = (answer: string | Buffer, output: string | Buffer, ...args: string[]) => check(answer, output, ...args).verdict;

describe('default validator: tokens and whitespace', () => {
  it('accepts identical output with an empty message and no score', () => {
    expect(check('1 2 3\n', '1 2 3\n')).toEqual({ verdict: 'AC', score: null, message: '' });
  });

  it('treats any run of whitespace as equal to any other', () => {
    expect(verdict('1 2\n3\n', '1\t\t2   3')).toBe('AC');
    expect(verdict('1 2\n', '\n\n  1\n\n2\n\n\n')).toBe('AC');
    expect(verdict('a\vb\fc', 'a b c')).toBe('AC');
  });

  it('accepts CRLF output against an LF answer and the other way round', () => {
    expect(verdict('1\n2\n', '1\r\n2\r\n')).toBe('AC');
    expect(verdict('1\r\n2\r\n', '1\n2')).toBe('AC');
  });

  it('ignores a missing final newline and trailing whitespace', () => {
    expect(verdict('42\n', '42')).toBe('AC');
    expect(verdict('42', '42   \n\n')).toBe('AC');
  });

  it('accepts an empty output for an empty or blank answer', () => {
    expect(verdict('', '')).toBe('AC');
    expect(verdict('\n\n', ' ')).toBe('AC');
  });

  it('rejects a different token and names where', () => {
    const out = check('1 2 42\n', '1 2 43\n');
    expect(out.verdict).toBe('WA');
    expect(out.message).toBe('token 3 (line 1): expected "42", got "43"');
  });

  it('gives the output line and, when different, the answer line', () => {
    expect(check('1\n2\n3\n', '1 2 4').message).toBe('token 3 (line 1, answer line 3): expected "3", got "4"');
    expect(check('1\n2\n3\n', '1\n2\n4\n').message).toBe('token 3 (line 3): expected "3", got "4"');
  });

  it('does not accept tokens that merely run together', () => {
    expect(verdict('1 2', '12')).toBe('WA');
    expect(verdict('12', '1 2')).toBe('WA');
  });

  it('rejects an output that ends early', () => {
    const out = check('1 2 3 4 7\n', '1 2 3 4\n');
    expect(out.verdict).toBe('WA');
    expect(out.message).toBe('output ends early: expected "7" at token 5 (answer line 1)');
  });

  it('says when the output is empty or only whitespace', () => {
    expect(check('7\n', '').message).toBe('output is empty: expected "7"');
    expect(check('7\n', ' \n').message).toBe('output has no tokens, only whitespace: expected "7"');
  });

  it('rejects extra output after the answer', () => {
    const out = check('1 2\n', '1 2\n8\n');
    expect(out.verdict).toBe('WA');
    expect(out.message).toBe('extra output after the answer: "8" (line 2)');
    expect(check('', 'x').verdict).toBe('WA');
  });
});

describe('default validator: letter case', () => {
  it('ignores ASCII case by default', () => {
    expect(verdict('Yes\nPOSSIBLE', 'yes\npossible')).toBe('AC');
  });

  it('compares case with case_sensitive and says that case is the difference', () => {
    const out = check('Yes', 'yes', 'case_sensitive');
    expect(out.verdict).toBe('WA');
    expect(out.message).toBe('token 1 (line 1): expected "Yes", got "yes" (letter case differs)');
    expect(verdict('Yes', 'Yes', 'case_sensitive')).toBe('AC');
  });

  it('folds only ASCII letters', () => {
    expect(verdict('É', 'é')).toBe('WA');
    expect(verdict('straße', 'STRAßE')).toBe('AC');
  });
});

describe('default validator: space_change_sensitive', () => {
  const S = 'space_change_sensitive';

  it('accepts byte-identical whitespace', () => {
    expect(verdict('1 2\n3\n', '1 2\n3\n', S)).toBe('AC');
    expect(verdict('  1\t\t2  \n\n', '  1\t\t2  \n\n', S)).toBe('AC');
  });

  it('rejects a different whitespace byte', () => {
    const out = check('1 2\n', '1\n2\n', S);
    expect(out.verdict).toBe('WA');
    expect(out.message).toBe('line 1, after token 1: whitespace differs: expected " ", got "\\n"');
  });

  it('rejects extra whitespace between tokens', () => {
    const out = check('1 2\n', '1  2\n', S);
    expect(out.message).toBe('token 2 (line 1): expected "2", got extra whitespace " "');
  });

  it('rejects missing whitespace where the answer has some', () => {
    expect(check('1  2\n', '1 2\n', S).message).toBe('line 1, after token 1: whitespace differs: expected " ", got "2"');
  });

  it('rejects a missing final newline', () => {
    const out = check('1 2\n', '1 2', S);
    expect(out.verdict).toBe('WA');
    expect(out.message).toBe('line 1, after token 2: output ends early: expected whitespace "\\n"');
  });

  it('rejects trailing whitespace the answer does not have', () => {
    const out = check('1 2\n', '1 2\n\n', S);
    expect(out.message).toBe('line 2: extra whitespace at the end of the output: "\\n"');
    expect(verdict('1 2\n', '1 2 \n', S)).toBe('WA');
  });

  it('rejects CRLF against LF', () => {
    expect(check('1\n', '1\r\n', S).message).toBe('line 1, after token 1: whitespace differs: expected "\\n", got "\\r"');
  });

  it('checks leading whitespace on both sides', () => {
    expect(verdict(' 1', '1', S)).toBe('WA');
    expect(verdict('1', ' 1', S)).toBe('WA');
    expect(verdict('\n1', '\n1', S)).toBe('AC');
  });

  it('still ignores case unless asked', () => {
    expect(verdict('A b\n', 'a B\n', S)).toBe('AC');
    expect(verdict('A b\n', 'a B\n', S, 'case_sensitive')).toBe('WA');
  });
});

describe('default validator: junk bytes', () => {
  it('treats a NUL byte as part of a token, never crashing', () => {
    expect(verdict('1\n', b('1\u0000\n'))).toBe('WA');
    const out = check('1 2', Buffer.from([0x31, 0x20, 0x00, 0x32]));
    expect(out.message).toBe('token 2 (line 1): expected "2", got "\\x002"');
  });

  it('handles arbitrary binary output', () => {
    const junk = Buffer.alloc(70_000);
    for (let i = 0; i < junk.length; i++) junk[i] = (i * 131 + 7) % 256;
    for (const args of [[], ['space_change_sensitive'], ['float_tolerance', '1e-6'], ['case_sensitive']]) {
      const out = check('1 2 3\n', junk, ...args);
      expect(out.verdict).toBe('WA');
      expect(out.message.length).toBeLessThan(300);
      expect(out.message).not.toMatch(/[\u0000-\u0008\u000e-\u001f]/);
    }
  });

  it('accepts matching binary tokens', () => {
    const bytes = Buffer.from([0xff, 0xfe, 0x20, 0x80, 0x0a]);
    expect(verdict(bytes, Buffer.from([0xff, 0xfe, 0x0a, 0x80]))).toBe('AC');
  });

  it('shows non-printable bytes escaped and cuts long tokens', () => {
    const long = 'x'.repeat(5000);
    const out = check('short', long);
    expect(out.message).toContain('…(5000 bytes)');
    expect(out.message.length).toBeLessThan(150);
    expect(check('a', b('a\u001b[31m')).message).toContain('"a\\x1b[31m"');
  });
});

describe('default validator: long lines', () => {
  it('compares a 200k-character line of tokens', () => {
    const line = Array.from({ length: 40_000 }, (_, i) => String(i % 1000)).join(' ');
    expect(verdict(`${line}\n`, line)).toBe('AC');
    const changed = line.replace(/ 999 (?=[\s\S]*$)/, ' 998 ');
    const out = check(`${line}\n`, changed);
    expect(out.verdict).toBe('WA');
    expect(out.message).toMatch(/^token \d+ \(line 1\): expected "999", got "998"$/);
  });

  it('compares a single 150k-character token', () => {
    const token = 'ab'.repeat(75_000);
    expect(verdict(token, token.toUpperCase())).toBe('AC');
    expect(verdict(token, `${token}a`)).toBe('WA');
  });
});

describe('compareDefault with a buffer answer', () => {
  it('gives the same outcome as the synchronous form', async () => {
    const flags = flagsOf();
    await expect(compareDefault(b('1 2'), b('1 3'), flags)).resolves.toEqual(compareDefaultSync(b('1 2'), b('1 3'), flags));
  });
});
