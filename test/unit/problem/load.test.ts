import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempTree } from '../../helpers/temp.js';
import { loadProblem } from '../../../src/problem/load.js';
import { isGroup, type TestGroup } from '../../../src/problem/types.js';
import { UserError } from '../../../src/util/errors.js';

/** Writes a package from a map of relative path → contents. */
const pkg = useTempTree('zuko-pkg-');

const MINIMAL = {
  'problem.yaml': 'name: Tiny\nlimits:\n  time_limit: 2\n  memory: 128\n',
  'data/sample/1.in': '1\n',
  'data/sample/1.ans': '1\n',
  'data/secret/b.in': '2\n',
  'data/secret/b.ans': '2\n',
  'data/secret/a.in': '3\n',
  'data/secret/a.ans': '3\n',
};

function issuesOf(dir: string): string[] {
  try {
    loadProblem(dir);
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    return (err as UserError).issues.map((i) => `${path.relative(dir, i.file)}|${i.field ?? ''}|${i.message}`);
  }
  throw new Error('package loaded without errors');
}

describe('loadProblem', () => {
  it('reads a minimal legacy package: limits, sample first, lexicographic order', () => {
    const p = loadProblem(pkg(MINIMAL));
    expect(p.name).toBe('Tiny');
    expect(p.type).toBe('pass-fail');
    expect(p.limits.timeLimitMs).toBe(2000);
    expect(p.limits.memoryMib).toBe(128);
    expect(p.limits.outputBytes).toBe(8 * 1024 * 1024);
    expect(p.checker.kind).toBe('default');
    expect(p.tests.map((t) => t.name)).toEqual(['sample/1', 'secret/a', 'secret/b']);
    expect(p.data.children.map((c) => (isGroup(c) ? c.name : '?'))).toEqual(['sample', 'secret']);
  });

  it('takes the time limit from .timelimit when problem.yaml has none, else leaves it open', () => {
    const withFile = pkg({ ...MINIMAL, 'problem.yaml': 'name: T\n', '.timelimit': '1.5\n' });
    expect(loadProblem(withFile).limits.timeLimitMs).toBe(1500);
    const without = pkg({ ...MINIMAL, 'problem.yaml': 'name: T\n' });
    expect(loadProblem(without).limits.timeLimitMs).toBeNull();
  });

  it('uses the current spec time multipliers when problem_format_version is set', () => {
    const p = loadProblem(pkg({ ...MINIMAL, 'problem.yaml': 'problem_format_version: 2023-07-draft\nname: T\ntype: pass-fail\n' }));
    expect(p.limits.timeMultiplier).toBe(2);
    expect(p.limits.timeSafetyMargin).toBe(1.5);
    expect(p.limits.timeResolutionMs).toBe(1000);
  });

  it('reports every problem of a broken package at once, naming file and key', () => {
    const dir = pkg({
      'problem.yaml': 'name: Broken\ncolour: red\nlimits:\n  time_limit: fast\n',
      'data/sample/1.in': '1\n',
      'data/secret/x.ans': '2\n',
      'data/secret/testdata.yaml': 'grader_flags: min bogus\n',
    });
    const found = issuesOf(dir);
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^problem\.yaml\|\|.*colour/),
        expect.stringMatching(/^problem\.yaml\|limits\.time_limit\|/),
        'data/sample/1.in||has no answer file 1.ans beside it',
        expect.stringMatching(/^data\/secret\/testdata\.yaml\|grader_flags\|unknown grader flag 'bogus'/),
      ]),
    );
    expect(found.length).toBeGreaterThanOrEqual(4);
    // An answer file without its input is no test case, as DOMjudge imports them.
    expect(found.some((f) => f.startsWith('data/secret/x.ans'))).toBe(false);
  });

  it('judges a package with only data/sample/ on its samples, and rejects one with no test cases', () => {
    expect(issuesOf(pkg({ 'data/sample/1.in': '', 'data/sample/1.ans': '' }))).toEqual(['problem.yaml||missing: every package needs a problem.yaml']);
    const samplesOnly = loadProblem(pkg({ 'problem.yaml': 'name: S\n', 'data/sample/1.in': '1', 'data/sample/1.ans': '1' }));
    expect(samplesOnly.tests.map((t) => t.name)).toEqual(['sample/1']);
    const empty = pkg({ 'problem.yaml': 'name: E\n', 'data/secret/README': 'nothing here' });
    expect(issuesOf(empty)).toEqual(['data||no test cases (NAME.in + NAME.ans pairs) in data/sample or data/secret']);
  });

  it('reads interactive and multi-pass problems in both spellings, and asks for their validator', () => {
    const legacy = loadProblem(pkg({ ...MINIMAL, 'problem.yaml': 'validation: custom interactive\n', 'output_validators/v/v.cpp': '' }));
    expect(legacy.interaction).toEqual({ interactive: true, passes: 1 });
    const current = loadProblem(
      pkg({ ...MINIMAL, 'problem.yaml': 'type: [interactive, multi-pass]\nlimits:\n  validation_passes: 5\n', 'output_validator/v/v.cpp': '' }),
    );
    expect(current.interaction).toEqual({ interactive: true, passes: 5 });
    expect(current.checker.kind !== 'default' && path.basename(current.checker.dir)).toBe('v');
    expect(loadProblem(pkg({ ...MINIMAL, 'problem.yaml': 'validation: custom multi-pass\n', 'output_validator/v.py': '' })).interaction).toEqual({
      interactive: false,
      passes: 2,
    });
    expect(issuesOf(pkg({ ...MINIMAL, 'problem.yaml': 'type: [pass-fail, interactive]\n' }))).toEqual([
      'problem.yaml|type|interactive and multi-pass problems need their own output validator (output_validator/)',
    ]);
  });

  it('picks the checker: legacy custom validator, zuko.checker testlib, missing sources', () => {
    const icpc = loadProblem(
      pkg({ ...MINIMAL, 'problem.yaml': 'validation: custom\n', 'output_validators/check/v.cpp': '', 'output_validators/check/h.h': '' }),
    );
    expect(icpc.checker.kind).toBe('icpc');
    expect(icpc.checker.kind !== 'default' && icpc.checker.sources.map((s) => path.basename(s))).toEqual(['h.h', 'v.cpp']);
    const testlib = loadProblem(pkg({ ...MINIMAL, 'problem.yaml': 'zuko:\n  checker: testlib\n', 'output_validator/check.cpp': '' }));
    expect(testlib.checker.kind).toBe('testlib');
    expect(issuesOf(pkg({ ...MINIMAL, 'problem.yaml': 'validation: custom\n' }))).toEqual([
      'problem.yaml|validation|a icpc checker needs its sources in output_validator/ (or output_validators/<name>/)',
    ]);
  });

  it('passes validator flags down: problem.yaml first, then the nearest group setting', () => {
    const p = loadProblem(
      pkg({
        ...MINIMAL,
        'problem.yaml': 'validator_flags: case_sensitive\n',
        'data/secret/testdata.yaml': 'output_validator_flags: float_tolerance 1e-3\n',
        'data/secret/g/c.in': '',
        'data/secret/g/c.ans': '',
        'data/secret/g/testdata.yaml': 'output_validator_flags: space_change_sensitive\n',
      }),
    );
    const args = Object.fromEntries(p.tests.map((t) => [t.name, t.validatorArgs.join(' ')]));
    expect(args).toEqual({
      'sample/1': 'case_sensitive',
      'secret/a': 'case_sensitive float_tolerance 1e-3',
      'secret/b': 'case_sensitive float_tolerance 1e-3',
      'secret/g/c': 'case_sensitive space_change_sensitive',
    });
    expect(p.tests.map((t) => t.name)).toEqual(['sample/1', 'secret/a', 'secret/b', 'secret/g/c']);
  });

  it('inherits legacy grading key by key and maps the current test_group.yaml', () => {
    const legacy = loadProblem(
      pkg({
        'problem.yaml': 'type: scoring\n',
        'data/testdata.yaml': 'on_reject: continue\ngrader_flags: ignore_sample sum\n',
        'data/secret/g1/testdata.yaml': 'grader_flags: min\naccept_score: 25\n',
        'data/secret/g1/1.in': '',
        'data/secret/g1/1.ans': '',
      }),
    );
    const g1 = findGroup(legacy.data, 'secret/g1');
    expect(g1.grading).toMatchObject({ onReject: 'continue', scoreRule: 'min', acceptScore: 25, ignoreSample: false });
    expect(legacy.data.grading).toMatchObject({ ignoreSample: true, scoreRule: 'sum' });

    const current = loadProblem(
      pkg({
        'problem.yaml': 'problem_format_version: 2023-07-draft\ntype: scoring\n',
        'data/secret/test_group.yaml': 'score_aggregation: sum\n',
        'data/secret/a/test_group.yaml': 'score_aggregation: pass-fail\nmax_score: 40\n',
        'data/secret/a/1.in': '',
        'data/secret/a/1.ans': '',
        'data/secret/b/test_group.yaml': 'score_aggregation: pass-fail\nmax_score: 60\nrequire_pass: a\n',
        'data/secret/b/1.in': '',
        'data/secret/b/1.ans': '',
      }),
    );
    expect(findGroup(current.data, 'secret/a').grading).toMatchObject({ scoreRule: 'min', maxScore: 40, requirePass: [] });
    expect(findGroup(current.data, 'secret/b').grading).toMatchObject({ maxScore: 60, requirePass: ['secret/a'] });
  });

  it('gives pass-fail problems full points for a solve, whatever the group files say', () => {
    const p = loadProblem(pkg({ ...MINIMAL, 'data/secret/testdata.yaml': 'accept_score: 7\n' }));
    expect(findGroup(p.data, 'secret').grading).toMatchObject({ scoreRule: 'min', acceptScore: 100, onReject: 'break' });
  });

  it('lists example submissions with the verdicts their folder allows', () => {
    const p = loadProblem(pkg({ ...MINIMAL, 'submissions/accepted/a.cpp': '', 'submissions/time_limit_exceeded/t.py': '', 'submissions/odd/x.c': '' }));
    const got = p.submissions.map((s) => [path.basename(s.file), s.expected, s.allowed.join(',')]);
    expect(got).toEqual([
      ['a.cpp', 'accepted', 'AC'],
      ['x.c', 'odd', ''],
      ['t.py', 'time_limit_exceeded', 'TLE'],
    ]);
  });

  it('hashes what judging depends on: answers change it, statements and submissions do not', () => {
    const dir = pkg(MINIMAL);
    const before = loadProblem(dir).hash;
    writeFileSync(path.join(dir, 'statement.md'), 'words');
    mkdirSync(path.join(dir, 'submissions/accepted'), { recursive: true });
    writeFileSync(path.join(dir, 'submissions/accepted/x.py'), 'print(1)');
    expect(loadProblem(dir).hash).toBe(before);
    writeFileSync(path.join(dir, 'data/secret/a.ans'), '4\n');
    const after = loadProblem(dir);
    expect(after.hash).not.toBe(before);
  });

  it('reads a package once per process while its files stay as they are, and again once one is written', () => {
    const dir = pkg(MINIMAL);
    const first = loadProblem(dir);
    expect(loadProblem(dir)).toBe(first);
    writeFileSync(path.join(dir, 'submissions.md'), 'notes');
    const second = loadProblem(dir);
    expect(second).not.toBe(first);
    expect(second.hash).toBe(first.hash);
    writeFileSync(path.join(dir, 'data/secret/b.ans'), '3\n');
    expect(loadProblem(dir).hash).not.toBe(first.hash);
  });

  it('loads every bundled problem', () => {
    for (const id of ['sum', 'circle', 'anagram', 'subtasks', 'pairsum']) {
      const p = loadProblem(path.join('problems', id));
      expect(p.tests.length).toBeGreaterThan(5);
      expect(p.limits.timeLimitMs).toBe(1000);
    }
  });
});

function findGroup(root: TestGroup, name: string): TestGroup {
  if (root.name === name) return root;
  for (const c of root.children) {
    if (!isGroup(c)) continue;
    const found = name.startsWith(c.name) ? findGroup(c, name) : null;
    if (found) return found;
  }
  throw new Error(`no group ${name}`);
}
