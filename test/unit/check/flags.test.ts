import { describe, expect, it } from 'vitest';
import { DEFAULT_VALIDATOR_FLAGS, parseValidatorFlags, usesFloats } from '../../../src/check/index.js';

describe('parseValidatorFlags', () => {
  it('gives the defaults for no flags', () => {
    const { flags, errors } = parseValidatorFlags([]);
    expect(errors).toEqual([]);
    expect(flags).toEqual({
      caseSensitive: false,
      spaceChangeSensitive: false,
      floatAbsoluteTolerance: null,
      floatRelativeTolerance: null,
    });
    expect(usesFloats(flags)).toBe(false);
  });

  it('reads the two switches', () => {
    const { flags, errors } = parseValidatorFlags(['case_sensitive', 'space_change_sensitive']);
    expect(errors).toEqual([]);
    expect(flags.caseSensitive).toBe(true);
    expect(flags.spaceChangeSensitive).toBe(true);
  });

  it('float_tolerance sets both tolerances', () => {
    const { flags, errors } = parseValidatorFlags(['float_tolerance', '1e-6']);
    expect(errors).toEqual([]);
    expect(flags.floatAbsoluteTolerance).toBe(1e-6);
    expect(flags.floatRelativeTolerance).toBe(1e-6);
    expect(usesFloats(flags)).toBe(true);
  });

  it('the absolute and relative flags set one each', () => {
    expect(parseValidatorFlags(['float_absolute_tolerance', '0.001']).flags).toMatchObject({
      floatAbsoluteTolerance: 0.001,
      floatRelativeTolerance: null,
    });
    expect(parseValidatorFlags(['float_relative_tolerance', '.5']).flags).toMatchObject({
      floatAbsoluteTolerance: null,
      floatRelativeTolerance: 0.5,
    });
  });

  it('a later flag overrides an earlier one', () => {
    const { flags } = parseValidatorFlags(['float_tolerance', '1e-6', 'float_absolute_tolerance', '1e-3']);
    expect(flags.floatAbsoluteTolerance).toBe(1e-3);
    expect(flags.floatRelativeTolerance).toBe(1e-6);
  });

  it('a zero tolerance still turns numeric comparison on', () => {
    const { flags, errors } = parseValidatorFlags(['float_absolute_tolerance', '0']);
    expect(errors).toEqual([]);
    expect(usesFloats(flags)).toBe(true);
  });

  it('splits words that hold several flags', () => {
    const { flags, errors } = parseValidatorFlags(['float_tolerance 1e-4  case_sensitive']);
    expect(errors).toEqual([]);
    expect(flags.caseSensitive).toBe(true);
    expect(flags.floatRelativeTolerance).toBe(1e-4);
  });

  it('reports an unknown flag by name', () => {
    const { errors } = parseValidatorFlags(['case_sensitiv']);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('"case_sensitiv"');
  });

  it('reports a missing value at the end', () => {
    const { errors } = parseValidatorFlags(['float_tolerance']);
    expect(errors).toEqual([expect.stringContaining('float_tolerance needs a number')]);
  });

  it('reports a missing value before another flag and still reads that flag', () => {
    const { flags, errors } = parseValidatorFlags(['float_relative_tolerance', 'case_sensitive']);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('float_relative_tolerance');
    expect(flags.caseSensitive).toBe(true);
    expect(flags.floatRelativeTolerance).toBeNull();
  });

  it.each(['abc', '1e-6x', 'nan', 'inf', '0x10', ''])('rejects the value %j', (value) => {
    const args = value === '' ? ['float_tolerance'] : ['float_tolerance', value];
    const { errors } = parseValidatorFlags(args);
    expect(errors).toHaveLength(1);
  });

  it('rejects a negative tolerance', () => {
    const { errors } = parseValidatorFlags(['float_absolute_tolerance', '-1e-6']);
    expect(errors).toEqual([expect.stringContaining('negative')]);
  });

  it('collects every problem, not just the first', () => {
    const { errors } = parseValidatorFlags(['bogus', 'float_tolerance', 'x', 'other']);
    expect(errors).toHaveLength(3);
  });

  it('never changes the shared defaults', () => {
    parseValidatorFlags(['case_sensitive', 'float_tolerance', '1']);
    expect(DEFAULT_VALIDATOR_FLAGS.caseSensitive).toBe(false);
    expect(DEFAULT_VALIDATOR_FLAGS.floatAbsoluteTolerance).toBeNull();
  });
});
