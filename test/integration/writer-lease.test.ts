import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { bootId } from '../../src/util/process.js';
import { workspace } from '../helpers/zuko.js';

const w = workspace();
// A live process stands for a judge holding the database (a server, an import).
const holder = spawn('sleep', ['120'], { stdio: 'ignore' });
afterAll(() => {
  holder.kill('SIGKILL');
  w.remove();
});

describe('one judging process per SQLite database', () => {
  it('refuses a second judge with one line naming the holder; reading commands need no lease', async () => {
    await (await openStore(w.db)).close();
    const stat = readFileSync(`/proc/${holder.pid}/stat`, 'utf8');
    const started = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    const db = new Database(w.db);
    db.prepare(`INSERT INTO writer_lease (id, boot_id, pid, started, command, acquired_at) VALUES (1, ?, ?, ?, 'zuko-judge serve', ?)`).run(
      bootId(),
      holder.pid,
      started,
      new Date().toISOString(),
    );
    db.close();

    const submit = await w.run(['submit', 'sum', path.resolve('problems/sum/submissions/accepted/sum.cpp')]);
    expect(submit.code).toBe(2);
    expect(submit.stderr.trim().split('\n')).toHaveLength(1);
    expect(submit.stderr).toMatch(new RegExp(`zuko\\.db: is being judged into by 'zuko-judge serve' \\(pid ${holder.pid}, since .*\\); one judging process`));

    const scoreboard = await w.run(['scoreboard', path.resolve('contests/demo.yaml')]);
    expect(scoreboard.code, scoreboard.stderr).toBe(0);
    const results = await w.run(['results', '1']);
    expect(results.stderr).toMatch(/no submission 1/);
  });
});
