import type { ExecResult } from '../executor.js';

/** Judge0 CE's status ids and descriptions. */
export const JUDGE0_STATUSES = [
  { id: 1, description: 'In Queue' },
  { id: 2, description: 'Processing' },
  { id: 3, description: 'Accepted' },
  { id: 4, description: 'Wrong Answer' },
  { id: 5, description: 'Time Limit Exceeded' },
  { id: 6, description: 'Compilation Error' },
  { id: 7, description: 'Runtime Error (SIGSEGV)' },
  { id: 8, description: 'Runtime Error (SIGXFSZ)' },
  { id: 9, description: 'Runtime Error (SIGFPE)' },
  { id: 10, description: 'Runtime Error (SIGABRT)' },
  { id: 11, description: 'Runtime Error (NZEC)' },
  { id: 12, description: 'Runtime Error (Other)' },
  { id: 13, description: 'Internal Error' },
  { id: 14, description: 'Exec Format Error' },
] as const;

export function statusObject(id: number): { id: number; description: string } {
  return JUDGE0_STATUSES.find((s) => s.id === id) ?? JUDGE0_STATUSES[12];
}

/** Runtime errors by signal number, as Judge0 tells them apart. */
const BY_SIGNAL: Record<number, number> = { 11: 7, 25: 8, 8: 9, 6: 10 };

/**
 * Judge0 compares outputs with trailing whitespace of each line and trailing newlines removed.
 */
export function judge0Strip(text: string): string {
  return text
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n')
    .trimEnd();
}

/** The Judge0 status id and message of one execution, checked against `expected` when given. */
export function judge0Outcome(r: ExecResult, expected: Buffer | null): { statusId: number; message: string | null } {
  const run = r.run;
  switch (r.status) {
    case 'COMPILE_ERROR':
      return { statusId: 6, message: null };
    case 'ERROR':
      return { statusId: 13, message: r.error };
    case 'TIMEOUT':
      return { statusId: 5, message: run?.limitHit === 'wall' ? 'Wall time limit exceeded' : 'Time limit exceeded' };
    case 'MEMORY_LIMIT':
      return { statusId: 12, message: 'Memory limit exceeded' };
    case 'OUTPUT_LIMIT':
      return { statusId: 8, message: 'Output limit exceeded' };
    case 'RUNTIME_ERROR':
      if (run?.signal) return { statusId: BY_SIGNAL[run.signal] ?? 12, message: `Exited with signal ${run.signal}` };
      return { statusId: 11, message: `Exited with error status ${run?.exitCode ?? 1}` };
    case 'OK': {
      if (expected === null) return { statusId: 3, message: null };
      const same = judge0Strip(expected.toString('latin1')) === judge0Strip((run?.stdout ?? Buffer.alloc(0)).toString('latin1'));
      return { statusId: same ? 3 : 4, message: null };
    }
  }
}
