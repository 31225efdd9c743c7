import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../../src/store/index.js';
import { bootId } from '../../../src/util/process.js';
import { UserError } from '../../../src/util/errors.js';
import { submission, useTempDir } from '../../store-suite/fixtures.js';

const tempDir = useTempDir();
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

/** A real other process, alive until killed, and its start time as the lease records it. */
function otherProcess(): { pid: number; started: string; stop(): Promise<void> } {
  const child = spawn('sleep', ['60'], { stdio: 'ignore' });
  children.push(child);
  const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
  return {
    pid: child.pid!,
    started: stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19],
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}

/** Writes the lease as another process holding it would have. */
function holdAs(file: string, holder: { boot: string; pid: number; started: string; command: string }): void {
  const db = new Database(file);
  try {
    db.prepare(`INSERT OR REPLACE INTO writer_lease (id, boot_id, pid, started, command, acquired_at) VALUES (1, ?, ?, ?, ?, ?)`).run(
      holder.boot,
      holder.pid,
      holder.started,
      holder.command,
      '2026-11-30T01:00:00.000Z',
    );
  } finally {
    db.close();
  }
}

async function claimError(file: string): Promise<unknown> {
  const store = await openStore(file);
  try {
    await store.claimWriter('zuko-judge import demo');
    return null;
  } catch (err) {
    return err;
  } finally {
    await store.close();
  }
}

describe('the writer lease of a SQLite database', () => {
  it('refuses a second judge while the holder lives, with one line naming it, and lets it in once the holder is gone', async () => {
    const file = path.join(tempDir(), 'judge.db');
    await (await openStore(file)).close();
    const other = otherProcess();
    holdAs(file, { boot: bootId(), pid: other.pid, started: other.started, command: 'zuko-judge serve' });
    const err = await claimError(file);
    expect(err).toBeInstanceOf(UserError);
    const message = (err as Error).message;
    expect(message.split('\n')).toHaveLength(1);
    expect(message).toContain(file);
    expect(message).toMatch(new RegExp(`'zuko-judge serve' \\(pid ${other.pid}, since 2026-11-30T01:00:00.000Z\\).*submit through its API`));
    await other.stop();
    expect(await claimError(file)).toBeNull();
  });

  it('takes over a lease of an earlier boot, or of a pid now used by another process', async () => {
    const file = path.join(tempDir(), 'judge.db');
    await (await openStore(file)).close();
    const other = otherProcess();
    holdAs(file, { boot: 'an-earlier-boot', pid: other.pid, started: other.started, command: 'zuko-judge import a' });
    expect(await claimError(file)).toBeNull();
    holdAs(file, { boot: bootId(), pid: other.pid, started: `${other.started}0`, command: 'zuko-judge import b' });
    expect(await claimError(file)).toBeNull();
  });

  it('is given back on close, held again by the same process, and never needed to read', async () => {
    const file = path.join(tempDir(), 'judge.db');
    const writer = await openStore(file);
    await writer.claimWriter('zuko-judge submit sum a.py');
    await writer.claimWriter('zuko-judge submit sum a.py');
    await writer.addSubmission(submission());
    const reader = await openStore(file);
    expect(await reader.selectSubmissions({})).toHaveLength(1);
    await reader.close();
    await writer.close();
    const db = new Database(file, { readonly: true });
    expect(db.prepare('SELECT COUNT(*) AS n FROM writer_lease').get()).toEqual({ n: 0 });
    db.close();
  });
});
