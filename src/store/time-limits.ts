/** Derived time limits by package hash: the one table `problem check` and `submit` share for them. */
import { openDatabase } from './open.js';

export interface DerivedTimeLimit {
  timeLimitMs: number;
  slowestMs: number;
  derivedAt: string;
}

export interface TimeLimitStore {
  get(packageHash: string): Promise<DerivedTimeLimit | null>;
  put(packageHash: string, limit: { timeLimitMs: number; slowestMs: number }): Promise<void>;
  close(): Promise<void>;
}

export async function openTimeLimits(file: string): Promise<TimeLimitStore> {
  const db = openDatabase(file);
  const select = db.prepare('SELECT time_limit_ms, slowest_ms, derived_at FROM derived_time_limits WHERE package_hash = ?');
  const upsert = db.prepare(
    `INSERT INTO derived_time_limits (package_hash, time_limit_ms, slowest_ms, derived_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (package_hash) DO UPDATE SET time_limit_ms = excluded.time_limit_ms, slowest_ms = excluded.slowest_ms, derived_at = excluded.derived_at`,
  );
  return {
    async get(packageHash) {
      const row = select.get(packageHash) as { time_limit_ms: number; slowest_ms: number; derived_at: string } | undefined;
      return row ? { timeLimitMs: row.time_limit_ms, slowestMs: row.slowest_ms, derivedAt: row.derived_at } : null;
    },
    async put(packageHash, limit) {
      upsert.run(packageHash, limit.timeLimitMs, limit.slowestMs, new Date().toISOString());
    },
    close: async () => {
      db.close();
    },
  };
}
