import { existsSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadContest } from '../contest/config.js';
import { toClicsJson, toCsv, toHtml, toTable } from '../contest/export/index.js';
import { boardProblems, contestScoreboard } from '../contest/board.js';
import { parseContestTime } from '../contest/time.js';
import type { Scoreboard } from '../contest/scoreboard.js';
import { UserError } from '../util/errors.js';
import { info } from './output.js';
import { openStoreFor } from './session.js';

export interface ScoreboardOptions {
  format: string;
  out?: string;
  at?: string;
  unfrozen?: boolean;
  db?: string;
}

const FORMATS: Record<string, (sb: Scoreboard) => string> = {
  table: toTable,
  csv: toCsv,
  json: toClicsJson,
  html: toHtml,
};

/** The contest's scoreboard from the stored judgings, in the format asked for. */
export async function scoreboardCommand(contestArg: string, opts: ScoreboardOptions): Promise<void> {
  const render = FORMATS[opts.format];
  if (!render) throw new UserError(`--format: unknown format '${opts.format}' (use ${Object.keys(FORMATS).join(', ')})`);
  const contest = loadContest(contestArg);
  const atMinutes = opts.at === undefined ? undefined : parseContestTime(contest, opts.at, '--at');
  const out = opts.out === undefined ? null : outFile(opts.out);
  const problems = boardProblems(contest);
  const { store } = await openStoreFor(opts.db);
  let text: string;
  try {
    text = render(await contestScoreboard(store, contest, { atMinutes, unfrozen: opts.unfrozen }, problems));
  } finally {
    await store.close();
  }
  if (!out) {
    process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    return;
  }
  // Written beside the target and renamed, so a published board is never half-written.
  const tmp = `${out}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, out);
  info(`scoreboard written to ${out}`);
}

/** --out: checked before any work, so a typo in the folder costs one line, not a stack trace. */
function outFile(option: string): string {
  const out = path.resolve(option);
  const dir = path.dirname(out);
  if (!existsSync(dir)) throw new UserError(`--out: ${dir}: no such folder; create it first`);
  if (!statSync(dir).isDirectory()) throw new UserError(`--out: ${dir}: not a folder`);
  if (existsSync(out) && statSync(out).isDirectory()) throw new UserError(`--out: ${out}: is a folder; name a file in it`);
  return out;
}
