import { escapeHtml, statusLine } from '../../contest/export/html.js';
import { cellState, formatScore, plural } from '../../contest/export/format.js';
import type { Scoreboard, ScoreboardCell } from '../../contest/scoreboard.js';

/**
 * The live board's table: the HTML export's classes and look, with the problem names in the
 * column headers, columns of equal width, and on IOI boards a cell is solved only at the
 * problem's full score (a partial score is never shown as solved).
 */
export interface BoardParts {
  status: string;
  table: string;
}

function header(sb: Scoreboard, names: Map<string, string>): string {
  const ioi = sb.contest.scoring === 'ioi';
  const problems = sb.problems.map((p) => {
    const name = names.get(p.label) ?? p.name ?? '';
    const max = ioi && p.maxScore !== null ? ` · ${formatScore(p.maxScore)}` : '';
    return `<th class="problem" scope="col" data-problem="${escapeHtml(p.label)}"><span class="label">${escapeHtml(p.label)}</span><span class="sub pname">${escapeHtml(name)}${max}</span></th>`;
  });
  const totals = ioi ? '<th class="num" scope="col">Score</th>' : '<th class="num" scope="col">Solved</th><th class="num" scope="col">Time</th>';
  return `<thead><tr><th class="rank" scope="col">#</th><th class="name" scope="col">Team</th>${totals}${problems.join('')}</tr></thead>`;
}

function cellHtml(cell: ScoreboardCell, ioi: boolean): string {
  // An IOI cell is solved only at the problem's full score: the scoreboard decides that, once.
  const s = cellState(cell);
  const first = cell.firstToSolve && s === 'solved';
  const classes = ['cell', s, ...(first ? ['first'] : [])].join(' ');
  const label = escapeHtml(cell.label);
  if (s === 'empty') return `<td class="${classes}" data-problem="${label}"></td>`;
  const main = ioi ? (cell.score === null ? '?' : formatScore(cell.score)) : cell.solved ? String(cell.minutes) : cell.pending > 0 ? '?' : '&minus;';
  const sub = [cell.tries > 0 ? plural(cell.tries, 'try', 'tries') : '', cell.pending > 0 ? `+${cell.pending}&nbsp;pending` : ''].filter(Boolean).join(' ');
  return `<td class="${classes}" data-problem="${label}"${first ? ' title="first to solve"' : ''}><span class="main">${main}</span><span class="sub">${sub}</span></td>`;
}

export function renderBoard(sb: Scoreboard, names: Map<string, string>): BoardParts {
  const ioi = sb.contest.scoring === 'ioi';
  const width = `${(100 / Math.max(1, sb.problems.length)).toFixed(3)}%`;
  const cols = `<colgroup><col class="c-rank"><col class="c-name">${ioi ? '<col class="c-num">' : '<col class="c-num"><col class="c-num">'}${sb.problems.map(() => `<col class="c-problem" style="width:${width}">`).join('')}</colgroup>`;
  const rows = sb.rows.map((row) => {
    const aff = row.team.affiliation ? `<span class="aff">${escapeHtml(row.team.affiliation)}</span>` : '';
    const totals = ioi ? `<td class="num">${formatScore(row.score ?? 0)}</td>` : `<td class="num">${row.solved}</td><td class="num">${row.penalty ?? 0}</td>`;
    const cells = row.cells.map((c) => cellHtml(c, ioi)).join('');
    return `<tr class="team" data-team-id="${escapeHtml(row.team.id)}"><td class="rank">${row.rank}</td><th class="name" scope="row"><span class="team-name">${escapeHtml(row.team.name)}</span>${aff}</th>${totals}${cells}</tr>`;
  });
  return { status: statusLine(sb), table: `<table id="scoreboard">${cols}${header(sb, names)}<tbody>${rows.join('')}</tbody></table>` };
}
