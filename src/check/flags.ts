/**
 * Flags of the ICPC default output validator, as given by `validator_flags` (legacy problem.yaml)
 * or `output_validator_args`, already split into words.
 */
import { parseNumberToken } from './float.js';
import { quoteText } from './text.js';

export interface DefaultValidatorFlags {
  /** Compare letters exactly; by default A-Z equals a-z (ASCII only, like strcasecmp in the C locale). */
  caseSensitive: boolean;
  /** Whitespace must match byte for byte, leading and trailing runs included. */
  spaceChangeSensitive: boolean;
  /** null = not set. With either tolerance set, numeric answer tokens are compared as numbers. */
  floatAbsoluteTolerance: number | null;
  floatRelativeTolerance: number | null;
}

export const DEFAULT_VALIDATOR_FLAGS: Readonly<DefaultValidatorFlags> = Object.freeze({
  caseSensitive: false,
  spaceChangeSensitive: false,
  floatAbsoluteTolerance: null,
  floatRelativeTolerance: null,
});

export interface ParsedValidatorFlags {
  flags: DefaultValidatorFlags;
  /** One message per problem found, without a file name: the caller knows where the flags came from. */
  errors: string[];
}

type ToleranceFlag = 'float_tolerance' | 'float_absolute_tolerance' | 'float_relative_tolerance';
const TOLERANCE_FLAGS: readonly string[] = ['float_tolerance', 'float_absolute_tolerance', 'float_relative_tolerance'];
const KNOWN_FLAGS: readonly string[] = ['case_sensitive', 'space_change_sensitive', ...TOLERANCE_FLAGS];

function readTolerance(name: string, value: string | undefined): { value?: number; error?: string } {
  if (value === undefined) return { error: `${name} needs a number after it` };
  const parsed = parseNumberToken(value);
  if (parsed === null || !Number.isFinite(parsed)) {
    return { error: `${name} needs a number after it, got ${quoteText(value)}` };
  }
  if (parsed < 0) return { error: `${name} must not be negative, got ${value}` };
  return { value: parsed };
}

function setTolerance(flags: DefaultValidatorFlags, name: ToleranceFlag, value: number): void {
  if (name !== 'float_relative_tolerance') flags.floatAbsoluteTolerance = value;
  if (name !== 'float_absolute_tolerance') flags.floatRelativeTolerance = value;
}

/**
 * Reads the flags left to right; a later flag overrides an earlier one. Words are also split on
 * whitespace, so ["float_tolerance 1e-6"] reads like ["float_tolerance", "1e-6"].
 * All problems are collected; the returned flags are then only a best effort.
 */
export function parseValidatorFlags(args: readonly string[]): ParsedValidatorFlags {
  const words = args.flatMap((arg) => arg.split(/\s+/)).filter((word) => word.length > 0);
  const flags: DefaultValidatorFlags = { ...DEFAULT_VALIDATOR_FLAGS };
  const errors: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (word === 'case_sensitive') {
      flags.caseSensitive = true;
    } else if (word === 'space_change_sensitive') {
      flags.spaceChangeSensitive = true;
    } else if (TOLERANCE_FLAGS.includes(word)) {
      // A flag name where the number should be means the number is missing: leave that flag to be read next.
      const next = KNOWN_FLAGS.includes(words[i + 1]) ? undefined : words[i + 1];
      const tolerance = readTolerance(word, next);
      if (tolerance.error !== undefined) errors.push(tolerance.error);
      if (tolerance.value !== undefined) setTolerance(flags, word as ToleranceFlag, tolerance.value);
      if (next !== undefined) i += 1;
    } else {
      errors.push(`unknown default validator flag ${quoteText(word)} (known: ${KNOWN_FLAGS.join(', ')})`);
    }
  }
  return { flags, errors };
}

/** True when numeric answer tokens are compared as numbers. */
export function usesFloats(flags: DefaultValidatorFlags): boolean {
  return flags.floatAbsoluteTolerance !== null || flags.floatRelativeTolerance !== null;
}
