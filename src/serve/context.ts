import type { RecordContext } from '../record/record.js';
import type { Language, LanguageTable } from '../lang/config.js';
import type { Store } from '../store/index.js';
import type { ServeConfig } from './config.js';
import type { ExecDeps } from './executor.js';
import { HttpError, tooLarge } from './http-error.js';
import { byName } from './dialect-languages.js';
import type { JobRunner } from './jobs.js';
import type { QueueDb } from '../queue/db.js';

/** Everything a route needs, built once by the server. */
export interface ServeContext {
  config: ServeConfig;
  languages: LanguageTable;
  exec: ExecDeps;
  store: Store;
  record: RecordContext;
  jobs: JobRunner;
  /** The PostgreSQL job queue, when the database is PostgreSQL: judging requests go to its workers. */
  judgingQueue: QueueDb | null;
  /** Live progress of judgings in flight, by submission id. */
  progress: Map<number, { done: number; total: number }>;
}

/** A language by id or alias, or a 400 naming the field and the known ids. */
export function languageOrFail(ctx: ServeContext, name: string, field = 'language'): Language {
  const lang = byName(ctx.languages, name);
  if (lang) return lang;
  throw new HttpError(400, field, `unknown language '${name}'; known: ${ctx.languages.languages.map((l) => l.id).join(', ')}`);
}

/** A field's bytes within its cap, or a 413 naming it and the cap. */
export function capped(field: string, data: Buffer, cap: number): Buffer {
  if (data.length > cap) throw tooLarge(field, data.length, cap);
  return data;
}

/** The request's limits of CPU seconds and memory, checked against what the server allows. */
export function cpuSeconds(ctx: ServeContext, field: string, seconds: number | undefined): number {
  const s = seconds ?? ctx.config.run.cpu_s;
  if (s > ctx.config.run.max_cpu_s) throw new HttpError(400, field, `${s} s is over the server's maximum of ${ctx.config.run.max_cpu_s} s`);
  return s;
}

export function memoryKb(ctx: ServeContext, field: string, kb: number | undefined): number {
  const m = kb ?? ctx.config.run.memory_kb;
  if (m > ctx.config.run.max_memory_kb) throw new HttpError(400, field, `${m} KB is over the server's maximum of ${ctx.config.run.max_memory_kb} KB`);
  return m;
}

/** Text for a JSON answer; invalid UTF-8 becomes U+FFFD (binary-safe dialects use base64). */
export function text(data: Buffer | undefined | null): string {
  return data ? data.toString('utf8') : '';
}
