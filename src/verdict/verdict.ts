/**
 * The verdict vocabulary, a leaf every layer may import: what a test case or a judging ended
 * as, the names people read, and the severity order `worst_error` grading uses.
 */
/** Verdicts of one test case or a whole judging. SK marks a test case skipped after an earlier rejection. */
export const VERDICTS = ['AC', 'WA', 'TLE', 'MLE', 'RTE', 'OLE', 'CE', 'JE', 'SK'] as const;
export type Verdict = (typeof VERDICTS)[number];

export const VERDICT_NAMES: Record<Verdict, string> = {
  AC: 'accepted',
  WA: 'wrong answer',
  TLE: 'time limit exceeded',
  MLE: 'memory limit exceeded',
  RTE: 'run-time error',
  OLE: 'output limit exceeded',
  CE: 'compile error',
  JE: 'judge error',
  SK: 'skipped',
};

/**
 * Severity for `worst_error` grading, worst first. An explicit list, not an enum's numeric order,
 * so reordering VERDICTS can never change a result.
 */
export const SEVERITY: readonly Verdict[] = ['JE', 'CE', 'RTE', 'MLE', 'TLE', 'OLE', 'WA', 'SK', 'AC'];

export function isVerdict(value: string): value is Verdict {
  return (VERDICTS as readonly string[]).includes(value);
}
