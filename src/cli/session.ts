import path from 'node:path';
import type { RecordContext } from '../judge/record.js';
import { openStore, type Store } from '../store/index.js';
import { judgeVersion } from '../util/version.js';
import { info } from './output.js';
import { openRuntime, type Runtime } from './runtime.js';

/** Where the database lives: `--db`, else `ZUKO_DB`, else ./zuko.db. */
export function dbFile(option?: string): string {
  return path.resolve(option ?? process.env.ZUKO_DB ?? 'zuko.db');
}

export interface Session {
  runtime: Runtime;
  store: Store;
  ctx: RecordContext;
  /** Submissions whose judging a killed judge left running: marked failed, to be judged again. */
  interrupted: number[];
  close(): Promise<void>;
}

/** The store alone, for commands that only read; interrupted judgings are recovered all the same. */
export function openStoreFor(db?: string): { store: Store; interrupted: number[] } {
  const store = openStore(dbFile(db));
  const interrupted = store.recoverInterrupted();
  if (interrupted.length) info(`zuko-judge: ${interrupted.length} judging(s) left running by an interrupted judge marked failed`);
  return { store, interrupted };
}

/** Engine, sandbox, queue and store, ready to judge and record. */
export async function openSession(db?: string): Promise<Session> {
  const { store, interrupted } = openStoreFor(db);
  let runtime: Runtime;
  try {
    runtime = await openRuntime(info);
  } catch (err) {
    store.close();
    throw err;
  }
  const ctx: RecordContext = { ...runtime, store, judgeVersion: judgeVersion() };
  return {
    runtime,
    store,
    ctx,
    interrupted,
    async close() {
      await runtime.close();
      store.close();
    },
  };
}
