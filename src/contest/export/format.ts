import type { ScoreboardCell } from '../scoreboard.js';

/** How a cell looks: the colour on a board, the state of a team on a problem. */
export type CellState = 'solved' | 'partial' | 'pending' | 'failed' | 'empty';

export function cellState(cell: ScoreboardCell): CellState {
  if (cell.solved) return 'solved';
  if (cell.pending > 0) return 'pending';
  if (cell.score !== null && cell.score > 0) return 'partial';
  if (cell.tries > 0) return 'failed';
  return 'empty';
}

/** A score for people: integers as they are, fractions to at most two decimals. */
export function formatScore(score: number): string {
  return Number.isInteger(score) ? String(score) : String(Math.round(score * 100) / 100);
}

/** One line of text for a cell: `tries/minute` when solved (ICPC), the best score (IOI), `+N?` for pending, `*` when first. */
export function cellText(cell: ScoreboardCell, scoring: 'icpc' | 'ioi'): string {
  const parts: string[] = [];
  if (scoring === 'ioi') {
    if (cell.score !== null) parts.push(formatScore(cell.score));
  } else if (cell.solved) {
    parts.push(`${cell.tries}/${cell.minutes}`);
  } else if (cell.tries > 0) {
    parts.push(`${cell.tries}/--`);
  }
  if (cell.pending > 0) parts.push(`+${cell.pending}?`);
  const text = parts.join(' ');
  return cell.firstToSolve ? `${text}*` : text;
}

/** Names on one line: a newline or tab in a team name must not break a table's layout. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
