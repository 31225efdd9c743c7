import { describe, expect, it } from 'vitest';
import { buildScoreboard, type Scoreboard } from '../../../src/contest/scoreboard.js';
import { contest, submissions } from './fixtures.js';

function row(sb: Scoreboard, teamId: string) {
  const found = sb.rows.find((r) => r.team.id === teamId);
  if (!found) throw new Error(`no row for ${teamId}`);
  return found;
}

function cell(sb: Scoreboard, teamId: string, label: string) {
  const found = row(sb, teamId).cells.find((c) => c.label === label);
  if (!found) throw new Error(`no cell ${teamId}/${label}`);
  return found;
}

describe('ICPC scoreboard', () => {
  it('adds the penalty per rejected try to the floored minute of the first AC', () => {
    const sb = buildScoreboard(contest(), submissions(['t1', 'A', 3, 'WA'], ['t1', 'A', 12, 'TLE'], ['t1', 'A', 30.9, 'AC'], ['t1', 'B', 100.2, 'AC']));
    expect(cell(sb, 't1', 'A')).toMatchObject({ solved: true, tries: 3, minutes: 30, penalty: 70 });
    expect(cell(sb, 't1', 'B')).toMatchObject({ solved: true, tries: 1, minutes: 100, penalty: 100 });
    expect(row(sb, 't1')).toMatchObject({ rank: 1, solved: 2, penalty: 170, lastSolveMinutes: 100, score: null });
  });

  it('does not count compile or judge errors as tries', () => {
    const sb = buildScoreboard(
      contest(),
      submissions(['t1', 'A', 1, 'CE'], ['t1', 'A', 2, 'JE'], ['t1', 'A', 5, 'RTE'], ['t1', 'A', 10, 'AC'], ['t2', 'B', 7, 'CE']),
    );
    expect(cell(sb, 't1', 'A')).toMatchObject({ tries: 2, penalty: 30 });
    expect(cell(sb, 't2', 'B')).toMatchObject({ tries: 0, pending: 0, solved: false });
  });

  it('shows a judge error as pending, never as a rejected try', () => {
    const sb = buildScoreboard(
      contest(),
      submissions(['t1', 'A', 5, 'WA'], ['t1', 'A', 8, 'JE'], ['t2', 'A', 9, 'JE'], ['t2', 'B', 3, 'JE'], ['t2', 'B', 20, 'AC']),
    );
    expect(cell(sb, 't1', 'A')).toMatchObject({ tries: 1, pending: 1, solved: false, penalty: null });
    expect(cell(sb, 't2', 'A')).toMatchObject({ tries: 0, pending: 1, solved: false });
    expect(cell(sb, 't2', 'B')).toMatchObject({ tries: 1, pending: 1, solved: true, penalty: 20 });
    expect(row(sb, 't2')).toMatchObject({ solved: 1, penalty: 20 });
  });

  it('ignores everything after the first AC, pending ones included', () => {
    const sb = buildScoreboard(contest(), submissions(['t1', 'A', 10, 'AC'], ['t1', 'A', 20, 'WA'], ['t1', 'A', 25, null], ['t1', 'A', 30, 'AC']));
    expect(cell(sb, 't1', 'A')).toMatchObject({ tries: 1, pending: 0, minutes: 10, penalty: 10 });
  });

  it('counts rejected tries without a solve, and no penalty for them', () => {
    const sb = buildScoreboard(contest(), submissions(['t1', 'A', 10, 'WA'], ['t1', 'A', 20, 'MLE'], ['t2', 'A', 50, 'AC']));
    expect(cell(sb, 't1', 'A')).toMatchObject({ solved: false, tries: 2, minutes: null, penalty: null });
    expect(row(sb, 't1')).toMatchObject({ solved: 0, penalty: 0, rank: 2 });
  });

  it('orders by solved, then penalty, then the earlier last AC; equal teams share a rank', () => {
    const sb = buildScoreboard(
      contest({}, 5),
      submissions(
        // t1 and t2: two solved, 60 min, last AC at 50: identical.
        ['t1', 'A', 10, 'AC'],
        ['t1', 'B', 50, 'AC'],
        ['t2', 'B', 10.5, 'AC'],
        ['t2', 'A', 50.7, 'AC'],
        // t3: also two solved in 60 min (5 + 20 for the WA, then 35), but its last AC is earlier.
        ['t3', 'A', 0, 'WA'],
        ['t3', 'A', 5, 'AC'],
        ['t3', 'B', 35, 'AC'],
        // t4: one solved quickly.
        ['t4', 'C', 1, 'AC'],
      ),
    );
    expect(row(sb, 't3')).toMatchObject({ solved: 2, penalty: 60, lastSolveMinutes: 35 });
    expect(row(sb, 't1')).toMatchObject({ solved: 2, penalty: 60, lastSolveMinutes: 50 });
    expect(sb.rows.map((r) => [r.team.id, r.rank])).toEqual([
      ['t3', 1],
      ['t1', 2],
      ['t2', 2],
      ['t4', 4],
      ['t5', 5],
    ]);
  });

  it('lists teams without submissions, sharing the last rank', () => {
    const sb = buildScoreboard(contest({}, 4), submissions(['t2', 'A', 10, 'AC']));
    expect(sb.rows.map((r) => [r.team.id, r.rank])).toEqual([
      ['t2', 1],
      ['t1', 2],
      ['t3', 2],
      ['t4', 2],
    ]);
    expect(row(sb, 't4').cells).toHaveLength(3);
    expect(row(sb, 't4').cells.every((c) => c.tries === 0 && !c.solved)).toBe(true);
  });

  it('marks the earliest AC per problem as first to solve, ties all first', () => {
    const sb = buildScoreboard(
      contest(),
      submissions(['t1', 'A', 20.5, 'AC'], ['t2', 'A', 20.2, 'AC'], ['t3', 'A', 19, 'WA'], ['t1', 'B', 42, 'AC'], ['t3', 'B', 42, 'AC'], ['t2', 'B', 41, 'WA']),
    );
    expect(cell(sb, 't2', 'A').firstToSolve).toBe(true);
    expect(cell(sb, 't1', 'A').firstToSolve).toBe(false);
    expect(cell(sb, 't3', 'A').firstToSolve).toBe(false);
    expect(cell(sb, 't1', 'B').firstToSolve).toBe(true);
    expect(cell(sb, 't3', 'B').firstToSolve).toBe(true);
    expect(sb.problems.map((p) => [p.label, p.solvedBy])).toEqual([
      ['A', 2],
      ['B', 2],
      ['C', 0],
    ]);
  });

  it('shows unjudged submissions as pending', () => {
    const sb = buildScoreboard(contest(), submissions(['t1', 'A', 10, 'WA'], ['t1', 'A', 20, null], ['t1', 'B', 30, null]));
    expect(cell(sb, 't1', 'A')).toMatchObject({ tries: 1, pending: 1, solved: false });
    expect(cell(sb, 't1', 'B')).toMatchObject({ tries: 0, pending: 1 });
  });

  describe('freeze', () => {
    const subs = submissions(
      ['t1', 'A', 100, 'AC'],
      ['t2', 'A', 239.9, 'WA'],
      ['t2', 'A', 240, 'AC'], // exactly at the freeze: hidden
      ['t3', 'B', 250, 'CE'], // even a compile error is hidden
      ['t1', 'B', 260, 'AC'],
    );

    it('hides results at or after the freeze from the public', () => {
      const sb = buildScoreboard(contest(), subs);
      expect(sb.frozen).toBe(true);
      expect(cell(sb, 't2', 'A')).toMatchObject({ tries: 1, pending: 1, solved: false });
      expect(cell(sb, 't3', 'B')).toMatchObject({ tries: 0, pending: 1 });
      expect(cell(sb, 't1', 'B')).toMatchObject({ pending: 1, solved: false, firstToSolve: false });
      expect(row(sb, 't1')).toMatchObject({ rank: 1, solved: 1, penalty: 100 });
      expect(row(sb, 't2')).toMatchObject({ rank: 2, solved: 0 });
    });

    it('shows everything when unfrozen', () => {
      const sb = buildScoreboard(contest(), subs, { unfrozen: true });
      expect(sb.frozen).toBe(false);
      expect(cell(sb, 't2', 'A')).toMatchObject({ tries: 2, pending: 0, solved: true, penalty: 260 });
      expect(cell(sb, 't3', 'B')).toMatchObject({ tries: 0, pending: 0 });
      expect(cell(sb, 't1', 'B')).toMatchObject({ solved: true, firstToSolve: true });
      expect(sb.rows.map((r) => [r.team.id, r.rank, r.penalty])).toEqual([
        ['t1', 1, 360],
        ['t2', 2, 260],
        ['t3', 3, 0],
      ]);
    });

    it('is not in force before the freeze time, nor for a contest without one', () => {
      expect(buildScoreboard(contest(), subs, { atMinutes: 239.95 }).frozen).toBe(false);
      const open = buildScoreboard(contest({ freezeMinutes: null }), subs);
      expect(open.frozen).toBe(false);
      expect(cell(open, 't2', 'A').solved).toBe(true);
    });
  });

  it('--at leaves out later submissions (and the end caps the view)', () => {
    const subs = submissions(['t1', 'A', 10, 'AC'], ['t2', 'A', 60, 'AC'], ['t2', 'B', 60.5, 'AC'], ['t3', 'A', 301, 'AC'], ['t3', 'B', -1, 'AC']);
    const early = buildScoreboard(contest(), subs, { atMinutes: 60 });
    expect(early.atMinutes).toBe(60);
    expect(row(early, 't2')).toMatchObject({ solved: 1, penalty: 60 });
    expect(buildScoreboard(contest(), subs, { atMinutes: 9 }).rows.every((r) => r.solved === 0)).toBe(true);
    const late = buildScoreboard(contest(), subs, { atMinutes: 1000, unfrozen: true });
    expect(late.atMinutes).toBe(300);
    expect(row(late, 't3').solved).toBe(0);
    expect(row(late, 't2').solved).toBe(2);
  });

  it('leaves out submissions of unknown teams and problems', () => {
    const sb = buildScoreboard(contest(), submissions(['ghost', 'A', 1, 'AC'], ['t1', 'Z', 1, 'AC'], ['t1', 'A', 5, 'AC']));
    expect(sb.rows).toHaveLength(3);
    expect(cell(sb, 't1', 'A').firstToSolve).toBe(true);
    expect(row(sb, 't1').solved).toBe(1);
  });

  it('does not depend on the order submissions are given in', () => {
    const subs = submissions(['t1', 'A', 30, 'AC'], ['t1', 'A', 10, 'WA'], ['t2', 'A', 5, 'WA'], ['t2', 'A', 5, 'AC']);
    const forward = buildScoreboard(contest(), subs);
    const backward = buildScoreboard(contest(), [...subs].reverse());
    expect(backward).toEqual(forward);
    expect(cell(forward, 't1', 'A').penalty).toBe(50);
    // Same minute: the lower id came first, so t2's WA counts before its AC.
    expect(cell(forward, 't2', 'A').penalty).toBe(25);
  });
});

describe('IOI scoreboard', () => {
  const ioi = () => contest({ scoring: 'ioi', freezeMinutes: null }, 4, 2);

  it('keeps the best score per problem and ranks by the total', () => {
    const sb = buildScoreboard(
      ioi(),
      submissions(
        ['t1', 'A', 10, 'WA', 30, 100],
        ['t1', 'A', 20, 'WA', 60, 100],
        ['t1', 'A', 30, 'WA', 40, 100],
        ['t1', 'B', 40, 'AC', 50, 50],
        ['t2', 'A', 15, 'AC', 100, 100],
        ['t2', 'B', 16, 'CE', null, 50],
        ['t3', 'A', 5, 'WA', 10, 100],
        ['t3', 'A', 6, 'WA', 0, 100],
      ),
    );
    expect(cell(sb, 't1', 'A')).toMatchObject({ score: 60, tries: 3, minutes: 20, solved: false, penalty: null });
    expect(cell(sb, 't1', 'B')).toMatchObject({ score: 50, solved: true, firstToSolve: true });
    expect(cell(sb, 't2', 'A')).toMatchObject({ score: 100, solved: true, firstToSolve: true });
    expect(cell(sb, 't2', 'B')).toMatchObject({ score: null, tries: 0 });
    expect(sb.rows.map((r) => [r.team.id, r.rank, r.score])).toEqual([
      ['t1', 1, 110],
      ['t2', 2, 100],
      ['t3', 3, 10],
      ['t4', 4, 0],
    ]);
    expect(sb.problems.map((p) => p.maxScore)).toEqual([100, 50]);
    expect(row(sb, 't1').penalty).toBeNull();
  });

  it('shares a rank between equal totals and counts an unscored AC as full marks', () => {
    const sb = buildScoreboard(
      ioi(),
      submissions(['t1', 'A', 10, 'AC', null, 100], ['t2', 'A', 20, 'WA', 70, 100], ['t2', 'B', 30, 'WA', 30, 100], ['t3', 'B', 1, 'WA', null, 100]),
    );
    expect(cell(sb, 't1', 'A').score).toBe(100);
    expect(cell(sb, 't3', 'B').score).toBe(0);
    expect(sb.rows.map((r) => [r.team.id, r.rank])).toEqual([
      ['t1', 1],
      ['t2', 1],
      ['t3', 3],
      ['t4', 3],
    ]);
  });

  it('shows a judge error as pending and takes none of its points', () => {
    const sb = buildScoreboard(ioi(), submissions(['t1', 'A', 10, 'WA', 30, 100], ['t1', 'A', 20, 'JE', 80, 100], ['t2', 'A', 5, 'JE', 0, 100]));
    expect(cell(sb, 't1', 'A')).toMatchObject({ score: 30, tries: 1, pending: 1 });
    expect(cell(sb, 't2', 'A')).toMatchObject({ score: null, tries: 0, pending: 1 });
  });

  it('never shows a partial score as solved or first to solve, even when its verdict is AC', () => {
    const problems = [{ label: 'A', name: 'A', maxScore: 100 }];
    const sb = buildScoreboard(
      contest({ scoring: 'ioi', freezeMinutes: null, problems }, 3, 1),
      submissions(['t1', 'A', 5, 'AC', 60, 60], ['t2', 'A', 9, 'WA', 100, 100], ['t3', 'A', 12, 'AC', 99.99, 100], ['t3', 'A', 20, 'AC', 100, 100]),
    );
    expect(cell(sb, 't1', 'A')).toMatchObject({ score: 60, solved: false, firstToSolve: false });
    // The full score is the solve, whatever the verdict (failed samples that score nothing).
    expect(cell(sb, 't2', 'A')).toMatchObject({ score: 100, solved: true, firstToSolve: true, minutes: 9 });
    expect(cell(sb, 't3', 'A')).toMatchObject({ score: 100, solved: true, firstToSolve: false, minutes: 20 });
    expect(sb.problems[0]).toMatchObject({ maxScore: 100, solvedBy: 2 });
  });

  it("takes a problem's maximum from its package, not from the judgings", () => {
    const problems = [
      { label: 'A', name: 'A', maxScore: 100 },
      { label: 'B', name: 'B', maxScore: 40 },
    ];
    const sb = buildScoreboard(contest({ scoring: 'ioi', freezeMinutes: null, problems }, 2, 2), submissions(['t1', 'A', 5, 'AC', 60, 60]));
    expect(sb.problems.map((p) => p.maxScore)).toEqual([100, 40]);
  });

  it('hides frozen results like ICPC does', () => {
    const sb = buildScoreboard(contest({ scoring: 'ioi' }, 2, 1), submissions(['t1', 'A', 100, 'WA', 20, 100], ['t1', 'A', 250, 'AC', 100, 100]));
    expect(cell(sb, 't1', 'A')).toMatchObject({ score: 20, pending: 1, solved: false });
    expect(row(buildScoreboard(contest({ scoring: 'ioi' }, 2, 1), submissions(['t1', 'A', 250, 'AC', 100, 100]), { unfrozen: true }), 't1').score).toBe(100);
  });
});
