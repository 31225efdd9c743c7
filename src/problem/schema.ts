/**
 * The YAML files of an ICPC/Kattis problem package, as the legacy format and the current spec
 * (2023-07 onwards) write them. Both sets of keys are accepted side by side; unknown keys are
 * errors so a typo never silently changes how a problem is judged.
 */
import { z } from 'zod';

const Positive = z.number({ error: 'must be a number' }).positive('must be greater than 0');
const Text = z.union([z.string(), z.number()]).transform(String);
/** Flags or arguments: a YAML list of words, or one string split on whitespace. */
const Words = z.union([z.string(), z.array(Text)]).transform((v) => (Array.isArray(v) ? v : v.split(/\s+/).filter(Boolean)));

/** Problem types the current spec allows, alone or combined in a list. */
const TYPES = ['pass-fail', 'scoring', 'interactive', 'multi-pass', 'submit-answer'] as const;
const ProblemType = z.union([z.enum(TYPES), z.array(z.enum(TYPES)).min(1)]);

const LimitsSchema = z
  .object({
    time_limit: Positive.optional(),
    time_multiplier: Positive.optional(),
    time_safety_margin: Positive.optional(),
    time_multipliers: z.object({ ac_to_time_limit: Positive.optional(), time_limit_to_tle: Positive.optional() }).strict().optional(),
    time_resolution: Positive.optional(),
    memory: Positive.optional(),
    output: Positive.optional(),
    code: Positive.optional(),
    compilation_time: Positive.optional(),
    compilation_memory: Positive.optional(),
    validation_time: Positive.optional(),
    validation_memory: Positive.optional(),
    validation_output: Positive.optional(),
    validation_passes: Positive.optional(),
  })
  .strict();

/** zuko-judge's own optional section: only what the standard has no key for. */
const ZukoSchema = z
  .object({
    checker: z.enum(['default', 'icpc', 'testlib'], { error: 'must be default, icpc or testlib' }).optional(),
    /** Whose reading of the legacy scoring keys applies; without it, see scoringModel() in load.ts. */
    scoring: z.enum(['problemtools', 'domjudge'], { error: 'must be problemtools or domjudge' }).optional(),
  })
  .strict();

/** Metadata keys either version allows; judging ignores them. */
const Anything = z.unknown().optional();

export const ProblemYaml = z
  .object({
    problem_format_version: Text.optional(),
    name: z.union([z.string(), z.record(z.string(), z.string())]).optional(),
    uuid: Text.optional(),
    version: Text.optional(),
    type: ProblemType.optional(),
    validation: z.enum(['default', 'custom', 'custom interactive', 'custom score', 'custom interactive score', 'custom multi-pass']).optional(),
    validator_flags: Words.optional(),
    limits: LimitsSchema.optional(),
    zuko: ZukoSchema.optional(),
    author: Anything,
    source: Anything,
    source_url: Anything,
    license: Anything,
    rights_owner: Anything,
    credits: Anything,
    keywords: Anything,
    languages: Anything,
    embargo_until: Anything,
    allow_file_writing: Anything,
    constants: Anything,
    grading: Anything,
  })
  .strict();
export type ProblemYaml = z.infer<typeof ProblemYaml>;

const GRADER_FLAGS = ['first_error', 'worst_error', 'always_accept', 'accept_if_any_accepted', 'ignore_sample', 'sum', 'avg', 'min', 'max'] as const;

const GraderFlags = Words.superRefine((words, ctx) => {
  for (const w of words) {
    if (!(GRADER_FLAGS as readonly string[]).includes(w))
      ctx.addIssue({ code: 'custom', message: `unknown grader flag '${w}' (known: ${GRADER_FLAGS.join(', ')})` });
  }
});

const Range = z.union([z.string(), z.array(z.number())]).transform((v, ctx) => {
  const parts = Array.isArray(v) ? v : v.trim().split(/\s+/).map(Number);
  if (parts.length !== 2 || parts.some((n) => !Number.isFinite(n)) || parts[0] > parts[1]) {
    ctx.addIssue({ code: 'custom', message: `must be two numbers "low high" with low <= high, got '${String(v)}'` });
    return z.NEVER;
  }
  return [parts[0], parts[1]] as [number, number];
});

/** Legacy `testdata.yaml`; its keys inherit down the data/ tree. */
export const TestdataYaml = z
  .object({
    on_reject: z.enum(['break', 'continue']).optional(),
    grading: z.literal('default', { error: "only 'default' grading is supported (custom graders are not)" }).optional(),
    grader_flags: GraderFlags.optional(),
    accept_score: z.number().optional(),
    reject_score: z.number().optional(),
    range: Range.optional(),
    input_validator_flags: Words.optional(),
    output_validator_flags: Words.optional(),
  })
  .strict();
export type TestdataYaml = z.infer<typeof TestdataYaml>;

/** Current spec's `test_group.yaml`. */
export const TestGroupYaml = z
  .object({
    score_aggregation: z.enum(['pass-fail', 'sum', 'min']).optional(),
    max_score: z.number().min(0).optional(),
    require_pass: z.union([z.string(), z.array(z.string())]).optional(),
    output_validator_args: Words.optional(),
    input_validator_args: Words.optional(),
    static_validation: Anything,
    full_feedback: Anything,
  })
  .strict();
export type TestGroupYaml = z.infer<typeof TestGroupYaml>;

/** Limits a package may leave out. Memory and output in MiB, as the package format writes them. */
export const DEFAULT_LIMITS = { memoryMib: 2048, outputMib: 8, timeMultiplier: 5, timeSafetyMargin: 2 } as const;

/**
 * Folders of `submissions/` (current spec, problemtools and DOMjudge names) and the verdicts that
 * agree with them. Memory errors agree with run errors: both systems fold them together.
 */
export const EXPECTED_VERDICTS = {
  accepted: ['AC'],
  correct: ['AC'],
  wrong_answer: ['WA'],
  no_output: ['WA'],
  time_limit_exceeded: ['TLE'],
  timelimit: ['TLE'],
  run_time_error: ['RTE', 'MLE'],
  run_error: ['RTE', 'MLE'],
  memory_limit_exceeded: ['MLE', 'RTE'],
  output_limit_exceeded: ['OLE'],
  output_limit: ['OLE'],
  compiler_error: ['CE'],
  compile_error: ['CE'],
  // Judged by score: more than nothing, less than everything.
  partially_accepted: ['AC', 'WA', 'TLE', 'RTE', 'MLE', 'OLE'],
  partial: ['AC', 'WA', 'TLE', 'RTE', 'MLE', 'OLE'],
  rejected: ['WA', 'TLE', 'RTE', 'MLE', 'OLE'],
  // DOMjudge: the expected results are in the sources; without them, anything but accepted.
  multiple: ['WA', 'TLE', 'RTE', 'MLE', 'OLE', 'CE'],
  'mixed-verdicts': ['WA', 'TLE', 'RTE', 'MLE', 'OLE', 'CE'],
  brute_force: ['AC', 'TLE', 'RTE', 'MLE'],
  // problemtools: accepted, but may need more than the time limit (not more than the margin).
  slow_accepted: ['AC', 'TLE'],
} as const;

/** Result names of `@EXPECTED_RESULTS@:` (DOMjudge's, and the spec's long forms) and the verdicts they allow. */
export const RESULT_NAMES: Record<string, readonly ('AC' | 'WA' | 'TLE' | 'MLE' | 'RTE' | 'OLE' | 'CE')[]> = {
  CORRECT: ['AC'],
  ACCEPTED: ['AC'],
  'WRONG-ANSWER': ['WA'],
  WRONG_ANSWER: ['WA'],
  'NO-OUTPUT': ['WA'],
  TIMELIMIT: ['TLE'],
  TIME_LIMIT_EXCEEDED: ['TLE'],
  'RUN-ERROR': ['RTE', 'MLE'],
  RUN_TIME_ERROR: ['RTE', 'MLE'],
  'MEMORY-LIMIT': ['MLE', 'RTE'],
  MEMORY_LIMIT_EXCEEDED: ['MLE', 'RTE'],
  'OUTPUT-LIMIT': ['OLE'],
  OUTPUT_LIMIT_EXCEEDED: ['OLE'],
  'COMPILER-ERROR': ['CE'],
  COMPILE_ERROR: ['CE'],
  'CHECK-MANUALLY': ['AC', 'WA', 'TLE', 'MLE', 'RTE', 'OLE', 'CE'],
};

/** DOMjudge keeps a fixed time limit (seconds) in this file. */
export const TIME_LIMIT_FILE = '.timelimit';
/** DOMjudge's older package metadata; its `timelimit` key is in seconds. */
export const DOMJUDGE_INI = 'domjudge-problem.ini';
