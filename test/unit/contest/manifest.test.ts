import { utimesSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempTree } from '../../helpers/temp.js';
import { parseContest } from '../../../src/contest/config.js';
import { parseTime, placeInWindow, readImport } from '../../../src/contest/manifest.js';
import { UserError } from '../../../src/util/errors.js';

const tree = useTempTree('zuko-manifest-');

const contest = parseContest(
  {
    name: 'C',
    start: '2026-11-21T10:00:00Z',
    duration: '5h',
    problems: [
      { label: 'A', path: 'a' },
      { label: 'B', path: 'b' },
    ],
    teams: [
      { id: 't1', name: 'One' },
      { id: 't2', name: 'Two' },
    ],
  },
  '/contests/c.yaml',
);

function issues(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    return (err as UserError).issues.map((i) => `${i.field ?? ''}: ${i.message}`);
  }
  throw new Error('no error');
}

describe('readImport', () => {
  it('reads a CSV manifest with minutes, timestamps and an optional language', () => {
    const root = tree({
      'm.csv': 'team,problem,time,file,language\nt1,A,12,x/a.cpp,cpp\nt2,B,2026-11-21T11:30:00+01:00,x/b.py,\n',
      'x/a.cpp': '',
      'x/b.py': '',
    });
    const entries = readImport(contest, path.join(root, 'm.csv'));
    expect(entries.map((e) => [e.team, e.label, e.minutes, path.basename(e.file), e.language])).toEqual([
      ['t1', 'A', 12, 'a.cpp', 'cpp'],
      ['t2', 'B', 30, 'b.py', null],
    ]);
  });

  it('reads a JSON manifest', () => {
    const root = tree({ 'm.json': JSON.stringify([{ team: 't1', problem: 'A', time: 5.5, file: 'a.c' }]), 'a.c': '' });
    expect(readImport(contest, path.join(root, 'm.json'))[0]).toMatchObject({ team: 't1', label: 'A', minutes: 5.5, language: null });
  });

  it('reports every bad row at once, by line', () => {
    const root = tree({ 'm.csv': 'team,problem,time,file\nt9,A,1,a.c\nt1,Z,yesterday,missing.c\n', 'a.c': '' });
    expect(issues(() => readImport(contest, path.join(root, 'm.csv')))).toEqual([
      "line 2: team 't9' is not in contest c",
      "line 3: problem 'Z' is not in contest c (labels: A, B)",
      "line 3: time 'yesterday' is neither minutes from the start nor an ISO timestamp with a time zone",
      'line 3: no such file missing.c',
    ]);
  });

  it('takes a folder <team>/<label>/<file> with times from the files', () => {
    const root = tree({ 't1/A/a.cpp': '', 't2/B/b.py': '' });
    utimesSync(path.join(root, 't1/A/a.cpp'), new Date('2026-11-21T10:45:00Z'), new Date('2026-11-21T10:45:00Z'));
    const entries = readImport(contest, root);
    expect(entries.map((e) => [e.team, e.label])).toEqual([
      ['t1', 'A'],
      ['t2', 'B'],
    ]);
    expect(entries[0].minutes).toBe(45);
  });

  it('rejects a folder with unknown teams or labels and an empty one', () => {
    expect(issues(() => readImport(contest, tree({ 'tx/A/a.c': '' })))).toEqual([": team 'tx' is not in contest c"]);
    expect(issues(() => readImport(contest, tree({ README: '' })))).toEqual([': no submissions found: expected <team-id>/<problem-label>/<file>']);
  });
});

describe('the contest window', () => {
  it('names the real line of each row, blank lines and quoted line breaks included', () => {
    const root = tree({ 'm.csv': 'team,problem,time,file\n\nt1,A,1,"a\nb.c"\nt9,A,2,a.c\n', 'a.c': 'x' });
    expect(issues(() => readImport(contest, path.join(root, 'm.csv')))).toEqual(['line 3: no such file a\nb.c', "line 5: team 't9' is not in contest c"]);
  });

  it('refuses submissions before the start or after the end, each at its line, with the count and the way out', () => {
    const root = tree({ 'm.csv': 'team,problem,time,file\nt1,A,-5,a.c\nt1,A,300,a.c\nt2,B,301,a.c\n', 'a.c': 'x' });
    const manifest = path.join(root, 'm.csv');
    const entries = readImport(contest, manifest);
    expect(placeInWindow(contest, manifest, entries, false).issues.map((i) => `${i.field ?? ''}: ${i.message}`)).toEqual([
      'line 2: time is 5 min before the start of contest c',
      'line 4: time is 1 min after the end of contest c',
      ': 2 of 3 submissions are outside the contest (300 min from 2026-11-21T10:00:00.000Z); nothing was stored: fix the times, or pass --clamp to move them to the start or end',
    ]);
    const clamped = placeInWindow(contest, manifest, entries, true);
    expect(clamped.clamped).toBe(2);
    expect(clamped.entries.map((e) => e.minutes)).toEqual([0, 300, 300]);
  });

  it('says where the times of a folder come from', () => {
    const root = tree({ 't1/A/a.c': 'x' });
    const entries = readImport(contest, root);
    expect(placeInWindow(contest, root, entries, false).issues.at(-1)?.message).toMatch(/modification times.*manifest.*--clamp/);
  });
});

describe('parseTime', () => {
  it('takes minutes and zoned timestamps, nothing else', () => {
    expect(parseTime(contest, 90)).toBe(90);
    expect(parseTime(contest, '2026-11-21T09:00:00Z')).toBe(-60);
    expect(parseTime(contest, '2026-11-21T11:00:00')).toBeNull();
    expect(parseTime(contest, 'noon')).toBeNull();
  });
});
