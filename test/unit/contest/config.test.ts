import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { loadContest, parseContest, parseDuration } from '../../../src/contest/config.js';
import { UserError } from '../../../src/util/errors.js';

const EXAMPLE = `id: demo
name: Demo Contest
start: 2026-11-21T10:00:00Z
duration: 5h          # also 300m, 5:00:00
freeze: 4h            # optional, from the start
scoring: icpc         # or ioi
penalty: 20           # minutes per rejected try, icpc only
problems:
  - { label: A, path: ../problems/sum }
  - { label: B, path: ../problems/circle }
teams:
  - { id: t1, name: Team One }
  - { id: t2, name: Team Two, affiliation: Some University }
`;

/** A fresh folder holding `contests/<name>` with the given text; returns the contests folder. */
function contestsDir(name: string, text: string): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'zuko-judge-contest-'));
  const dir = path.join(root, 'contests');
  mkdirSync(dir);
  writeFileSync(path.join(dir, name), text);
  return dir;
}

function issuesOf(fn: () => unknown): Array<{ file: string; field?: string; message: string }> {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    return (err as UserError).issues;
  }
  throw new Error('expected a UserError');
}

describe('parseDuration', () => {
  it.each([
    ['5h', 300],
    ['300m', 300],
    ['90s', 1.5],
    ['5:00:00', 300],
    ['1:30', 90],
    ['1h30m', 90],
    ['1h 30m', 90],
    ['2h15m30s', 135.5],
    ['0:45:30', 45.5],
    ['45', 45],
    [45, 45],
  ])('reads %s as %s minutes', (text, minutes) => {
    expect(parseDuration(text)).toBe(minutes);
  });

  it.each(['', '5x', 'h', '-3', '1:75', 'five hours', '30m1h'])('rejects %j with the forms it knows', (text) => {
    expect(() => parseDuration(text)).toThrow(/not a duration.*5h, 300m/);
  });
});

describe('loadContest', () => {
  it('loads the example file as written, by path and by id', () => {
    const dir = contestsDir('demo.yaml', EXAMPLE);
    const byPath = loadContest(path.join(dir, 'demo.yaml'));
    const byId = loadContest('demo', dir);
    expect(byId).toEqual(byPath);
    expect(byPath).toMatchObject({
      id: 'demo',
      name: 'Demo Contest',
      file: path.join(dir, 'demo.yaml'),
      durationMinutes: 300,
      freezeMinutes: 240,
      scoring: 'icpc',
      penaltyMinutes: 20,
    });
    expect(byPath.start.toISOString()).toBe('2026-11-21T10:00:00.000Z');
    expect(byPath.problems).toEqual([
      { label: 'A', path: path.resolve(dir, '..', 'problems', 'sum'), name: null },
      { label: 'B', path: path.resolve(dir, '..', 'problems', 'circle'), name: null },
    ]);
    expect(byPath.teams).toEqual([
      { id: 't1', name: 'Team One', affiliation: null },
      { id: 't2', name: 'Team Two', affiliation: 'Some University' },
    ]);
  });

  it('takes the other duration forms, defaults and an id from the file name', () => {
    const text = EXAMPLE.replace('id: demo\n', '')
      .replace('duration: 5h', 'duration: 5:00:00')
      .replace('freeze: 4h', 'freeze: 270m')
      .replace(/penalty: 20.*\n/, '')
      .replace('scoring: icpc', 'scoring: ioi');
    const contest = loadContest(path.join(contestsDir('spring.yml', text), 'spring.yml'));
    expect(contest).toMatchObject({ id: 'spring', durationMinutes: 300, freezeMinutes: 270, penaltyMinutes: 20, scoring: 'ioi' });
    const noFreeze = loadContest(path.join(contestsDir('x.yaml', EXAMPLE.replace(/freeze:.*\n/, '')), 'x.yaml'));
    expect(noFreeze.freezeMinutes).toBeNull();
  });

  it('takes the start as a Date too, as a YAML 1.1 parser gives it', () => {
    const contest = parseContest(
      { name: 'D', start: new Date('2026-11-21T10:00:00Z'), duration: '1h30m', problems: [{ label: 'A', path: 'p/a' }], teams: [{ id: 't', name: 'T' }] },
      '/somewhere/contests/d.yaml',
    );
    expect(contest.start.getTime()).toBe(Date.UTC(2026, 10, 21, 10));
    expect(contest.durationMinutes).toBe(90);
    expect(contest.scoring).toBe('icpc');
    expect(contest.problems[0].path).toBe(path.resolve('/somewhere/contests/p/a'));
  });

  it('names the missing file for an unknown id or path', () => {
    const dir = contestsDir('demo.yaml', EXAMPLE);
    expect(() => loadContest('nope', dir)).toThrow(`unknown contest 'nope': no file ${path.join(dir, 'nope.yaml')}`);
    expect(() => loadContest(path.join(dir, 'gone.yaml'))).toThrow(/gone\.yaml: no such contest file/);
  });

  it('reports every problem of a broken file at once, with the file and key', () => {
    const broken = EXAMPLE.replace('scoring: icpc', 'scoring: kattis')
      .replace('freeze: 4h', 'freeze: 6h')
      .replace('label: B', 'label: A')
      .replace('id: t2', 'id: t1')
      .replace('start: 2026-11-21T10:00:00Z', 'start: 2026-11-21T10:00:00')
      .replace('penalty: 20', 'penalty: -5')
      .replace('teams:', 'teams:\n  - { id: t3, name: Three, colour: red }');
    const dir = contestsDir('bad.yaml', broken);
    const file = path.join(dir, 'bad.yaml');
    const issues = issuesOf(() => loadContest(file));
    expect(issues.every((i) => i.file === file)).toBe(true);
    const byField = new Map(issues.map((i) => [i.field, i.message]));
    expect(byField.get('scoring')).toMatch(/unknown scoring 'kattis'; use icpc or ioi/);
    expect(byField.get('freeze')).toMatch(/after the end/);
    expect(byField.get('problems.1.label')).toMatch(/duplicate label 'A' \(first at problems\.0\)/);
    expect(byField.get('teams.2.id')).toMatch(/duplicate id 't1' \(first at teams\.1\)/);
    expect(byField.get('start')).toMatch(/no time zone/);
    expect(byField.has('penalty')).toBe(true);
    expect(byField.has('teams.0')).toBe(true);
  });

  it('reports a bad duration, a missing key and a bad label together', () => {
    const text = EXAMPLE.replace('duration: 5h', 'duration: five hours').replace('name: Demo Contest\n', '').replace('label: A', 'label: "A B"');
    const issues = issuesOf(() => parseContest(parseYaml(text), 'c.yaml'));
    const fields = issues.map((i) => i.field);
    expect(fields).toEqual(expect.arrayContaining(['duration', 'name', 'problems.0.label']));
    expect(issues.find((i) => i.field === 'duration')?.message).toMatch(/'five hours' is not a duration/);
  });

  it('points at the line of a file that is not YAML', () => {
    const dir = contestsDir('junk.yaml', 'name: [unclosed\n');
    expect(() => loadContest(path.join(dir, 'junk.yaml'))).toThrow(/junk\.yaml: not valid YAML: .*line \d/);
  });
});
