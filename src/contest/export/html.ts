import { formatClock } from '../duration.js';
import type { Scoreboard, ScoreboardCell, ScoreboardRow } from '../scoreboard.js';
import { cellState, formatScore, plural } from './format.js';
import { STYLE } from './html-style.js';

/**
 * The scoreboard as one self-contained HTML page: inline CSS, no scripts, nothing fetched (a
 * content security policy forbids it), every name escaped. One `<tr class="team">` per team in
 * `<table id="scoreboard">`; problem cells carry `data-problem` and the classes
 * `solved | partial | pending | failed | empty`, plus `first` for the first to solve.
 */
export function toHtml(sb: Scoreboard): string {
  const name = escapeHtml(sb.contest.name);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="color-scheme" content="light dark">
<title>${name}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${name}</h1>
<p class="status">${statusLine(sb)}</p>
</header>
<main class="scroll">
<table id="scoreboard">
${head(sb)}
<tbody>
${sb.rows.map((row) => teamRow(sb, row)).join('\n')}
</tbody>
${foot(sb)}
</table>
</main>
<footer>${legend(sb)}</footer>
</body>
</html>
`;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe for HTML content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

export function statusLine(sb: Scoreboard): string {
  const { scoring, durationMinutes, freezeMinutes, penaltyMinutes } = sb.contest;
  const parts = [scoring === 'icpc' ? `ICPC rules, ${penaltyMinutes} min per rejected try` : 'IOI rules, best score per problem'];
  parts.push(`contest time ${formatClock(sb.atMinutes)} of ${formatClock(durationMinutes)}`);
  if (sb.frozen && freezeMinutes !== null) parts.push(`<strong class="frozen">frozen since ${formatClock(freezeMinutes)}</strong>`);
  return parts.join(' &middot; ');
}

function head(sb: Scoreboard): string {
  const icpc = sb.contest.scoring === 'icpc';
  const problems = sb.problems.map((p) => {
    const title = p.name ? ` title="${escapeHtml(p.name)}"` : '';
    const max = !icpc && p.maxScore !== null ? `<span class="sub">${formatScore(p.maxScore)}</span>` : '';
    return `<th class="problem" scope="col"${title}>${escapeHtml(p.label)}${max}</th>`;
  });
  const totals = icpc ? '<th class="num" scope="col">Solved</th><th class="num" scope="col">Time</th>' : '<th class="num" scope="col">Score</th>';
  return `<thead><tr><th class="rank" scope="col">#</th><th class="name" scope="col">Team</th>${totals}${problems.join('')}</tr></thead>`;
}

function teamRow(sb: Scoreboard, row: ScoreboardRow): string {
  const icpc = sb.contest.scoring === 'icpc';
  const affiliation = row.team.affiliation ? `<span class="aff">${escapeHtml(row.team.affiliation)}</span>` : '';
  const totals = icpc ? `<td class="num">${row.solved}</td><td class="num">${row.penalty ?? 0}</td>` : `<td class="num">${formatScore(row.score ?? 0)}</td>`;
  const cells = row.cells.map((cell) => problemCell(cell, icpc)).join('');
  return (
    `<tr class="team" data-team-id="${escapeHtml(row.team.id)}">` +
    `<td class="rank">${row.rank}</td><th class="name" scope="row"><span class="team-name">${escapeHtml(row.team.name)}</span>${affiliation}</th>${totals}${cells}</tr>`
  );
}

function problemCell(cell: ScoreboardCell, icpc: boolean): string {
  const state = cellState(cell);
  const classes = ['cell', state, ...(cell.firstToSolve ? ['first'] : [])].join(' ');
  const title = cell.firstToSolve ? ' title="first to solve"' : '';
  const label = escapeHtml(cell.label);
  if (state === 'empty') return `<td class="${classes}" data-problem="${label}"></td>`;
  const main = icpc ? (cell.solved ? String(cell.minutes) : cell.pending > 0 ? '?' : '&minus;') : cell.score === null ? '?' : formatScore(cell.score);
  const sub = [cell.tries > 0 ? plural(cell.tries, 'try', 'tries') : '', cell.pending > 0 ? `+${cell.pending}&nbsp;pending` : ''].filter(Boolean).join(' ');
  return `<td class="${classes}" data-problem="${label}"${title}><span class="main">${main}</span><span class="sub">${sub}</span></td>`;
}

function foot(sb: Scoreboard): string {
  const span = sb.contest.scoring === 'icpc' ? 4 : 3;
  const counts = sb.problems.map((p) => `<td class="num">${p.solvedBy}</td>`).join('');
  return `<tfoot><tr class="stats"><th scope="row" colspan="${span}">Solved by</th>${counts}</tr></tfoot>`;
}

function legend(sb: Scoreboard): string {
  const items = [
    ['solved', sb.contest.scoring === 'icpc' ? 'solved (minute)' : 'full score'],
    ['solved first', 'first to solve'],
    ...(sb.contest.scoring === 'ioi' ? [['partial', 'partial score']] : []),
    ['failed', 'rejected'],
    ['pending', sb.frozen ? 'pending or frozen' : 'pending'],
  ];
  return `<ul class="legend">${items.map(([cls, text]) => `<li><span class="swatch cell ${cls}"></span>${text}</li>`).join('')}</ul>`;
}
