import { formatClock } from '../duration.js';
import type { Scoreboard } from '../scoreboard.js';
import { cellText, formatScore, oneLine } from './format.js';

type Align = 'left' | 'right';

/** The scoreboard as aligned plain-text columns for a terminal, with a title line and a legend. */
export function toTable(sb: Scoreboard): string {
  const icpc = sb.contest.scoring === 'icpc';
  const withAffiliation = sb.rows.some((r) => r.team.affiliation !== null);
  const header = ['Rank', 'Team', ...(withAffiliation ? ['Affiliation'] : []), 'Solved', icpc ? 'Time' : 'Score', ...sb.problems.map((p) => p.label)];
  const align: Align[] = ['right', 'left', ...(withAffiliation ? (['left'] as Align[]) : []), 'right', 'right', ...sb.problems.map((): Align => 'right')];
  const body = sb.rows.map((row) => [
    String(row.rank),
    oneLine(row.team.name),
    ...(withAffiliation ? [oneLine(row.team.affiliation ?? '')] : []),
    String(row.solved),
    icpc ? String(row.penalty ?? 0) : formatScore(row.score ?? 0),
    ...row.cells.map((c) => cellText(c, sb.contest.scoring)),
  ]);
  const widths = header.map((h, i) => Math.max(width(h), ...body.map((r) => width(r[i]))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => pad(c, widths[i], align[i]))
      .join('  ')
      .trimEnd();
  return [
    titleLine(sb),
    '',
    line(header),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...body.map(line),
    '',
    icpc ? 'tries/minute solved, tries/-- not solved, +N? pending, * first to solve' : 'best score, +N? pending, * first to solve',
    '',
  ].join('\n');
}

function titleLine(sb: Scoreboard): string {
  const { name, scoring, durationMinutes, freezeMinutes } = sb.contest;
  const parts = [oneLine(name), `${scoring.toUpperCase()}`, `contest time ${formatClock(sb.atMinutes)} of ${formatClock(durationMinutes)}`];
  if (sb.frozen && freezeMinutes !== null) parts.push(`frozen since ${formatClock(freezeMinutes)}`);
  return parts.join(' | ');
}

/** Width in code points, so a non-ASCII letter counts once. */
function width(text: string): number {
  return [...text].length;
}

function pad(text: string, to: number, align: Align): string {
  const fill = ' '.repeat(Math.max(0, to - width(text)));
  return align === 'left' ? text + fill : fill + text;
}
