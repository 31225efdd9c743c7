import { describe, expect, it } from 'vitest';
import { diffExcerpt } from '../../../src/check/index.js';
import { b } from './helpers.js';

const numbered = (n: number, change?: (i: number) => string | null) =>
  `${Array.from({ length: n }, (_, i) => change?.(i) ?? String(i + 1))
    .filter((line) => line !== '')
    .join('\n')}\n`;

describe('diffExcerpt', () => {
  it('is empty when the two are equal', () => {
    expect(diffExcerpt(b('1 2\n'), b('1 2\n'))).toBe('');
    expect(diffExcerpt(b(''), b(''))).toBe('');
  });

  it('shows the first differing line with two lines of context on each side', () => {
    const expected = numbered(8);
    const got = numbered(8, (i) => (i === 4 ? 'X' : null));
    expect(diffExcerpt(b(expected), b(got)).split('\n')).toEqual(['@@ line 5: - expected, + output @@', '  3', '  4', '- 5', '+ X', '  6', '  7']);
  });

  it('takes the amount of context from the options', () => {
    const lines = diffExcerpt(b(numbered(8)), b(numbered(8, (i) => (i === 4 ? 'X' : null))), { context: 0 }).split('\n');
    expect(lines).toEqual(['@@ line 5: - expected, + output @@', '- 5', '+ X']);
  });

  it('starts at line 1 when the difference is at the top', () => {
    expect(diffExcerpt(b('a\nb\n'), b('z\nb\n')).split('\n')).toEqual(['@@ line 1: - expected, + output @@', '- a', '+ z', '  b']);
  });

  it('shows missing and extra lines', () => {
    expect(diffExcerpt(b('1\n2\n3\n'), b('1\n3\n')).split('\n')).toEqual(['@@ line 2: - expected, + output @@', '  1', '- 2', '  3']);
    expect(diffExcerpt(b('a\n'), b('')).split('\n')).toEqual(['@@ line 1: - expected, + output @@', '- a']);
  });

  it('marks a missing final newline', () => {
    const lines = diffExcerpt(b('a\nb\n'), b('a\nb')).split('\n');
    expect(lines).toContain('\\ no newline at end');
    expect(lines).toContain('+ b');
  });

  it('makes a carriage return and other control bytes visible', () => {
    const text = diffExcerpt(b('a\n'), b('a\r\n'));
    expect(text).toContain('+ a\\r');
    expect(diffExcerpt(b('x\n'), Buffer.from([0x78, 0x00, 0x0a]))).toContain('+ x\\x00');
    expect(diffExcerpt(b('x\n'), b('x  \n')).split('\n')).toEqual(['@@ line 1: - expected, + output @@', '- x', '+ x\\x20\\x20']);
    expect(diffExcerpt(b('a b\n'), b('a  b\n'))).toContain('+ a  b');
  });

  it('never exceeds the line budget', () => {
    const text = diffExcerpt(b('1\n'), b(numbered(200)));
    const lines = text.split('\n');
    expect(lines.length).toBeLessThanOrEqual(12);
    expect(lines[lines.length - 1]).toBe('…');
    expect(diffExcerpt(b('1\n'), b(numbered(200)), { maxLines: 5 }).split('\n')).toHaveLength(5);
  });

  it('scrolls a long line so that its first difference is visible, and cuts it', () => {
    const prefix = 'x'.repeat(5000);
    const text = diffExcerpt(b(`${prefix}A${'y'.repeat(500)}\n`), b(`${prefix}B${'y'.repeat(500)}\n`));
    const lines = text.split('\n');
    expect(lines[1]).toMatch(/^- …x+Ay+…$/);
    expect(lines[2]).toMatch(/^\+ …x+By+…$/);
    for (const line of lines) expect(line.length).toBeLessThan(110);
  });

  it('finds a difference deep in a large output quickly', () => {
    const expected = numbered(300_000);
    const got = numbered(300_000, (i) => (i === 250_000 ? 'oops' : null));
    const start = performance.now();
    const text = diffExcerpt(b(expected), b(got));
    expect(performance.now() - start).toBeLessThan(2000);
    expect(text).toContain('@@ line 250001');
    expect(text).toContain('- 250001');
    expect(text).toContain('+ oops');
  });

  it('copes with binary junk and invalid UTF-8', () => {
    const junk = Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 37) % 256));
    const text = diffExcerpt(b('1\n2\n'), junk);
    expect(text.split('\n').length).toBeLessThanOrEqual(12);
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
    expect(text).toContain('\\xff');
  });

  it('shows valid UTF-8 as text', () => {
    expect(diffExcerpt(b('héllo\n'), b('hello\n'))).toContain('- héllo');
  });
});
