import type Database from 'better-sqlite3';

/** One open database as the store's modules use it. */
export interface Db {
  /** Absolute path of the database file, for error messages. */
  readonly file: string;
  /** The prepared statement for `sql`, compiled once per open database. */
  stmt(sql: string): Database.Statement;
  /** Runs `fn` in one write transaction (BEGIN IMMEDIATE): all of it commits, or none of it. */
  transaction<T>(fn: () => T): T;
  close(): void;
}

export function dbContext(db: Database.Database, file: string): Db {
  const statements = new Map<string, Database.Statement>();
  return {
    file,
    stmt(sql) {
      let statement = statements.get(sql);
      if (!statement) {
        statement = db.prepare(sql);
        statements.set(sql, statement);
      }
      return statement;
    },
    transaction: (fn) => db.transaction(fn).immediate(),
    close: () => db.close(),
  };
}
