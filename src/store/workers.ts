import pg from 'pg';
import { createHash, randomUUID } from 'node:crypto';
import os from 'node:os';
import { APPLICATION_ID } from './migrations.js';

/**
 * Worker ids and, on PostgreSQL, whether the worker behind one is still there. A process that
 * judges into a shared database holds a session advisory lock keyed by its worker id on a
 * connection of its own; the server drops the lock when that connection ends (the process died,
 * its host went away), which is how another process tells a live worker's running judging from an
 * abandoned one.
 */

/** Unique per process: host and pid for people reading it, a random part so ids never repeat. */
export function newWorkerId(): string {
  return `${os.hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`;
}

/** The lock key of a worker id: 32 bits of its hash (the lock's other key is APPLICATION_ID). */
export function workerKey(workerId: string): number {
  return createHash('sha256').update(workerId).digest().readInt32BE(0);
}

/** A worker proving it is alive for as long as this is held. */
export interface Liveness {
  release(): Promise<void>;
}

const RETRY_MAX_MS = 30_000;

/**
 * Takes the worker's lock on a dedicated connection. Should that connection break (a server
 * restart), the lock is taken again on a new one as soon as the server answers.
 */
export async function holdLiveness(url: string, workerId: string): Promise<Liveness> {
  let client: pg.Client | null = null;
  let released = false;
  let retryMs = 1000;
  let timer: NodeJS.Timeout | undefined;

  const take = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: url, application_name: `zuko-judge ${workerId}`.slice(0, 63) });
    c.on('error', () => undefined);
    c.on('end', () => {
      if (client === c && !released) {
        client = null;
        retry();
      }
    });
    try {
      await c.connect();
      await c.query('SELECT pg_advisory_lock($1, $2)', [APPLICATION_ID, workerKey(workerId)]);
    } catch (err) {
      await c.end().catch(() => undefined);
      throw err;
    }
    client = c;
    retryMs = 1000;
  };
  const retry = (): void => {
    timer = setTimeout(() => {
      if (released) return;
      take().catch(() => {
        retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
        retry();
      });
    }, retryMs);
    // Waiting to take the lock again must not keep a finished process alive.
    timer.unref();
  };

  await take();
  return {
    async release() {
      released = true;
      clearTimeout(timer);
      const c = client;
      client = null;
      await c?.end().catch(() => undefined);
    },
  };
}
