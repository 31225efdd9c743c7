import { describe, expect, it } from 'vitest';
import { escapeBytes, formatNumber, oneLine, quoteBytes } from '../../../src/check/text.js';

describe('quoteBytes', () => {
  it('quotes plain text and escapes quotes and backslashes', () => {
    expect(quoteBytes(Buffer.from('a"b\\c'))).toBe('"a\\"b\\\\c"');
  });

  it('makes whitespace and control bytes visible', () => {
    expect(quoteBytes(Buffer.from(' \t\r\n\v\f'))).toBe('" \\t\\r\\n\\v\\f"');
    expect(quoteBytes(Buffer.from([0x00, 0x07, 0x7f]))).toBe('"\\x00\\x07\\x7f"');
  });

  it('keeps valid UTF-8 and escapes invalid bytes', () => {
    expect(quoteBytes(Buffer.from('日本'))).toBe('"日本"');
    expect(quoteBytes(Buffer.from([0xe6, 0x97]))).toBe('"\\xe6\\x97"');
    expect(quoteBytes(Buffer.from([0xc0, 0x80]))).toBe('"\\xc0\\x80"');
    expect(quoteBytes(Buffer.from([0xed, 0xa0, 0x80]))).toBe('"\\xed\\xa0\\x80"');
  });

  it('shows invisible characters as code points', () => {
    expect(quoteBytes(Buffer.from('a\u00a0b\ufeff'))).toBe('"a\\u{a0}b\\u{feff}"');
  });

  it('cuts long tokens and says how long they were', () => {
    expect(quoteBytes(Buffer.from('z'.repeat(1000)), 5)).toBe('"zzzzz…(1000 bytes)"');
    expect(escapeBytes(Buffer.from('z'.repeat(1000)), 5, false, false)).toBe('zzzzz…');
  });
});

describe('oneLine', () => {
  it('joins the non-blank lines', () => {
    expect(oneLine('a\r\n\n  b  \rc')).toBe('a / b / c');
  });

  it('caps the length', () => {
    expect(Array.from(oneLine('é'.repeat(500), 10))).toHaveLength(10);
  });
});

describe('formatNumber', () => {
  it.each([
    [0, '0'],
    [1, '1'],
    [0.05841, '0.0584'],
    [123456, '123000'],
    [1e-6, '1e-6'],
    [2.5e-9, '2.5e-9'],
    [3e12, '3e12'],
    [Number.NaN, 'nan'],
    [Number.NEGATIVE_INFINITY, '-inf'],
  ])('%d → %s', (value, text) => {
    expect(formatNumber(value)).toBe(text);
  });
});
