import { describe, expect, it } from 'vitest';
import { compareDefaultSync, parseValidatorFlags } from '../../../src/check/index.js';
import { b } from './helpers.js';

function check(answer: string, output: string, ...args: string[]) {
  const parsed = parseValidatorFlags(args);
  expect(parsed.errors).toEqual([]);
  return compareDefaultSync(b(answer), b(output), parsed.flags);
}
const verdict = (answer: string, output: string, ...args: string[]) => check(answer, output, ...args).verdict;

describe('default validator: float tolerances', () => {
  it('without a tolerance compares numbers as strings', () => {
    expect(verdict('1.0', '1')).toBe('WA');
    expect(verdict('1.0', '1.0')).toBe('AC');
  });

  it('with a tolerance compares numbers by value', () => {
    expect(verdict('1.0', '1', 'float_tolerance', '0')).toBe('AC');
    expect(verdict('100', '1e2', 'float_tolerance', '0')).toBe('AC');
    expect(verdict('0.5', '.5', 'float_tolerance', '0')).toBe('AC');
    expect(verdict('-0', '0', 'float_tolerance', '0')).toBe('AC');
  });

  it('passes within the absolute tolerance', () => {
    expect(verdict('3.14159', '3.14160', 'float_absolute_tolerance', '1e-4')).toBe('AC');
    expect(verdict('3.14159', '3.1417', 'float_absolute_tolerance', '1e-4')).toBe('WA');
  });

  it('passes within the relative tolerance', () => {
    expect(verdict('1000000', '1000001', 'float_relative_tolerance', '1e-6')).toBe('AC');
    expect(verdict('1000000', '1000002', 'float_relative_tolerance', '1e-6')).toBe('WA');
    // Relative to the answer: a tiny answer allows almost nothing.
    expect(verdict('1e-9', '2e-9', 'float_relative_tolerance', '1e-6')).toBe('WA');
  });

  it('passes when EITHER tolerance is met', () => {
    const args = ['float_absolute_tolerance', '1e-3', 'float_relative_tolerance', '1e-6'];
    expect(verdict('1e9', '1000000500', ...args)).toBe('AC'); // relative only
    expect(verdict('0.000001', '0.0005', ...args)).toBe('AC'); // absolute only
    expect(verdict('1e9', '1000002000', ...args)).toBe('WA'); // neither
  });

  it('explains a numeric mismatch with the error and the tolerance', () => {
    const out = check('3.14159', '3.2', 'float_absolute_tolerance', '1e-6');
    expect(out.verdict).toBe('WA');
    expect(out.message).toBe('token 1 (line 1): expected 3.14159, got 3.2 (absolute error 0.0584 > 1e-6)');
    const both = check('2', '3', 'float_tolerance', '0.1');
    expect(both.message).toBe('token 1 (line 1): expected 2, got 3 (absolute error 1 > 0.1, relative error 0.5 > 0.1)');
  });

  it('requires the output token to be a number as a whole', () => {
    const out = check('1.0', '1.0abc', 'float_tolerance', '1e-6');
    expect(out.verdict).toBe('WA');
    expect(out.message).toBe('token 1 (line 1): expected 1.0, got "1.0abc" (not a number)');
    expect(verdict('1', '0x1', 'float_tolerance', '1e-6')).toBe('WA');
    expect(verdict('1', '1,0', 'float_tolerance', '1e-6')).toBe('WA');
  });

  it('compares answer tokens that are not numbers as strings, case-insensitively', () => {
    expect(verdict('Case 1: 2.5', 'case 1: 2.50001', 'float_tolerance', '1e-4')).toBe('AC');
    expect(verdict('Case 1: 2.5', 'Kase 1: 2.5', 'float_tolerance', '1e-4')).toBe('WA');
    expect(verdict('abc', 'ABC', 'float_tolerance', '1e-4', 'case_sensitive')).toBe('WA');
  });

  it('matches NaN with NaN only', () => {
    const t = ['float_tolerance', '1e-6'];
    expect(verdict('nan', 'NaN', ...t)).toBe('AC');
    expect(verdict('NAN', '-nan', ...t)).toBe('AC');
    expect(verdict('nan', '0', ...t)).toBe('WA');
    expect(verdict('0', 'nan', ...t)).toBe('WA');
  });

  it('matches infinities only with the same sign', () => {
    const t = ['float_tolerance', '1e-6'];
    expect(verdict('inf', 'Infinity', ...t)).toBe('AC');
    expect(verdict('-inf', '-INF', ...t)).toBe('AC');
    expect(verdict('inf', '+inf', ...t)).toBe('AC');
    const out = check('inf', '-inf', ...t);
    expect(out.verdict).toBe('WA');
    expect(out.message).toContain('infinities must match in sign');
    expect(verdict('inf', '1e308', ...t)).toBe('WA');
    expect(verdict('1e308', 'inf', ...t)).toBe('WA');
  });

  it('never treats huge numbers as close to everything', () => {
    expect(verdict('1', '1e400', 'float_tolerance', '1e-6')).toBe('WA');
  });

  it('compares many numbers across lines', () => {
    const answer = Array.from({ length: 1000 }, (_, i) => (i / 7).toFixed(9)).join('\n');
    const close = Array.from({ length: 1000 }, (_, i) => (i / 7 + 1e-8).toFixed(10)).join(' ');
    expect(verdict(answer, close, 'float_absolute_tolerance', '1e-7')).toBe('AC');
    expect(verdict(answer, close, 'float_absolute_tolerance', '1e-9')).toBe('WA');
  });
});
