import { describe, expect, it } from 'vitest';
import { buildScoreboard } from '../../../src/contest/scoreboard.js';
import { renderBoard } from '../../../src/serve/web/board.js';
import { contest, submissions } from '../contest/fixtures.js';

const cellClass = (html: string, team: string, problem: string) =>
  new RegExp(`data-team-id="${team}">.*?<td class="([^"]+)" data-problem="${problem}"`).exec(html)?.[1];

describe('the live board table', () => {
  it('never shows a partial IOI score as solved, even when its verdict was AC', () => {
    const ioi = contest({ scoring: 'ioi', freezeMinutes: null });
    const sb = buildScoreboard(ioi, submissions(['t1', 'A', 10, 'AC', 60, 100], ['t2', 'A', 20, 'AC', 100, 100], ['t3', 'A', 30, 'WA', 0, 100]));
    const { table } = renderBoard(sb, new Map());
    expect(cellClass(table, 't1', 'A')).toBe('cell partial');
    // The first full score is the first solve, not the earlier partial one.
    expect(cellClass(table, 't2', 'A')).toBe('cell solved first');
    expect(cellClass(table, 't3', 'A')).toBe('cell failed');
  });

  it('names the problems in the headers, escaped, and gives the problem columns equal widths', () => {
    const sb = buildScoreboard(contest({}, 2, 4), submissions(['t1', 'B', 5, 'AC']));
    const { table, status } = renderBoard(sb, new Map([['A', 'Sum <of> two']]));
    expect(table).toContain('<span class="label">A</span><span class="sub pname">Sum &lt;of&gt; two</span>');
    expect(table).toContain('<span class="sub pname">Problem B</span>');
    expect(table.match(/<col class="c-problem" style="width:25.000%">/g)).toHaveLength(4);
    expect(cellClass(table, 't1', 'B')).toBe('cell solved first');
    expect(status).toMatch(/ICPC rules/);
  });
});
