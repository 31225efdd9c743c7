import { z } from 'zod';
import { VERDICTS } from '../verdict/verdict.js';
import { FAILURE_KINDS } from '../store/rows.js';

/**
 * The `--json` reports of every command, one schema each. These are the single source of truth:
 * the commands build their objects as these types, `npm run schemas` writes them out as JSON
 * Schema files under schemas/, and the tests check real command output against those files.
 *
 * Naming, the same everywhere: snake_case; `submission` and `judging` are ids; `problem` is the
 * problem id (the package folder's name) and `problem_label` its label in the contest (null
 * outside one); every report starts with `version`, the version of this format.
 */

/** Raised when a field changes meaning or goes away; new fields may appear without it. */
export const REPORT_VERSION = 1;

const Version = z.literal(REPORT_VERSION).describe('version of the report format');
const Verdict = z.enum(VERDICTS);
const Id = z.number().int().positive();
const Problem = z.string().describe('problem id: the name of the package folder');
const ProblemLabel = z.string().nullable().describe("the problem's label in the contest; null outside a contest");
const Failure = z.enum(FAILURE_KINDS);

/** A submission a batch could not judge: never a verdict. */
export const NotJudgedJson = z.object({
  submission: Id,
  failure: Failure,
  reason: z.string(),
});
export type NotJudgedJson = z.input<typeof NotJudgedJson>;

const TestJson = z.object({
  name: z.string(),
  group: z.string(),
  verdict: Verdict.describe('SK: skipped after an earlier rejection'),
  time_ms: z.number().describe('CPU time'),
  wall_ms: z.number(),
  memory_kb: z.number().describe('peak memory'),
  score: z.number(),
  message: z.string().describe("the checker's or the sandbox's explanation"),
});

const JudgingFailureJson = z.object({
  judging: Id,
  finished: z.string().nullable(),
  failure: Failure,
  reason: z.string(),
});

/** Who and what a judging is about: the same fields in every report about one submission. */
export const SubjectJson = z.object({
  submission: Id,
  contest: z.string().nullable(),
  team: z.string().nullable(),
  problem: Problem,
  problem_label: ProblemLabel,
  language: z.string(),
});
export type Subject = z.input<typeof SubjectJson>;

export const JUDGING_REPORT_STATUSES = ['queued', 'judging', 'done', 'failed'] as const;

/** `submit --json`, `results --json`, and the service's GET /api/v1/submissions/{id}. */
export const JudgingReportJson = z.object({
  version: Version,
  status: z
    .enum(JUDGING_REPORT_STATUSES)
    .describe('done: a finished judging is shown; queued: never judged; judging: a judging is running; failed: every judging so far failed (see failure)'),
  ...SubjectJson.shape,
  judging: Id.nullable().describe('the judging shown: the current one when done, else the running or failed one; null when queued'),
  verdict: Verdict.nullable().describe('null unless status is done'),
  score: z.number().nullable(),
  max_score: z.number().nullable(),
  time_ms: z.number().nullable().describe('the largest CPU time over the tests'),
  memory_kb: z.number().nullable().describe('the largest peak memory over the tests'),
  compile: z.object({ ok: z.boolean(), output: z.string().describe("the compiler's output, capped") }).nullable(),
  tests: z.array(TestJson).describe('empty unless status is done, and after a compile error'),
  failure: z.object({ failure: Failure, reason: z.string() }).nullable().describe('why the judging shown failed, when status is failed'),
  later_failures: z.array(JudgingFailureJson).describe('judgings after the current one that failed; it stays current'),
  progress: z.object({ done: z.number().int(), total: z.number().int() }).nullable().describe('tests done so far while judging (service only)'),
});
export type JudgingReportJson = z.input<typeof JudgingReportJson>;

/** `results --history --json`. */
export const HistoryReportJson = z.object({
  version: Version,
  ...SubjectJson.shape,
  current_judging: Id.nullable().describe('the judging results and scoreboards use; null before one finished'),
  judgings: z
    .array(
      z.object({
        judging: Id,
        current: z.boolean(),
        status: z.enum(['running', 'done', 'failed']),
        started: z.string(),
        finished: z.string().nullable(),
        verdict: Verdict.nullable(),
        score: z.number().nullable(),
        max_score: z.number().nullable(),
        failure: Failure.nullable(),
        failure_reason: z.string().nullable(),
        package_hash: z.string(),
        judge_version: z.string(),
      }),
    )
    .describe('oldest first'),
});
export type HistoryReportJson = z.input<typeof HistoryReportJson>;

const ImportRowJson = z.object({
  submission: Id,
  team: z.string().nullable(),
  problem: Problem,
  problem_label: ProblemLabel,
  contest_minutes: z.number().nullable().describe('minutes from the contest start'),
  file: z.string(),
  language: z.string(),
  verdict: Verdict.nullable().describe('of the current judging; null while it has none'),
  score: z.number().nullable(),
  max_score: z.number().nullable(),
  failure: Failure.nullable().describe('why this run could not judge it; null when it did, or did not try'),
});
export type ImportRowJson = z.input<typeof ImportRowJson>;

/** `import --json`. */
export const ImportReportJson = z.object({
  version: Version,
  contest: z.string(),
  imported: z.number().int().describe('submissions stored by this run'),
  already_stored: z.number().int(),
  clamped: z.number().int().describe('submissions whose time was outside the contest and moved to its start or end (--clamp)'),
  judged: z.array(ImportRowJson).describe('judged by this run'),
  submissions: z.array(ImportRowJson).describe('every submission of the import'),
  failed: z.array(NotJudgedJson),
  stopped: z.string().nullable().describe('why an outage stopped the batch; null when it was not stopped'),
});
export type ImportReportJson = z.input<typeof ImportReportJson>;

/** `rejudge --json`. */
export const RejudgeReportJson = z.object({
  version: Version,
  batch: Id.nullable().describe('null when nothing was selected'),
  resumed: z.boolean().describe('an interrupted batch was continued'),
  selection: z.object({
    all: z.boolean(),
    contest: z.string().nullable(),
    problems: z.array(z.string()).describe('problem ids'),
    verdicts: z.array(Verdict),
    submissions: z.array(Id),
    changed_only: z.boolean(),
  }),
  selected: z.number().int(),
  judged: z.number().int(),
  unchanged: z.number().int(),
  transitions: z.record(z.string(), z.number().int()).describe('"OLD → NEW" verdicts and how many changed so'),
  changed: z.array(
    z.object({
      submission: Id,
      team: z.string().nullable(),
      problem: Problem,
      problem_label: ProblemLabel,
      file: z.string(),
      old_verdict: Verdict.nullable(),
      new_verdict: Verdict.nullable(),
      old_judging: Id.nullable(),
      new_judging: Id.nullable(),
    }),
  ),
  failed: z.array(NotJudgedJson).describe('not judged; still pending in the batch'),
  stopped: z.string().nullable(),
});
export type RejudgeReportJson = z.input<typeof RejudgeReportJson>;

/** `problem check --json`: one entry per package, whatever their number. */
export const CheckReportJson = z.object({
  version: Version,
  ok: z.boolean().describe('every package is fine'),
  problems: z.array(
    z.object({
      problem: Problem,
      dir: z.string(),
      ok: z.boolean(),
      checker: z.string().nullable(),
      time_limit_ms: z.number().nullable(),
      time_limit_source: z.enum(['problem.yaml', '.timelimit', 'domjudge-problem.ini', 'derived']).nullable().describe('where the time limit came from'),
      issues: z.array(z.string()).describe('each "file: field: what is wrong"'),
      warnings: z.array(z.string()),
      submissions: z.array(
        z.object({
          file: z.string().describe('relative to the package'),
          expected: z.string(),
          verdict: Verdict.nullable(),
          score: z.number().nullable(),
          max_score: z.number().nullable(),
          time_ms: z.number().nullable(),
          ok: z.boolean(),
          unsupported: z.boolean().describe('skipped: the judge does not have its language'),
          reason: z.string(),
        }),
      ),
    }),
  ),
});
export type CheckReportJson = z.input<typeof CheckReportJson>;

/** `run --json`. */
export const RunReportJson = z.object({
  version: Version,
  language: z.string(),
  status: z.enum(['OK', 'RUNTIME_ERROR', 'TIMEOUT', 'MEMORY_LIMIT', 'OUTPUT_LIMIT', 'COMPILE_ERROR', 'ERROR']),
  limit: z.string().nullable().describe('which limit stopped it'),
  exit_code: z.number().int().nullable(),
  signal: z.number().int().nullable().describe('the signal number that ended it'),
  time_ms: z.number().nullable(),
  wall_ms: z.number().nullable(),
  memory_kb: z.number().nullable(),
  stdout: z.string(),
  stdout_bytes: z.number().int(),
  stderr: z.string(),
  compile_output: z.string(),
  error: z.string().nullable().describe('why it could not run (status ERROR)'),
});
export type RunReportJson = z.input<typeof RunReportJson>;

/** `languages --json`. */
export const LanguagesReportJson = z.object({
  version: Version,
  languages: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      extensions: z.array(z.string()),
      image: z.string(),
      built: z.boolean(),
      toolchain_version: z.string().nullable().describe("the toolchain's own version line, where the image is built"),
    }),
  ),
});
export type LanguagesReportJson = z.input<typeof LanguagesReportJson>;

/** `import --enqueue-only --json` and `rejudge --enqueue-only --json`: what was queued for the workers. */
export const EnqueueReportJson = z.object({
  version: Version,
  command: z.enum(['import', 'rejudge']),
  contest: z.string().nullable().describe('the contest imported; null for a rejudge'),
  imported: z.number().int().nullable().describe('submissions stored by this run; null for a rejudge'),
  already_stored: z.number().int().nullable(),
  rejudge_batch: Id.nullable().describe("the rejudge's batch; null for an import, or when nothing was selected"),
  queue_batch: Id.nullable().describe('the batch queued for the workers; null when nothing was selected'),
  queued: z.number().int().describe('submissions queued to be judged'),
  new_jobs: z.number().int().describe('of those, the ones not already waiting in the queue'),
});
export type EnqueueReportJson = z.input<typeof EnqueueReportJson>;

/** `worker --json`, printed when the worker ends. */
export const WorkerReportJson = z.object({
  version: Version,
  worker: z.string().describe('the worker id: host/pid/random'),
  judged: z.number().int(),
  failed: z.number().int().describe('submissions it could not judge (the package or the checker is broken)'),
  stopped: z.string().nullable().describe('why it stopped early (an outage outlasting its limit, declared gone); null when it was not'),
});
export type WorkerReportJson = z.input<typeof WorkerReportJson>;

/** `workers --json`: every worker the queue has seen, alive ones first. */
export const WorkersReportJson = z.object({
  version: Version,
  lease_s: z.number().describe('seconds of silence after which a worker is declared gone'),
  workers: z.array(
    z.object({
      id: z.string(),
      host: z.string(),
      pid: z.number().int(),
      cpus: z.number().int(),
      slots: z.number().int().describe('jobs it judges at once'),
      judge_version: z.string(),
      image_ids: z.record(z.string(), z.string()).describe('image name → tag@built id, as it has used them'),
      status: z.enum(['alive', 'stopped', 'gone']),
      started_at: z.string(),
      last_heartbeat: z.string(),
      heartbeat_age_s: z.number(),
      ended_at: z.string().nullable(),
      judged: z.number().int(),
      judging: z
        .array(z.object({ slot: z.number().int(), batch: Id, submission: Id, judging: Id.nullable(), since: z.string() }))
        .describe('what each busy slot is judging now'),
    }),
  ),
});
export type WorkersReportJson = z.input<typeof WorkersReportJson>;

/** Every report by the name of its schema file (schemas/<name>.schema.json). */
export const REPORTS = {
  judging: JudgingReportJson,
  history: HistoryReportJson,
  import: ImportReportJson,
  rejudge: RejudgeReportJson,
  check: CheckReportJson,
  run: RunReportJson,
  languages: LanguagesReportJson,
  enqueue: EnqueueReportJson,
  worker: WorkerReportJson,
  workers: WorkersReportJson,
} as const;
