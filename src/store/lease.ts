/**
 * One judging process writes a SQLite database at a time. Recovering the judgings a killed judge
 * left `running` is only sound when no other judge is running some right now, so each judging
 * process (`submit`, `import`, `rejudge`, `serve`) holds the database's writer lease while it runs.
 * The lease names its holder by boot id, pid and start time: a holder that is gone, or of an
 * earlier boot, no longer holds it. Reading (`results`, `scoreboard`) needs no lease. A
 * PostgreSQL database takes many workers at once and has no lease (see workers.ts).
 */
import { z } from 'zod';
import { UserError } from '../util/errors.js';
import { processAlive, thisProcess } from '../util/process.js';
import { parseRows } from './rows.js';
import type { Queries, Sql } from './sql.js';

const Holder = z.object({
  boot_id: z.string(),
  pid: z.coerce.number().int(),
  started: z.string(),
  command: z.string(),
  acquired_at: z.string(),
});
type Holder = z.output<typeof Holder>;

/** Takes the lease for this process, or fails with one line naming the live holder. */
export async function claimWriter(sql: Sql, command: string): Promise<void> {
  const me = thisProcess();
  await sql.transaction(async (tx) => {
    const holder = await currentHolder(tx);
    const mine = holder && holder.boot_id === me.bootId && holder.pid === me.pid && holder.started === me.started;
    if (holder && !mine && processAlive({ bootId: holder.boot_id, pid: holder.pid, started: holder.started })) {
      throw UserError.at(tx.location, undefined, heldBy(holder));
    }
    await tx.run(
      `INSERT INTO writer_lease (id, boot_id, pid, started, command, acquired_at) VALUES (1, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET boot_id = excluded.boot_id, pid = excluded.pid, started = excluded.started,
         command = excluded.command, acquired_at = excluded.acquired_at`,
      [me.bootId, me.pid, me.started, command, new Date().toISOString()],
    );
  });
}

/** Gives the lease back, if this process holds it. */
export async function releaseWriter(sql: Sql): Promise<void> {
  const me = thisProcess();
  await sql.run('DELETE FROM writer_lease WHERE id = 1 AND boot_id = ? AND pid = ? AND started = ?', [me.bootId, me.pid, me.started]);
}

async function currentHolder(tx: Queries): Promise<Holder | null> {
  const row = await tx.get('SELECT boot_id, pid, started, command, acquired_at FROM writer_lease WHERE id = 1');
  return row ? parseRows(tx.location, 'writer_lease', Holder, [row])[0] : null;
}

function heldBy(holder: Holder): string {
  const who = `'${holder.command}' (pid ${holder.pid}, since ${holder.acquired_at})`;
  // A server judges too: what it is asked to judge goes through it, not around it.
  const instead = /\bserve\b/.test(holder.command)
    ? 'submit through its API (POST /api/v1/problems/{problem}/submissions) or stop it first'
    : 'wait for it to finish, or stop it';
  return `is being judged into by ${who}; one judging process may write a SQLite database at a time: ${instead}`;
}
