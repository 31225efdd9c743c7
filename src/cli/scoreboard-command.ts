import { renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadContest, parseDuration, type Contest } from '../contest/config.js';
import { toClicsJson, toCsv, toHtml, toTable } from '../contest/export/index.js';
import { parseTime } from '../contest/manifest.js';
import { boardProblems, contestScoreboard } from '../contest/board.js';
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
  const atMinutes = opts.at === undefined ? undefined : parseAt(contest, opts.at);
  const problems = boardProblems(contest);
  const { store } = await openStoreFor(opts.db);
  let text: string;
  try {
    text = render(await contestScoreboard(store, contest, { atMinutes, unfrozen: opts.unfrozen }, problems));
  } finally {
    await store.close();
  }
  if (!opts.out) {
    process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    return;
  }
  // Written beside the target and renamed, so a published board is never half-written.
  const out = path.resolve(opts.out);
  const tmp = `${out}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, out);
  info(`scoreboard written to ${out}`);
}

/** --at: contest time as a duration (90m, 1:30:00, 2h) or minutes, or a timestamp with a zone. */
function parseAt(contest: Contest, at: string): number {
  const stamp = parseTime(contest, at);
  if (stamp !== null && /T/.test(at)) return stamp;
  try {
    return parseDuration(at);
  } catch {
    throw new UserError(`--at: '${at}' is not a contest time (e.g. 90, 90m, 1:30:00, 2h) or a timestamp like 2026-11-21T12:00:00Z`);
  }
}
