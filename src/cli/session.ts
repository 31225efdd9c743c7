import type { RecordContext } from '../record/record.js';
import { openStore, type Store } from '../store/index.js';
import { openTimeLimits } from '../store/time-limits.js';
import { judgeVersion } from '../util/version.js';
import { info } from './output.js';
import { openQueue, queueUrl } from './queued.js';
import { DB_OPTION } from './options.js';
import { openRuntime, type Runtime, type RuntimeOptions } from './runtime.js';
import type { QueueDb } from '../queue/db.js';

/** Which database: `--db`, else `ZUKO_DB`, else ./zuko.db; a file path (SQLite) or a postgres:// URL. */
export function dbLocation(option?: string): string {
  return option ?? process.env.ZUKO_DB ?? 'zuko.db';
}

export interface Session {
  runtime: Runtime;
  store: Store;
  ctx: RecordContext;
  /** Submissions whose judging a killed judge left running: marked failed, to be judged again. */
  interrupted: number[];
  /** The job queue, when the database is PostgreSQL: judging goes through it. */
  queue: QueueDb | null;
  close(): Promise<void>;
}

/**
 * The store alone, for commands that only read. Judgings a killed judge left running are left
 * for the next judging command, which fails them and judges their submissions again.
 */
export async function openStoreFor(db?: string): Promise<{ store: Store }> {
  return { store: await openStore(dbLocation(db)) };
}

/** The store of a process that judges into it: it holds the database's writer lease until closed. */
export async function openWriterStore(db?: string): Promise<Store> {
  const { store } = await openStoreFor(db);
  try {
    await store.claimWriter(thisCommand());
  } catch (err) {
    await store.close();
    throw err;
  }
  return store;
}

/** This command as a holder of the lease is named to another one. */
function thisCommand(): string {
  const line = `zuko-judge ${process.argv.slice(2).join(' ')}`;
  return line.length > 120 ? `${line.slice(0, 119)}…` : line;
}

/** Engine, sandbox, queue and store, ready to judge and record. */
export async function openSession(db?: string, runtimeOptions: RuntimeOptions = {}): Promise<Session> {
  const store = await openWriterStore(db);
  const url = queueUrl(db);
  // On PostgreSQL only judgings whose worker is gone (its liveness lock dropped) are failed.
  const interrupted = await store.recoverInterrupted();
  if (interrupted.length) info(`${interrupted.length} judging(s) left running by an interrupted judge marked failed; their submissions are judged again`);
  let runtime: Runtime;
  let queue: QueueDb | null = null;
  let opened: Runtime | null = null;
  try {
    opened = await openRuntime(info, runtimeOptions);
    queue = url ? await openQueue(url, opened.sandbox.concurrency) : null;
    runtime = opened;
  } catch (err) {
    await opened?.close();
    await store.close();
    throw err;
  }
  const timeLimits = await openTimeLimits(dbLocation(db));
  const ctx: RecordContext = { ...runtime, store, timeLimits, judgeVersion: judgeVersion() };
  return {
    runtime,
    store,
    ctx,
    interrupted,
    queue,
    async close() {
      await runtime.close();
      await queue?.close();
      await timeLimits.close();
      await store.close();
    },
  };
}

export { DB_OPTION };
