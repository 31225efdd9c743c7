import { UserError } from '../util/errors.js';

const CLOCK = /^(\d+):([0-5]\d)(?::([0-5]\d(?:\.\d+)?))?$/;
const UNITS = /^(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m)?(?:(\d+(?:\.\d+)?)s)?$/;
const BARE = /^\d+(?:\.\d+)?$/;

export const DURATION_FORMS = '5h, 300m, 90s, 1h30m, 5:00:00 or a number of minutes';

/**
 * A contest duration in minutes (may be fractional: `90s` is 1.5).
 * Accepts `5h`, `300m`, `90s`, `1h30m`, `1h 30m`, `5:00:00`, `5:00` (h:mm), and a bare number of minutes.
 * Throws a UserError naming the forms it knows.
 */
export function parseDuration(value: string | number): number {
  const minutes = typeof value === 'number' ? value : fromText(value);
  if (minutes === null || !Number.isFinite(minutes) || minutes < 0) {
    throw new UserError(`'${value}' is not a duration (use ${DURATION_FORMS})`);
  }
  return minutes;
}

function fromText(value: string): number | null {
  const text = value.trim().toLowerCase().replace(/\s+/g, '');
  if (text === '') return null;
  if (BARE.test(text)) return Number(text);
  const clock = CLOCK.exec(text);
  if (clock) return Number(clock[1]) * 60 + Number(clock[2]) + Number(clock[3] ?? 0) / 60;
  const units = UNITS.exec(text);
  if (!units) return null;
  const [, h, m, s] = units;
  return Number(h ?? 0) * 60 + Number(m ?? 0) + Number(s ?? 0) / 60;
}

/** Minutes as a CLICS relative time, `h:mm:ss.uuu` (negative with a leading minus). */
export function formatRelTime(minutes: number): string {
  const sign = minutes < 0 ? '-' : '';
  const totalMs = Math.round(Math.abs(minutes) * 60_000);
  const h = Math.floor(totalMs / 3_600_000);
  const m = Math.floor((totalMs % 3_600_000) / 60_000);
  const s = Math.floor((totalMs % 60_000) / 1000);
  const ms = totalMs % 1000;
  return `${sign}${h}:${pad(m, 2)}:${pad(s, 2)}.${pad(ms, 3)}`;
}

/** Minutes as `h:mm` for people (seconds dropped). */
export function formatClock(minutes: number): string {
  const whole = Math.floor(Math.max(0, minutes));
  return `${Math.floor(whole / 60)}:${pad(whole % 60, 2)}`;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}
