/** Comparing one answer token with one output token under the default validator's flags. */
import { equalIgnoringCase } from './cursor.js';
import { usesFloats, type DefaultValidatorFlags } from './flags.js';
import { numericMismatch, parseNumberToken } from './float.js';
import { escapeBytes, quoteBytes } from './text.js';

function latin1(bytes: Buffer): string {
  return bytes.toString('latin1');
}

function compareAsNumbers(expected: Buffer, expectedValue: number, got: Buffer, flags: DefaultValidatorFlags): string | null {
  const gotValue = parseNumberToken(latin1(got));
  if (gotValue === null) return `expected ${escapeBytes(expected)}, got ${quoteBytes(got)} (not a number)`;
  const reason = numericMismatch(expectedValue, gotValue, {
    absolute: flags.floatAbsoluteTolerance,
    relative: flags.floatRelativeTolerance,
  });
  return reason === null ? null : `expected ${escapeBytes(expected)}, got ${escapeBytes(got)} (${reason})`;
}

function compareAsStrings(expected: Buffer, got: Buffer, caseSensitive: boolean): string | null {
  if (expected.equals(got)) return null;
  const sameLetters = equalIgnoringCase(expected, got);
  if (sameLetters && !caseSensitive) return null;
  const hint = sameLetters ? ' (letter case differs)' : '';
  return `expected ${quoteBytes(expected)}, got ${quoteBytes(got)}${hint}`;
}

/**
 * What is wrong with `got` as the output token for answer token `expected`, or null when it passes.
 * With a tolerance set, an answer token that is a number is compared numerically and the output
 * token must be a number as a whole; any other answer token is compared as a string.
 */
export function tokenMismatch(expected: Buffer, got: Buffer, flags: DefaultValidatorFlags): string | null {
  if (usesFloats(flags)) {
    const expectedValue = parseNumberToken(latin1(expected));
    if (expectedValue !== null) return compareAsNumbers(expected, expectedValue, got, flags);
  }
  return compareAsStrings(expected, got, flags.caseSensitive);
}
