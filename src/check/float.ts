/**
 * Numbers as the default validator reads them. A token is a number when it is, as a whole,
 * a decimal float in the strtod sense (sign, digits with an optional point, optional exponent)
 * or one of inf / infinity / nan with an optional sign, case-insensitive. Hexadecimal floats are
 * not numbers here: answers in that form are compared as strings.
 */
import { formatNumber } from './text.js';

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const SPECIAL = /^([+-]?)(inf|infinity|nan)$/i;

/** The value of a numeric token, or null when the whole token is not a number. */
export function parseNumberToken(token: string): number | null {
  if (DECIMAL.test(token)) return Number(token);
  const special = SPECIAL.exec(token);
  if (!special) return null;
  if (special[2].toLowerCase() === 'nan') return Number.NaN;
  return special[1] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
}

export interface Tolerances {
  absolute: number | null;
  relative: number | null;
}

/**
 * Why `got` is not close enough to `expected`, or null when it is. Within EITHER tolerance passes;
 * a NaN answer wants NaN; an infinite answer wants the same infinity (a finite answer never
 * accepts an infinity, since the error is then infinite).
 */
export function numericMismatch(expected: number, got: number, tol: Tolerances): string | null {
  if (Number.isNaN(expected)) return Number.isNaN(got) ? null : 'only nan matches nan';
  if (!Number.isFinite(expected)) {
    if (got === expected) return null;
    return got === -expected ? 'infinities must match in sign' : `only ${formatNumber(expected)} matches ${formatNumber(expected)}`;
  }
  if (Number.isNaN(got)) return 'nan is not close to any number';
  const error = Math.abs(expected - got);
  const absoluteOk = tol.absolute !== null && error <= tol.absolute;
  const relativeOk = tol.relative !== null && error <= tol.relative * Math.abs(expected);
  if (absoluteOk || relativeOk) return null;
  const reasons: string[] = [];
  if (tol.absolute !== null) reasons.push(`absolute error ${formatNumber(error)} > ${formatNumber(tol.absolute)}`);
  if (tol.relative !== null) {
    const relative = expected === 0 ? Number.POSITIVE_INFINITY : error / Math.abs(expected);
    reasons.push(`relative error ${formatNumber(relative)} > ${formatNumber(tol.relative)}`);
  }
  return reasons.join(', ');
}
