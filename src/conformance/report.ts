import { paint, table } from '../cli/output.js';
import type { PackageResult, UnitResult } from './judge-units.js';

export type Row = UnitResult & { known: string | null };

export interface SourceSummary {
  source: string;
  agree: number;
  disagree: number;
  known: number;
  unsupported: number;
}

export function summarize(rows: Row[]): SourceSummary[] {
  const sources = [...new Set(rows.map((r) => r.source))];
  return sources.map((source) => {
    const mine = rows.filter((r) => r.source === source);
    const count = (pred: (r: Row) => boolean) => mine.filter(pred).length;
    return {
      source,
      agree: count((r) => r.outcome === 'agree'),
      disagree: count((r) => r.outcome === 'disagree' && !r.known),
      known: count((r) => r.outcome === 'disagree' && !!r.known),
      unsupported: count((r) => r.outcome === 'unsupported'),
    };
  });
}

export function printReport(packages: PackageResult[], rows: Row[], stale: string[], seconds: number, out: (line: string) => void): void {
  for (const p of packages) {
    const mark = p.unchanged ? '' : paint('red', ' CHANGED BY JUDGING');
    out(`${p.source}/${p.name}: time limit ${p.timeLimit ?? '-'}${mark}`);
    for (const issue of p.issues) out(`  issue: ${issue.split('\n')[0]}`);
  }
  const summary = summarize(rows);
  out('');
  out(
    table(
      ['source', 'agree', 'disagree', 'known difference', 'unsupported'],
      summary.map((s) => [s.source, String(s.agree), s.disagree ? paint('red', String(s.disagree)) : '0', String(s.known), String(s.unsupported)]),
    ),
  );
  const listed = (title: string, list: Row[], why: (r: Row) => string) => {
    if (!list.length) return;
    out(`\n${title}:`);
    for (const r of list) out(`  ${r.key} [${r.language ?? '?'}] expected ${r.expected}; check ${r.check}, submit ${r.submit}: ${why(r)}`);
  };
  listed(
    'disagreements',
    rows.filter((r) => r.outcome === 'disagree' && !r.known),
    (r) => r.reason,
  );
  listed(
    'known differences',
    rows.filter((r) => r.outcome === 'disagree' && r.known),
    (r) => r.known!,
  );
  listed(
    'unsupported',
    rows.filter((r) => r.outcome === 'unsupported'),
    (r) => r.reason,
  );
  for (const key of stale) out(paint('red', `known difference now agrees (remove it from the list): ${key}`));
  out(`\n${rows.length} units judged in ${seconds.toFixed(0)} s`);
}
