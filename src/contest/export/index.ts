export { toTable } from './table.js';
export { toCsv } from './csv.js';
export { clicsScoreboard, toClicsJson, type ClicsScoreboard } from './clics.js';
export { toHtml, escapeHtml } from './html.js';
