import type { Verdict } from '../verdict/verdict.js';

/**
 * A loaded problem package: everything the judge needs, validated once at load time.
 * Paths are absolute. Durations are milliseconds, sizes bytes unless the name says otherwise.
 */
export interface Problem {
  /** Short name: the package directory's base name (e.g. "sum"). */
  id: string;
  /** Display name from problem.yaml (`name`), falling back to id. */
  name: string;
  dir: string;
  type: 'pass-fail' | 'scoring';
  limits: Limits;
  /** How outputs are checked. */
  checker: CheckerSpec;
  /** How the output validator takes part in a run: beside it (interactive), after it, and how many times. */
  interaction: Interaction;
  /** Root of the test-data tree (the `data/` folder). Its children: sample, secret (in that order). */
  data: TestGroup;
  /** Every test case in judging order (samples first, then secret, lexicographic by path). */
  tests: TestCase[];
  /** Example submissions from `submissions/<expected>/`, for `problem check`. */
  submissions: ExampleSubmission[];
  /** How scores are read, and the rule that chose it. */
  scoring: { model: ScoringModel; reason: string };
  /** sha256 over the package contents that affect judging (problem.yaml, data/, validators). */
  hash: string;
}

/** Where a time limit came from; `derived` ones are kept in the database, never in the package. */
export type TimeLimitSource = 'problem.yaml' | '.timelimit' | 'domjudge-problem.ini' | 'derived';

export interface Limits {
  /** null when the package fixes none; it is then derived from the accepted submissions. */
  timeLimitMs: number | null;
  timeLimitSource: TimeLimitSource | null;
  memoryMib: number;
  outputBytes: number;
  /** Deriving the time limit: slowest accepted × timeMultiplier, rounded up to timeResolutionMs. */
  timeMultiplier: number;
  timeResolutionMs: number;
  /** Time-limit submissions must still time out with the limit stretched by this factor. */
  timeSafetyMargin: number;
  /** Legacy format: a derived limit is rounded as problemtools rounds it (to whole seconds). */
  legacy: boolean;
}

export interface Interaction {
  /** The validator talks to the program while it runs (`validation: custom interactive`, `type: interactive`). */
  interactive: boolean;
  /** Most runs of the program per test case; more than 1 for multi-pass problems (`validation_passes`, default 2). */
  passes: number;
}

export type CheckerSpec =
  | { kind: 'default' }
  /** ICPC output validator: `validator input answer feedback_dir [args] < team_output`; exit 42/43. */
  | { kind: 'icpc'; dir: string; sources: string[] }
  /** testlib checker: `checker input output answer`; exit 0 OK, 1 WA, 2 PE, 3 FAIL, 7 points. */
  | { kind: 'testlib'; dir: string; sources: string[] };

export interface TestCase {
  /** Path below data/ without extension, e.g. "secret/g1/03". Unique within a problem. */
  name: string;
  /** Path of the group that holds it, e.g. "secret/g1" ("sample", "secret" at the top). */
  group: string;
  inFile: string;
  ansFile: string;
  /** Output validator arguments in force for this case (validator_flags / output_validator_args, inherited). */
  validatorArgs: string[];
  /** Input validator arguments in force for this case (input_validator_flags / input_validator_args, inherited). */
  inputValidatorArgs: string[];
}

/** Grading settings of one group, with inheritance already applied. */
export interface Grading {
  onReject: 'break' | 'continue';
  /** How the verdicts of the children combine. */
  verdictRule: 'first_error' | 'worst_error' | 'always_accept';
  acceptIfAnyAccepted: boolean;
  /** Leave the `sample` group out of the parent's score. */
  ignoreSample: boolean;
  /** How the scores of the children combine. */
  scoreRule: 'sum' | 'avg' | 'min' | 'max';
  /** Score of an accepted test case (and of a rejected one). */
  acceptScore: number;
  rejectScore: number;
  /** Allowed score range of this group, when given. */
  range: [number, number] | null;
  /** Current spec: `max_score` of the group, when given; the group's score is scaled to it. */
  maxScore: number | null;
  /** Current spec: `require_pass`, full names of groups (e.g. "secret/g1") that must be accepted for this group to score. */
  requirePass: string[];
  /** Whose reading of the legacy keys applies (the same for every group of a package). */
  model: ScoringModel;
  /** `accept_score` was given (here or above), not the default. */
  acceptScoreSet: boolean;
}

/**
 * DOMjudge and problemtools read the same legacy testdata.yaml keys differently: problemtools
 * scores every test case and aggregates up the tree; DOMjudge scores only folders with their own
 * testdata.yaml, awarding a leaf group's accept_score once when all its cases pass.
 */
export type ScoringModel = 'problemtools' | 'domjudge';

export interface TestGroup {
  /** "" for data/ itself, then "sample", "secret", "secret/g1", ... */
  name: string;
  /** The folder has its own testdata.yaml or test_group.yaml (DOMjudge scores only such groups). */
  hasSettings: boolean;
  grading: Grading;
  /** Children in judging order. */
  children: Array<TestGroup | TestCase>;
}

export function isGroup(node: TestGroup | TestCase): node is TestGroup {
  return 'children' in node;
}

export interface ExampleSubmission {
  /** A source file, or a folder holding a multi-file submission. */
  file: string;
  isDir: boolean;
  /** The folder it sits in: accepted, wrong_answer, time_limit_exceeded, compiler_error, ... */
  expected: string;
  /** Verdicts that agree with it (from its annotations, submissions.yaml, else its folder). */
  allowed: Verdict[];
  /** The exact score expected (`@EXPECTED_SCORE@`, submissions.yaml), when one is. */
  score: number | null;
  /** Must score more than 0 and less than the maximum. */
  partial: boolean;
  /** The file that starts a multi-file program, when the package names it. */
  entry: string | null;
}
