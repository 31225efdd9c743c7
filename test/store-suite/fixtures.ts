export { useTempDir } from '../helpers/temp.js';
import type { JudgingMeta, JudgingOutcome, NewSubmission, NewTestResult, Store } from '../../src/store/index.js';
import type { Verdict } from '../../src/verdict/verdict.js';

export function submission(overrides: Partial<NewSubmission> = {}): NewSubmission {
  return {
    source: Buffer.from('print(sum(map(int, input().split())))\n'),
    fileName: 'sum.py',
    language: 'python',
    problemId: 'A',
    problemDir: '/problems/sum',
    team: 't1',
    contest: 'demo',
    submittedAt: '2026-11-21T10:12:00Z',
    contestMinutes: 12,
    ...overrides,
  };
}

export const META: JudgingMeta = { packageHash: 'p'.repeat(64), judgeVersion: '0.1.0', imageIds: { python: 'sha256:abc', gcc: 'sha256:def' } };

export function outcome(verdict: Verdict, overrides: Partial<JudgingOutcome> = {}): JudgingOutcome {
  return {
    verdict,
    score: verdict === 'AC' ? 100 : 0,
    maxScore: 100,
    timeMs: 120,
    memoryKb: 10_240,
    compileOk: verdict !== 'CE',
    compileOutput: verdict === 'CE' ? 'error: expected ;' : '',
    ...overrides,
  };
}

export function testResult(name: string, verdict: Verdict, overrides: Partial<NewTestResult> = {}): NewTestResult {
  return {
    name,
    group: name.split('/').slice(0, -1).join('/'),
    verdict,
    cpuMs: 15,
    wallMs: 20,
    memoryKb: 4096,
    score: null,
    message: verdict === 'WA' ? 'line 1: expected 3, got 4' : '',
    outputBytes: 2,
    outputSha256: null,
    ...overrides,
  };
}

/** A judging of the submission, finished with `verdict`; returns its id. */
export async function judge(store: Store, submissionId: number, verdict: Verdict): Promise<number> {
  const judging = await store.startJudging(submissionId, META);
  await store.finishJudging(judging, outcome(verdict));
  return judging;
}
