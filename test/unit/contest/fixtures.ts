import type { ScoreboardContest, ScoreboardSubmission } from '../../../src/contest/scoreboard.js';
import type { Verdict } from '../../../src/verdict/verdict.js';

/** A 5-hour ICPC contest, frozen at 4h, penalty 20, with the given teams (ids t1..) and problems A.. */
export function contest(overrides: Partial<ScoreboardContest> = {}, teams = 3, problems = 3): ScoreboardContest {
  return {
    id: 'test',
    name: 'Test Contest',
    start: new Date('2026-11-21T10:00:00Z'),
    durationMinutes: 300,
    freezeMinutes: 240,
    scoring: 'icpc',
    penaltyMinutes: 20,
    problems: Array.from({ length: problems }, (_, i) => ({ label: String.fromCharCode(65 + i), name: `Problem ${String.fromCharCode(65 + i)}` })),
    teams: Array.from({ length: teams }, (_, i) => ({ id: `t${i + 1}`, name: `Team ${i + 1}`, affiliation: null })),
    ...overrides,
  };
}

type Line = [teamId: string, label: string, minutes: number, verdict: Verdict | null, score?: number | null, maxScore?: number | null];

/** Submissions from compact lines, numbered in the order given. */
export function submissions(...lines: Line[]): ScoreboardSubmission[] {
  return lines.map(([teamId, problemLabel, minutes, verdict, score = null, maxScore = null], i) => ({
    id: i + 1,
    teamId,
    problemLabel,
    minutes,
    verdict,
    score,
    maxScore,
  }));
}
