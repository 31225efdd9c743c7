import type { Job } from '../../store/serve.js';
import { HttpError } from '../http-error.js';
import type { Phase } from '../jobs.js';
import { statusObject } from './judge0-status.js';

/** Judge0 submissions as stored, and as shown with the fields a client asks for. */

/** The request as stored: text fields base64, limits in Judge0's units. */
export interface StoredRequest {
  language_id: number;
  source_code: string;
  stdin: string | null;
  expected_output: string | null;
  cpu_time_limit: number;
  wall_time_limit: number | null;
  memory_limit: number;
  stack_limit: number | null;
  max_file_size: number | null;
  command_line_arguments: string | null;
}

export interface StoredResult {
  status_id: number;
  stdout: string | null;
  stderr: string | null;
  compile_output: string | null;
  message: string | null;
  time: string | null;
  wall_time: string | null;
  memory: number | null;
  exit_code: number | null;
  exit_signal: number | null;
  stdout_bytes: number | null;
  stderr_bytes: number | null;
  finished_at: string;
  /** Set when the job itself failed (the runner stored `{error}`). */
  error?: string;
}

const TEXT_FIELDS = new Set(['source_code', 'stdin', 'expected_output', 'stdout', 'stderr', 'compile_output', 'message']);
const DEFAULT_FIELDS = ['token', 'time', 'memory', 'stdout', 'stderr', 'compile_output', 'message', 'status'];
/** What `fields=*` gives: Judge0's own fields only, since clients set every field they get on their model. */
const JUDGE0_FIELDS = [
  ...DEFAULT_FIELDS,
  'source_code',
  'language_id',
  'stdin',
  'expected_output',
  'status_id',
  'language',
  'created_at',
  'finished_at',
  'wall_time',
  'exit_code',
  'exit_signal',
  'cpu_time_limit',
  'wall_time_limit',
  'memory_limit',
  'stack_limit',
  'max_file_size',
  'command_line_arguments',
];
/** Ours, asked for by name only: how far an unfinished run has got, and the output's full sizes. */
const ALL_FIELDS = [...JUDGE0_FIELDS, 'phase', 'stdout_bytes', 'stderr_bytes'];

export function requestedFields(fields: string | undefined): string[] {
  const asked = (fields ?? '')
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  const invalid = asked.filter((f) => f !== '*' && !ALL_FIELDS.includes(f));
  if (invalid.length) throw new HttpError(400, 'fields', `invalid fields: [${invalid.join(', ')}]`);
  if (asked.includes('*')) return JUDGE0_FIELDS;
  return asked.length ? asked : DEFAULT_FIELDS;
}

/** One submission as Judge0 shows it, with only the fields asked for. */
export function submissionView(job: Job, running: Phase | null, languageName: string | null, base64: boolean, fields: string[]): Record<string, unknown> {
  const req = JSON.parse(job.request) as StoredRequest;
  const res = job.result ? (JSON.parse(job.result) as StoredResult) : null;
  const phase = res ? 'done' : (running ?? 'queued');
  const statusId = res ? (res.error ? 13 : res.status_id) : phase === 'queued' ? 1 : 2;
  const all: Record<string, unknown> = {
    token: job.token,
    source_code: req.source_code,
    language_id: req.language_id,
    stdin: req.stdin,
    expected_output: req.expected_output,
    stdout: res?.stdout ?? null,
    stderr: res?.stderr ?? null,
    compile_output: res?.compile_output ?? null,
    message: res?.error ? Buffer.from(res.error).toString('base64') : res?.message ? Buffer.from(res.message).toString('base64') : null,
    status: statusObject(statusId),
    status_id: statusId,
    language: { id: req.language_id, name: languageName },
    created_at: job.createdAt || null,
    finished_at: res?.finished_at ?? null,
    time: res?.time ?? null,
    wall_time: res?.wall_time ?? null,
    memory: res?.memory ?? null,
    exit_code: res?.exit_code ?? null,
    exit_signal: res?.exit_signal ?? null,
    cpu_time_limit: req.cpu_time_limit,
    wall_time_limit: req.wall_time_limit,
    memory_limit: req.memory_limit,
    stack_limit: req.stack_limit,
    max_file_size: req.max_file_size,
    command_line_arguments: req.command_line_arguments,
    phase,
    stdout_bytes: res?.stdout_bytes ?? null,
    stderr_bytes: res?.stderr_bytes ?? null,
  };
  const out: Record<string, unknown> = {};
  for (const f of fields) out[f] = TEXT_FIELDS.has(f) && !base64 ? utf8(all[f] as string | null) : all[f];
  return out;
}

/** A stored base64 field as text; output that is not UTF-8 needs base64_encoded=true. */
function utf8(value: string | null): string | null {
  if (value === null) return null;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(value, 'base64'));
  } catch {
    throw new HttpError(400, 'base64_encoded', 'some attributes for this submission cannot be converted to UTF-8, use base64_encoded=true query parameter');
  }
}
