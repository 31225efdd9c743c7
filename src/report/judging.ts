import path from 'node:path';
import { loadContest, type Contest } from '../contest/config.js';
import type { JudgingReport } from '../judge/judge.js';
import type { Judging, SubmissionMeta, TestResult } from '../store/index.js';
import { REPORT_VERSION, type JudgingReportJson, type Subject } from './schemas.js';

export type { Subject } from './schemas.js';

/**
 * One submission's judging as `submit --json`, `results --json` and the service show it, whether
 * just judged or read back from the store, finished or not. Pure: callers read the store.
 */

export function subjectOf(sub: SubmissionMeta, problemLabel: string | null): Subject {
  return { submission: sub.id, contest: sub.contest, team: sub.team, problem: sub.problemId, problem_label: problemLabel, language: sub.language };
}

/**
 * The label of a stored problem in its contest; null outside a contest or when the contest file is
 * gone. The package is found by its path, else by its id (the folder's name) when that is unique:
 * a contest file found by id may list its packages somewhere else than the import that stored them.
 */
export function problemLabelOf(contest: Contest | string | null, problemDir: string): string | null {
  if (contest === null) return null;
  const loaded = typeof contest === 'string' ? quietContest(contest) : contest;
  if (!loaded) return null;
  const byPath = loaded.problems.find((p) => p.path === problemDir);
  if (byPath) return byPath.label;
  const byId = loaded.problems.filter((p) => path.basename(p.path) === path.basename(problemDir));
  return byId.length === 1 ? byId[0].label : null;
}

function quietContest(id: string): Contest | null {
  try {
    return loadContest(id);
  } catch {
    return null;
  }
}

const NOTHING_YET = {
  verdict: null,
  score: null,
  max_score: null,
  time_ms: null,
  memory_kb: null,
  compile: null,
  tests: [],
  failure: null,
  later_failures: [],
  progress: null,
};

/** A judging that just finished. */
export function reportOfJudged(subject: Subject, judgingId: number, report: Omit<JudgingReport, 'firstFailure'>): JudgingReportJson {
  return {
    version: REPORT_VERSION,
    status: 'done',
    ...subject,
    judging: judgingId,
    verdict: report.verdict,
    score: report.score,
    max_score: report.maxScore,
    time_ms: report.timeMs,
    memory_kb: report.memoryKb,
    compile: { ok: report.compile.ok, output: report.compile.output },
    tests: report.tests.map((t) => ({
      name: t.name,
      group: t.group,
      verdict: t.verdict,
      time_ms: t.cpuMs,
      wall_ms: t.wallMs,
      memory_kb: t.memoryKb,
      score: t.score ?? 0,
      message: t.message,
    })),
    failure: null,
    later_failures: [],
    progress: null,
  };
}

/**
 * What the store holds for a submission: its current judging (with the judgings that failed after
 * it), else the state of its latest judging: running, failed, or none yet.
 */
export function reportOfStored(subject: Subject, history: readonly Judging[], current: Judging | null, tests: TestResult[]): JudgingReportJson {
  if (current?.outcome) {
    const o = current.outcome;
    const later = history.filter((j) => j.status === 'failed' && j.id > current.id);
    const report = {
      verdict: o.verdict,
      score: o.score,
      maxScore: o.maxScore,
      timeMs: o.timeMs,
      memoryKb: o.memoryKb,
      compile: { ok: o.compileOk, output: o.compileOutput, cached: false },
      tests,
    };
    return { ...reportOfJudged(subject, current.id, report), later_failures: later.map(failureJson) };
  }
  const last = history.at(-1);
  if (!last) return { version: REPORT_VERSION, status: 'queued', ...subject, judging: null, ...NOTHING_YET };
  if (last.status === 'running') return { version: REPORT_VERSION, status: 'judging', ...subject, judging: last.id, ...NOTHING_YET };
  return {
    version: REPORT_VERSION,
    status: 'failed',
    ...subject,
    judging: last.id,
    ...NOTHING_YET,
    failure: { failure: last.failureKind ?? 'error', reason: last.failureReason ?? '' },
  };
}

function failureJson(j: Judging) {
  return { judging: j.id, finished: j.finishedAt, failure: j.failureKind ?? 'error', reason: j.failureReason ?? '' };
}
