import type { Scoreboard, ScoreboardCell } from '../scoreboard.js';

/**
 * The scoreboard as CSV (RFC 4180: CRLF line ends, a field with a comma, quote or line break is
 * quoted and its quotes doubled). One row per team; per problem the columns `<label>_time`
 * (ICPC: minute solved; IOI: minute of the best score), `_tries`, `_pending`, `_first`, and under IOI `_score`.
 */
export function toCsv(sb: Scoreboard): string {
  const icpc = sb.contest.scoring === 'icpc';
  const problemColumns = (label: string) => [...(icpc ? [] : [`${label}_score`]), `${label}_time`, `${label}_tries`, `${label}_pending`, `${label}_first`];
  const header = ['rank', 'team_id', 'team', 'affiliation', 'solved', icpc ? 'penalty' : 'score', ...sb.problems.flatMap((p) => problemColumns(p.label))];
  const records = sb.rows.map((row) => [
    row.rank,
    row.team.id,
    row.team.name,
    row.team.affiliation ?? '',
    row.solved,
    icpc ? row.penalty : row.score,
    ...row.cells.flatMap((cell) => cellFields(cell, icpc)),
  ]);
  return `${[header, ...records].map((fields) => fields.map(field).join(',')).join('\r\n')}\r\n`;
}

function cellFields(cell: ScoreboardCell, icpc: boolean): Array<string | number | null> {
  const time = icpc && !cell.solved ? null : cell.minutes;
  return [...(icpc ? [] : [cell.score]), time, cell.tries, cell.pending, cell.firstToSolve ? 1 : 0];
}

function field(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
