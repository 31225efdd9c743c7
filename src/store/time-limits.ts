/** Derived time limits by package hash: the one table `problem check` and `submit` share for them. */
import { z } from 'zod';
import { openSql } from './open.js';
import { parseRows } from './rows.js';

const DerivedTimeLimitRow = z
  .object({ time_limit_ms: z.number().int().positive(), slowest_ms: z.number(), derived_at: z.string() })
  .transform((r) => ({ timeLimitMs: r.time_limit_ms, slowestMs: r.slowest_ms, derivedAt: r.derived_at }));
export type DerivedTimeLimit = z.output<typeof DerivedTimeLimitRow>;

export interface TimeLimitStore {
  get(packageHash: string): Promise<DerivedTimeLimit | null>;
  put(packageHash: string, limit: { timeLimitMs: number; slowestMs: number }): Promise<void>;
  close(): Promise<void>;
}

/** `db` as `--db` takes it: a SQLite file or a PostgreSQL URL. */
export async function openTimeLimits(db: string): Promise<TimeLimitStore> {
  const sql = await openSql(db);
  return {
    async get(packageHash) {
      const row = await sql.get('SELECT time_limit_ms, slowest_ms, derived_at FROM derived_time_limits WHERE package_hash = ?', [packageHash]);
      return row ? parseRows(sql.location, 'derived_time_limits', DerivedTimeLimitRow, [row])[0] : null;
    },
    async put(packageHash, limit) {
      await sql.run(
        `INSERT INTO derived_time_limits (package_hash, time_limit_ms, slowest_ms, derived_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (package_hash) DO UPDATE SET time_limit_ms = excluded.time_limit_ms, slowest_ms = excluded.slowest_ms, derived_at = excluded.derived_at`,
        [packageHash, limit.timeLimitMs, limit.slowestMs, new Date().toISOString()],
      );
    },
    close: () => sql.close(),
  };
}
