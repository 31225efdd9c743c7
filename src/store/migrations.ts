import { UserError } from '../util/errors.js';

/**
 * The schema's history, oldest first, in SQLite's words; PostgreSQL runs the same steps with the
 * words that differ exchanged (`postgresSteps`). Entry i takes a database from version i to i + 1
 * (`user_version` on SQLite, the `zuko_schema` table on PostgreSQL). Entries are never edited
 * once released: a change to the schema is a new entry at the end.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE submissions (
    id                 INTEGER PRIMARY KEY,
    source             BLOB NOT NULL,
    source_sha256      TEXT NOT NULL,
    file_name          TEXT NOT NULL,
    language           TEXT NOT NULL,
    problem_id         TEXT NOT NULL,
    problem_dir        TEXT NOT NULL,
    team_id            TEXT,
    contest_id         TEXT,
    submitted_at       TEXT NOT NULL,
    contest_minutes    REAL,
    current_judging_id INTEGER REFERENCES judgings(id),
    -- (contest, team, problem, time, source hash) as one value: importing a folder twice adds nothing.
    dedup_key          TEXT NOT NULL UNIQUE,
    CHECK (contest_id IS NULL OR (team_id IS NOT NULL AND contest_minutes IS NOT NULL))
  );
  CREATE INDEX submissions_contest ON submissions(contest_id);
  CREATE INDEX submissions_problem ON submissions(problem_id);

  CREATE TABLE judgings (
    id             INTEGER PRIMARY KEY,
    submission_id  INTEGER NOT NULL REFERENCES submissions(id),
    started_at     TEXT NOT NULL,
    finished_at    TEXT,
    status         TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed')),
    failure_reason TEXT,
    package_hash   TEXT NOT NULL,
    judge_version  TEXT NOT NULL,
    image_ids      TEXT NOT NULL,
    compile_ok     INTEGER CHECK (compile_ok IN (0, 1)),
    compile_output TEXT,
    verdict        TEXT,
    score          REAL,
    max_score      REAL,
    time_ms        REAL,
    memory_kb      REAL
  );
  CREATE INDEX judgings_submission ON judgings(submission_id);
  CREATE INDEX judgings_running ON judgings(status) WHERE status = 'running';

  CREATE TABLE test_results (
    judging_id      INTEGER NOT NULL REFERENCES judgings(id),
    ordinal         INTEGER NOT NULL,
    test_name       TEXT NOT NULL,
    test_group      TEXT NOT NULL,
    verdict         TEXT NOT NULL,
    cpu_ms          REAL NOT NULL,
    wall_ms         REAL NOT NULL,
    memory_kb       REAL NOT NULL,
    score           REAL,
    checker_message TEXT NOT NULL,
    output_bytes    INTEGER NOT NULL,
    output_sha256   TEXT,
    PRIMARY KEY (judging_id, ordinal)
  ) WITHOUT ROWID;

  CREATE TABLE rejudge_batches (
    id          INTEGER PRIMARY KEY,
    created_at  TEXT NOT NULL,
    finished_at TEXT,
    filter_json TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('open', 'done'))
  );
  -- Running the same rejudge again continues its batch, so one filter has at most one open batch.
  CREATE UNIQUE INDEX rejudge_batches_open ON rejudge_batches(filter_json) WHERE status = 'open';

  CREATE TABLE rejudge_items (
    batch_id        INTEGER NOT NULL REFERENCES rejudge_batches(id),
    submission_id   INTEGER NOT NULL REFERENCES submissions(id),
    old_judging_id  INTEGER REFERENCES judgings(id),
    new_judging_id  INTEGER REFERENCES judgings(id),
    done            INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1)),
    PRIMARY KEY (batch_id, submission_id)
  ) WITHOUT ROWID;
  `,
  // Why a judging failed, as data: the infrastructure (retried, never a verdict), an interrupted
  // judge, or anything else (a broken package). Older failures are classified by their reason.
  `
  ALTER TABLE judgings ADD COLUMN failure_kind TEXT CHECK (failure_kind IN ('infrastructure', 'interrupted', 'error'));
  UPDATE judgings SET failure_kind = CASE failure_reason WHEN 'interrupted' THEN 'interrupted' ELSE 'error' END
    WHERE status = 'failed';
  `,
  // serve: asynchronous work (Judge0 tokens, judging requests) survives a restart, and so do
  // per-client run quotas.
  `
  CREATE TABLE serve_jobs (
    token       TEXT PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('judge0', 'judging')),
    request     TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('queued', 'done')),
    result      TEXT,
    created_at  TEXT NOT NULL,
    finished_at TEXT
  );
  CREATE INDEX serve_jobs_queued ON serve_jobs(created_at) WHERE status = 'queued';

  CREATE TABLE serve_quota (
    client       TEXT NOT NULL,
    window_start INTEGER NOT NULL,
    used         INTEGER NOT NULL,
    PRIMARY KEY (client, window_start)
  ) WITHOUT ROWID;
  `,
  `
  -- Time limits derived from a package's accepted submissions, keyed by its content hash: packages
  -- are read-only input, so the derived limit lives here, never in the package.
  CREATE TABLE derived_time_limits (
    package_hash  TEXT PRIMARY KEY,
    time_limit_ms INTEGER NOT NULL CHECK (time_limit_ms > 0),
    slowest_ms    INTEGER NOT NULL,
    derived_at    TEXT NOT NULL
  ) WITHOUT ROWID;
  `,
  // Several judge hosts may share one PostgreSQL database: a judging records the worker that runs
  // it, so recovery fails only the judgings of workers that are gone. Null: the single local judge.
  // Jobs are resumed in the order they were stored, on every database: `seq` numbers them as
  // SQLite's rowid did.
  `
  ALTER TABLE judgings ADD COLUMN worker_id TEXT;
  ALTER TABLE serve_jobs ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
  UPDATE serve_jobs SET seq = rowid;
  CREATE INDEX serve_jobs_seq ON serve_jobs(seq);
  `,
  // The one judging process that may write a SQLite file now (lease.ts): at most one row. Unused
  // on PostgreSQL, where many workers write at once.
  `
  CREATE TABLE writer_lease (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    boot_id     TEXT NOT NULL,
    pid         INTEGER NOT NULL,
    started     TEXT NOT NULL,
    command     TEXT NOT NULL,
    acquired_at TEXT NOT NULL
  );
  `,
];

/** Marks our files apart from other SQLite databases ("ZKJG"); on PostgreSQL, the key of our advisory locks. */
export const APPLICATION_ID = 0x5a4b4a47;

export function newerSchema(location: string, version: number, known: number): UserError {
  return UserError.at(location, undefined, `database schema version ${version} is newer than this zuko-judge knows (${known}); use a newer zuko-judge`);
}

/** Where PostgreSQL's types differ from SQLite's, in every step. Integers are 64-bit on both. */
const POSTGRES_TYPES: ReadonlyArray<[RegExp, string]> = [
  [/\bINTEGER PRIMARY KEY\b/g, 'BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY'],
  [/\bINTEGER\b/g, 'BIGINT'],
  [/\bREAL\b/g, 'DOUBLE PRECISION'],
  [/\bBLOB\b/g, 'BYTEA'],
  [/\)\s*WITHOUT ROWID/g, ')'],
];

/**
 * What else PostgreSQL needs said otherwise, by step: [SQLite text, PostgreSQL text]. SQLite lets
 * a column refer to a table created later in the same step; PostgreSQL adds that key afterwards.
 */
const POSTGRES_EDITS: Readonly<Record<number, ReadonlyArray<[string, string]>>> = {
  0: [
    ['current_judging_id INTEGER REFERENCES judgings(id),', 'current_judging_id INTEGER,'],
    [
      'PRIMARY KEY (batch_id, submission_id)\n  ) WITHOUT ROWID;\n',
      'PRIMARY KEY (batch_id, submission_id)\n  ) WITHOUT ROWID;\n  ALTER TABLE submissions ADD FOREIGN KEY (current_judging_id) REFERENCES judgings(id);\n',
    ],
  ],
  // A PostgreSQL database starts at the newest schema with no job stored: nothing to number.
  4: [['UPDATE serve_jobs SET seq = rowid;', '']],
};

/** The steps in PostgreSQL's words. */
export function postgresSteps(steps: readonly string[] = MIGRATIONS): string[] {
  return steps.map((sql, step) => {
    let text = sql;
    for (const [from, to] of POSTGRES_EDITS[step] ?? []) {
      if (!text.includes(from)) throw new Error(`migration ${step}: the PostgreSQL edit expects ${JSON.stringify(from)}`);
      text = text.replace(from, to);
    }
    for (const [from, to] of POSTGRES_TYPES) text = text.replace(from, to);
    return text;
  });
}
