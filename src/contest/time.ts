import { UserError } from '../util/errors.js';
import type { Contest } from './config.js';
import { parseDuration } from './duration.js';

/** Minutes from the start, or an ISO timestamp with a zone; null when it is neither. */
export function parseTime(contest: Pick<Contest, 'start'>, time: number | string): number | null {
  if (typeof time === 'number') return Number.isFinite(time) ? time : null;
  if (!/\d{4}-\d\d-\d\dT.*(Z|[+-]\d\d:?\d\d)$/i.test(time.trim())) return null;
  const date = new Date(time.trim());
  return Number.isNaN(date.getTime()) ? null : minutesOf(contest, date);
}

export function minutesOf(contest: Pick<Contest, 'start'>, date: Date): number {
  return (date.getTime() - contest.start.getTime()) / 60_000;
}

/**
 * A contest time given on the command line (`option` names it in the error): a duration from the
 * start (90, 90m, 1:30:00, 2h) or a timestamp with a zone.
 */
export function parseContestTime(contest: Pick<Contest, 'start'>, text: string, option: string): number {
  const stamp = parseTime(contest, text);
  if (stamp !== null && /T/.test(text)) return stamp;
  try {
    return parseDuration(text);
  } catch {
    throw new UserError(`${option}: '${text}' is not a contest time (e.g. 90, 90m, 1:30:00, 2h) or a timestamp like 2026-11-21T12:00:00Z`);
  }
}

/** Why a contest time is outside the contest, or null when it is inside (both ends included). */
export function outsideWindow(contest: Pick<Contest, 'durationMinutes'>, minutes: number): string | null {
  if (minutes < 0) return `${formatMinutes(-minutes)} before the start`;
  if (minutes > contest.durationMinutes) return `${formatMinutes(minutes - contest.durationMinutes)} after the end`;
  return null;
}

/** The nearest contest time inside the contest: the start or the end. */
export function clampToWindow(contest: Pick<Contest, 'durationMinutes'>, minutes: number): number {
  return Math.min(Math.max(minutes, 0), contest.durationMinutes);
}

function formatMinutes(minutes: number): string {
  if (minutes < 120) return `${Math.round(minutes * 10) / 10} min`;
  if (minutes < 2 * 24 * 60) return `${Math.round(minutes / 6) / 10} h`;
  return `${Math.round(minutes / 144) / 10} days`;
}
