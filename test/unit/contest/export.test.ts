import { describe, expect, it } from 'vitest';
import { clicsScoreboard, toClicsJson, toCsv, toHtml, toTable } from '../../../src/contest/export/index.js';
import { buildScoreboard } from '../../../src/contest/scoreboard.js';
import { clicsViolations } from '../../helpers/clics.js';
import { contest, submissions } from './fixtures.js';

const TRICKY = [
  { id: 't1', name: 'Commas, "Quotes" & Co', affiliation: 'Uni\nof Lines' },
  { id: 't2', name: '<script>alert(1)</script>', affiliation: null },
  { id: 't3', name: "O'Neil <b>bold</b>", affiliation: 'A&B "Institute"' },
];

function icpcBoard(options = {}) {
  return buildScoreboard(
    contest({ name: 'Spring <Cup> & "Final"', teams: TRICKY }),
    submissions(['t1', 'A', 12.5, 'WA'], ['t1', 'A', 30, 'AC'], ['t2', 'A', 20, 'AC'], ['t2', 'B', 250, 'AC'], ['t3', 'B', 100, 'TLE'], ['t3', 'C', 50, null]),
    options,
  );
}

/** A small RFC 4180 reader, to check that the writer's output reads back to the same fields. */
function readCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let fieldText = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      const end = findClosingQuote(text, i + 1);
      fieldText += text.slice(i + 1, end).replace(/""/g, '"');
      i = end + 1;
    } else if (c === ',') {
      record.push(fieldText);
      fieldText = '';
      i++;
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(fieldText);
      records.push(record);
      record = [];
      fieldText = '';
      i += 2;
    } else {
      expect(c, 'a bare line break or quote outside a quoted field').not.toMatch(/[\r\n"]/);
      fieldText += c;
      i++;
    }
  }
  expect(fieldText, 'the last record ends with CRLF').toBe('');
  return records;
}

function findClosingQuote(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] !== '"') continue;
    if (text[i + 1] === '"') i++;
    else return i;
  }
  throw new Error('unterminated quoted field');
}

describe('toCsv', () => {
  it('quotes fields with commas, quotes and line breaks so they read back intact', () => {
    const records = readCsv(toCsv(icpcBoard()));
    expect(records[0].slice(0, 10)).toEqual(['rank', 'team_id', 'team', 'affiliation', 'solved', 'penalty', 'A_time', 'A_tries', 'A_pending', 'A_first']);
    expect(records).toHaveLength(4);
    expect(records.every((r) => r.length === records[0].length)).toBe(true);
    const byId = new Map(records.slice(1).map((r) => [r[1], r]));
    expect(byId.get('t1')!.slice(0, 10)).toEqual(['2', 't1', 'Commas, "Quotes" & Co', 'Uni\nof Lines', '1', '50', '30', '2', '0', '0']);
    expect(byId.get('t2')!.slice(0, 10)).toEqual(['1', 't2', '<script>alert(1)</script>', '', '1', '20', '20', '1', '0', '1']);
    // t3: B rejected once, C pending.
    expect(byId.get('t3')!.slice(10)).toEqual(['', '1', '0', '0', '', '0', '1', '0']);
  });

  it('uses score columns under IOI', () => {
    const sb = buildScoreboard(contest({ scoring: 'ioi', freezeMinutes: null }, 2, 1), submissions(['t1', 'A', 5, 'WA', 12.5, 100]));
    const [header, first] = readCsv(toCsv(sb));
    expect(header).toEqual(['rank', 'team_id', 'team', 'affiliation', 'solved', 'score', 'A_score', 'A_time', 'A_tries', 'A_pending', 'A_first']);
    expect(first).toEqual(['1', 't1', 'Team 1', '', '0', '12.5', '12.5', '5', '1', '0', '0']);
  });
});

describe('CLICS scoreboard', () => {
  it('has the Contest API shape for ICPC', () => {
    const json = clicsScoreboard(icpcBoard());
    expect(Object.keys(json).sort()).toEqual(['contest_time', 'rows', 'state', 'time']);
    expect(json.time).toBe('2026-11-21T15:00:00.000Z');
    expect(json.contest_time).toBe('5:00:00.000');
    expect(json.state).toEqual({
      started: '2026-11-21T10:00:00.000Z',
      frozen: '2026-11-21T14:00:00.000Z',
      ended: '2026-11-21T15:00:00.000Z',
      thawed: null,
      finalized: null,
      end_of_updates: null,
    });
    const t2 = json.rows[0];
    expect(t2).toEqual({
      rank: 1,
      team_id: 't2',
      score: { num_solved: 1, total_time: 20 },
      problems: [
        { problem_id: 'A', num_judged: 1, num_pending: 0, solved: true, time: 20, first_to_solve: true },
        { problem_id: 'B', num_judged: 0, num_pending: 1, solved: false, first_to_solve: false },
        { problem_id: 'C', num_judged: 0, num_pending: 0, solved: false, first_to_solve: false },
      ],
    });
    // `time` only on solved problems, as the schema requires.
    for (const row of json.rows) for (const p of row.problems) expect('time' in p).toBe(p.solved);
    expect(JSON.parse(toClicsJson(icpcBoard()))).toEqual(json);
  });

  it('reports a thawed view and a mid-contest time', () => {
    const json = clicsScoreboard(icpcBoard({ unfrozen: true, atMinutes: 250.5 }));
    expect(json.contest_time).toBe('4:10:30.000');
    expect(json.state.ended).toBeNull();
    expect(json.state.thawed).toBe('2026-11-21T14:10:30.000Z');
    expect(json.rows.find((r) => r.team_id === 't2')!.score).toEqual({ num_solved: 2, total_time: 270 });
  });

  it('validates against the CLICS scoreboard schema, pass-fail and scoring, frozen or not, and the schema rejects both solved and score', () => {
    const ioi = buildScoreboard(
      contest(
        {
          scoring: 'ioi',
          problems: [
            { label: 'A', maxScore: 100 },
            { label: 'B', maxScore: 50 },
          ],
        },
        3,
        2,
      ),
      submissions(['t1', 'A', 5, 'AC', 60, 100], ['t1', 'B', 9, 'AC', 50, 50], ['t2', 'A', 250, 'AC', 100, 100], ['t3', 'A', 7, null]),
    );
    for (const board of [icpcBoard(), icpcBoard({ unfrozen: true }), icpcBoard({ atMinutes: 0 }), ioi, buildScoreboard(contest({ scoring: 'ioi' }), [])]) {
      expect(clicsViolations(clicsScoreboard(board))).toEqual([]);
    }
    const both = clicsScoreboard(ioi);
    both.rows[0].problems[0].solved = false;
    expect(clicsViolations(both)).not.toEqual([]);
  });

  it('gives scores under IOI', () => {
    const sb = buildScoreboard(
      contest({ scoring: 'ioi', freezeMinutes: null }, 2, 2),
      submissions(['t1', 'A', 5, 'WA', 40, 100], ['t1', 'B', 9, 'AC', 100, 100]),
    );
    const [first, second] = clicsScoreboard(sb).rows;
    expect(first.score).toEqual({ score: 140 });
    // A scoring board says score, never solved; the time of the best score goes with any score above 0.
    expect(first.problems[0]).toEqual({ problem_id: 'A', num_judged: 1, num_pending: 0, score: 40, time: 5, first_to_solve: false });
    expect(first.problems[1]).toEqual({ problem_id: 'B', num_judged: 1, num_pending: 0, score: 100, time: 9, first_to_solve: true });
    expect(second.problems[0]).toEqual({ problem_id: 'A', num_judged: 0, num_pending: 0, score: 0, first_to_solve: false });
    expect(second).toMatchObject({ rank: 2, team_id: 't2', score: { score: 0 } });
  });
});

describe('toHtml', () => {
  const html = toHtml(icpcBoard());

  it('escapes every name and fetches nothing', () => {
    expect(html).not.toMatch(/<script|<b>|<Cup>/i);
    expect(html).toContain('<title>Spring &lt;Cup&gt; &amp; &quot;Final&quot;</title>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('O&#39;Neil &lt;b&gt;bold&lt;/b&gt;');
    expect(html).toContain('A&amp;B &quot;Institute&quot;');
    expect(html).not.toMatch(/https?:|<link|<img|@import|url\(/i);
    expect(html).toMatch(/Content-Security-Policy" content="default-src 'none'/);
  });

  it('has one team row per team in rank order, with verdict classes', () => {
    const rows = html.match(/<tr class="team"[^>]*>[\s\S]*?<\/tr>/g) ?? [];
    expect(rows.map((r) => /data-team-id="([^"]+)"/.exec(r)![1])).toEqual(['t2', 't1', 't3']);
    expect(html).toContain('<table id="scoreboard">');
    expect(rows[0]).toMatch(/<td class="cell solved first" data-problem="A"/);
    expect(rows[0]).toMatch(/<td class="cell pending" data-problem="B"/);
    expect(rows[1]).toMatch(/<td class="cell solved" data-problem="A"[^>]*><span class="main">30<\/span><span class="sub">2 tries<\/span>/);
    expect(rows[2]).toMatch(/<td class="cell failed" data-problem="B"/);
    expect(html).toContain('frozen since 4:00');
  });
  it('shows scores, partial results and the maximum under IOI', () => {
    const sb = buildScoreboard(
      contest({ scoring: 'ioi', freezeMinutes: null }, 2, 2),
      submissions(['t1', 'A', 5, 'WA', 37.5, 100], ['t1', 'B', 6, 'AC', 50, 50], ['t2', 'A', 7, 'WA', 0, 100]),
    );
    const page = toHtml(sb);
    expect(page).toContain('<th class="problem" scope="col" title="Problem A">A<span class="sub">100</span></th>');
    expect(page).toMatch(/<td class="cell partial" data-problem="A"><span class="main">37.5<\/span><span class="sub">1 try<\/span><\/td>/);
    expect(page).toMatch(/<td class="cell solved first" data-problem="B"[^>]*><span class="main">50<\/span>/);
    expect(page).toMatch(/<td class="cell failed" data-problem="A"><span class="main">0<\/span>/);
    expect(page).toMatch(/<td class="num">87.5<\/td>/);
  });
});

describe('toTable', () => {
  it('aligns columns and keeps each team on one line', () => {
    const text = toTable(icpcBoard());
    const lines = text.split('\n');
    expect(lines[0]).toBe('Spring <Cup> & "Final" | ICPC | contest time 5:00 of 5:00 | frozen since 4:00');
    // The dashed rule under the header marks each column's span; every cell must sit inside its span.
    const spans = [...lines[3].matchAll(/-+/g)].map((m) => [m.index!, m.index! + m[0].length]);
    const columns = (line: string) => spans.map(([from, to]) => line.slice(from, to).trim());
    expect(columns(lines[2])).toEqual(['Rank', 'Team', 'Affiliation', 'Solved', 'Time', 'A', 'B', 'C']);
    const body = lines.slice(4, 7).map(columns);
    expect(body).toEqual([
      ['1', '<script>alert(1)</script>', '', '1', '20', '1/20*', '+1?', ''],
      ['2', 'Commas, "Quotes" & Co', 'Uni of Lines', '1', '50', '2/30', '', ''],
      ['3', "O'Neil <b>bold</b>", 'A&B "Institute"', '0', '0', '', '1/--', '+1?'],
    ]);
    // Numbers are right-aligned: they end where their column ends.
    for (const line of lines.slice(4, 7)) expect(line[spans[3][1] - 1]).toMatch(/\d/);
    expect(lines).toContain('tries/minute solved, tries/-- not solved, +N? pending, * first to solve');
  });
});
