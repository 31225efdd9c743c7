import type { z } from 'zod';

/**
 * An answer other than success, as a value: the status, the field at fault and what to do.
 * `error` is Judge0's key for the text and `message` Piston's; both carry it so clients of
 * either dialect show it.
 */
export class HttpError extends Error {
  override readonly name = 'HttpError';

  constructor(
    readonly status: number,
    readonly field: string | null,
    text: string,
    readonly retryAfterS?: number,
    /** For refusals by a limit (rate, concurrency, quota, queue): which one, for the metrics. */
    readonly limit?: string,
  ) {
    super(field ? `${field}: ${text}` : text);
  }

  static limited(status: 429 | 503, limit: string, text: string, retryAfterS: number): HttpError {
    return new HttpError(status, null, text, Math.max(1, Math.ceil(retryAfterS)), limit);
  }

  body(): { error: string; message: string; field: string | null } {
    return { error: this.message, message: this.message, field: this.field };
  }
}

/** The first zod finding as a 400 naming the field (dotted path, prefixed with where it was). */
export function badRequest(where: string, error: z.ZodError): HttpError {
  const issue = error.issues[0];
  const field = [where, ...issue.path.map(String)].filter(Boolean).join('.');
  return new HttpError(400, field || null, issue.message);
}

export function tooLarge(field: string, bytes: number, cap: number): HttpError {
  return new HttpError(413, field, `${bytes} bytes is over the cap of ${cap} bytes`);
}
