/**
 * Two kinds of failure, never mixed (a program's outcome is a value, not an error):
 * - UserError: bad input a person can fix. Printed as one line, without a stack trace.
 * - SandboxError: the infrastructure failed. The judging that hits it fails and is retried; it
 *   never becomes a verdict.
 */

/** One thing wrong with an input file: where it is and what to do about it. */
export interface Issue {
  file: string;
  field?: string;
  message: string;
}

export function formatIssue(issue: Issue): string {
  return issue.field ? `${issue.file}: ${issue.field}: ${issue.message}` : `${issue.file}: ${issue.message}`;
}

export class UserError extends Error {
  override readonly name: string = 'UserError';
  /** All the problems found, for input that is checked as a whole (a package, a contest file). */
  readonly issues: Issue[];

  constructor(messageOrIssues: string | Issue[]) {
    const issues = typeof messageOrIssues === 'string' ? [] : messageOrIssues;
    // One self-contained line per issue, so each can be read (or grepped) on its own.
    const message = typeof messageOrIssues === 'string' ? messageOrIssues : issues.map(formatIssue).join('\n');
    super(message);
    this.issues = issues;
  }

  static at(file: string, field: string | undefined, message: string): UserError {
    return new UserError([{ file, field, message }]);
  }
}

export class SandboxError extends Error {
  override readonly name: string = 'SandboxError';
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
