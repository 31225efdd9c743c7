/** Comparing a program's output with the answer: the default validator, checker adapters, excerpts. */
export { compareDefault, compareDefaultSync, compareDefaultWithFile } from './default-validator.js';
export { diffExcerpt, type ExcerptOptions } from './excerpt.js';
export {
  DEFAULT_VALIDATOR_FLAGS,
  parseValidatorFlags,
  usesFloats,
  type DefaultValidatorFlags,
  type ParsedValidatorFlags,
} from './flags.js';
export {
  accepted,
  icpcOutcome,
  judgeError,
  testlibOutcome,
  wrongAnswer,
  type CheckOutcome,
  type CheckVerdict,
  type IcpcFeedback,
} from './outcome.js';
