/**
 * The one database interface the store's modules are written against, so every query is written
 * once for SQLite and PostgreSQL. Statements use `?` placeholders and the common subset of both
 * dialects; what differs is data in `Dialect`.
 */

export interface Dialect {
  readonly name: 'sqlite' | 'postgres';
  /**
   * Appended to a SELECT of a row the transaction goes on to change. PostgreSQL must lock it so a
   * second process waits and then sees the change; a SQLite write transaction holds the whole file.
   */
  readonly lockRow: string;
  /**
   * A query answering `gone` (true or false) for the parameters (APPLICATION_ID, workerKey): true
   * when no live process holds that worker's lock (see workers.ts). Null where one judge per
   * database is assumed, so every running judging found at start was left by a dead one.
   */
  readonly workerGone: string | null;
}

export const SQLITE: Dialect = { name: 'sqlite', lockRow: '', workerGone: null };
export const POSTGRES: Dialect = {
  name: 'postgres',
  lockRow: ' FOR UPDATE',
  // Held until the recovery commits, so the lock of a worker found gone cannot be taken meanwhile.
  workerGone: 'SELECT pg_try_advisory_xact_lock(?, ?) AS gone',
};

/** Statements on one connection (or inside one transaction). */
export interface Queries {
  readonly dialect: Dialect;
  /** Where the database is, for messages: a file path, or a URL with its password masked. */
  readonly location: string;
  all(sql: string, params?: readonly unknown[]): Promise<unknown[]>;
  /** The first row, or undefined when there is none. */
  get(sql: string, params?: readonly unknown[]): Promise<unknown>;
  /** Runs a statement that returns no rows; resolves to the number of rows it changed. */
  run(sql: string, params?: readonly unknown[]): Promise<number>;
}

export interface TransactionOptions {
  /**
   * PostgreSQL: run at SERIALIZABLE (retried when the server reports a conflict) rather than READ
   * COMMITTED with row locks, for work that decides on rows that may not exist yet.
   */
  serializable?: boolean;
}

export interface Sql extends Queries {
  /** Runs `fn` in one write transaction: all of it commits, or none of it. */
  transaction<T>(fn: (tx: Queries) => Promise<T>, opts?: TransactionOptions): Promise<T>;
  close(): Promise<void>;
}

/** `count` placeholders joined by commas, for an IN list (never empty: callers handle that). */
export function placeholders(count: number): string {
  return Array.from({ length: count }, () => '?').join(', ');
}
