import type { z } from 'zod';
import type { Issue } from './errors.js';

/** Zod's findings as issues naming the file and the dotted key. */
export function zodIssues(file: string, error: z.ZodError): Issue[] {
  return error.issues.map((issue) => ({
    file,
    field: issue.path.length ? issue.path.join('.') : undefined,
    message: issue.message,
  }));
}
