/** Options several commands share, kept apart from the code behind them so the CLI starts light. */

/** `--db` of every command that takes it. */
export const DB_OPTION: [flags: string, description: string] = [
  '--db <file|url>',
  'database: a SQLite file, or postgres://user:password@host/name (default: $ZUKO_DB or ./zuko.db)',
];
