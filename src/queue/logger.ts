import { Logger } from 'graphile-worker';

/**
 * graphile-worker's logger, reduced to what an operator acts on: its errors and warnings, one
 * line each. Its info lines (a worker connected, a job completed) would drown the judge's own.
 */
export function quietLogger(log: (line: string) => void): Logger {
  return new Logger(() => (level, message) => {
    if (level === 'error' || level === 'warning') log(`queue ${level}: ${message.split('\n')[0]}`);
  });
}
