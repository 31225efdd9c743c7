import type { FailureKind } from '../store/index.js';
import { transientDatabaseReason } from '../store/transient.js';
import { SandboxError, errorMessage } from '../util/errors.js';
import { OutageError } from '../judge/outage.js';

/**
 * Why a judging could not finish. Infrastructure failures (engine, containers, disk, database)
 * are waited out and the work retried; they never become a verdict. Anything else (a package that
 * no longer loads, a checker that does not compile) is reported as it is.
 */
export interface Failure {
  kind: Exclude<FailureKind, 'interrupted'>;
  reason: string;
}

/** File system errors of the machine rather than of the input. */
const ERRNO_TRANSIENT: Record<string, string> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EIO: 'input/output error',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in the system',
};

export function failureOf(err: unknown): Failure {
  const reason = infrastructureReason(err);
  return reason === null ? { kind: 'error', reason: errorMessage(err) } : { kind: 'infrastructure', reason };
}

/** The reason an error is the infrastructure's, or null when it is not. */
export function infrastructureReason(err: unknown): string | null {
  if (err instanceof SandboxError || err instanceof OutageError) return err.message;
  const database = transientDatabaseReason(err);
  if (database !== null) return database;
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return null;
  if (code in ERRNO_TRANSIENT) return `${ERRNO_TRANSIENT[code]}: ${errorMessage(err)}`;
  return null;
}
