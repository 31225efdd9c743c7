import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { reportOfStored, subjectOf } from '../../../src/report/judging.js';
import { JudgingReportJson } from '../../../src/report/schemas.js';
import { reportSchemaFiles, schemasDir } from '../../../src/report/write-schemas.js';
import type { Judging } from '../../../src/store/index.js';

describe('report schemas', () => {
  it('are checked in as generated from the zod schemas (npm run schemas)', () => {
    const generated = reportSchemaFiles();
    const onDisk = readdirSync(schemasDir()).filter((f) => f.endsWith('.schema.json') && !f.startsWith('clics'));
    expect(onDisk.sort()).toEqual(Object.keys(generated).sort());
    for (const [name, text] of Object.entries(generated)) expect(readFileSync(path.join(schemasDir(), name), 'utf8'), name).toBe(text);
  });
});

describe('a stored judging as a report', () => {
  const sub = {
    id: 4,
    sourceSha256: 'x',
    fileName: 'a.py',
    language: 'python',
    problemId: 'sum',
    problemDir: '/p/sum',
    team: 't1',
    contest: 'demo',
    submittedAt: '2026-11-21T10:00:00Z',
    contestMinutes: 0,
    currentJudgingId: null,
  };
  const judging = (id: number, status: Judging['status'], failureKind: Judging['failureKind'] = null): Judging => ({
    id,
    submissionId: 4,
    startedAt: '2026-11-21T10:00:00Z',
    finishedAt: status === 'running' ? null : '2026-11-21T10:00:01Z',
    status,
    failureReason: failureKind ? 'engine gone' : null,
    failureKind,
    packageHash: 'h',
    judgeVersion: '0.1.0',
    imageIds: {},
    workerId: null,
    outcome: status === 'done' ? { verdict: 'AC', score: 100, maxScore: 100, timeMs: 3, memoryKb: 900, compileOk: true, compileOutput: '' } : null,
  });
  const subject = subjectOf(sub, 'A');

  it('is an object of the same shape in every state, saying which', () => {
    const cases: Array<[Judging[], Judging | null, string]> = [
      [[], null, 'queued'],
      [[judging(1, 'running')], null, 'judging'],
      [[judging(1, 'failed', 'infrastructure')], null, 'failed'],
      [[judging(1, 'done'), judging(2, 'failed', 'error')], judging(1, 'done'), 'done'],
    ];
    for (const [history, current, status] of cases) {
      const report = reportOfStored(subject, history, current, []);
      expect(report.status).toBe(status);
      expect(JudgingReportJson.strict().parse(report)).toEqual(report);
    }
    const failed = reportOfStored(subject, [judging(1, 'failed', 'infrastructure')], null, []);
    expect(failed.failure).toEqual({ failure: 'infrastructure', reason: 'engine gone' });
    const later = reportOfStored(subject, [judging(1, 'done'), judging(2, 'failed', 'error')], judging(1, 'done'), []);
    expect(later.later_failures.map((f) => f.judging)).toEqual([2]);
    expect([later.problem, later.problem_label, later.verdict]).toEqual(['sum', 'A', 'AC']);
  });
});
