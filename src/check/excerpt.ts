/**
 * A short unified-diff-like view of where an output first departs from the answer, for judges
 * reading a wrong answer. Only a window of lines around the first differing line is ever diffed,
 * so megabytes of equal output before it cost one linear scan.
 */
import { diffArrays } from 'diff';
import { escapeBytes } from './text.js';

export interface ExcerptOptions {
  /** Equal lines shown before (and after) the difference. Default 2. */
  context?: number;
  /** Most lines in the excerpt, header included. Default 12. */
  maxLines?: number;
  /** Most characters shown of one line. Default 100. */
  maxLineLength?: number;
}

interface Line {
  bytes: Buffer;
  /** False for a last line without a final newline. */
  newline: boolean;
}

const NEWLINE = 0x0a;
/** Characters shown before the first differing column when a long line is scrolled to it. */
const LEAD_IN = 20;

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
}

/** The line starting at `start` and the offset after it; null past the end. */
function lineAt(buf: Buffer, start: number): { line: Line; next: number } | null {
  if (start >= buf.length) return null;
  const end = buf.indexOf(NEWLINE, start);
  if (end === -1) return { line: { bytes: buf.subarray(start), newline: false }, next: buf.length };
  return { line: { bytes: buf.subarray(start, end), newline: true }, next: end + 1 };
}

function sameLine(a: Line, b: Line): boolean {
  return a.newline === b.newline && a.bytes.equals(b.bytes);
}

/** Index of the first differing line and the byte offset where line `index - context` starts (equal in both). */
function firstDifference(a: Buffer, b: Buffer, context: number): { index: number; windowStart: number } {
  const recentStarts: number[] = [];
  let offset = 0;
  for (let index = 0; ; index++) {
    recentStarts.push(offset);
    if (recentStarts.length > context + 1) recentStarts.shift();
    const left = lineAt(a, offset);
    const right = lineAt(b, offset);
    if (left === null || right === null || !sameLine(left.line, right.line)) {
      return { index, windowStart: recentStarts[0] };
    }
    offset = left.next;
  }
}

function readLines(buf: Buffer, start: number, count: number): Line[] {
  const lines: Line[] = [];
  let offset = start;
  while (lines.length < count) {
    const found = lineAt(buf, offset);
    if (found === null) break;
    lines.push(found.line);
    offset = found.next;
  }
  return lines;
}

function firstDifferentByte(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return n;
}

const SPACE = 0x20;
/** Most trailing spaces spelled out at the end of a line. */
const TRAILING_SHOWN = 8;

/**
 * Shows a line from byte `from` on (moved off any UTF-8 continuation byte), cut to `max`
 * characters. Trailing spaces are spelled \x20, since a plain space at the end of a line is invisible.
 */
function showLine(bytes: Buffer, from: number, max: number): string {
  let start = Math.min(from, bytes.length);
  while (start > 0 && start < bytes.length && (bytes[start] & 0xc0) === 0x80) start += 1;
  let end = bytes.length;
  while (end > start && bytes[end - 1] === SPACE) end -= 1;
  const prefix = start > 0 ? '…' : '';
  const body = escapeBytes(bytes.subarray(start, end), max, false, false);
  const cut = end - start > max && body.endsWith('…');
  const trailing = bytes.length - end;
  if (cut || trailing === 0) return prefix + body;
  return prefix + body + '\\x20'.repeat(Math.min(trailing, TRAILING_SHOWN)) + (trailing > TRAILING_SHOWN ? '…' : '');
}

type Row = { mark: ' ' | '-' | '+'; line: Line };

function rowsOf(expected: Line[], got: Line[]): Row[] {
  const rows: Row[] = [];
  for (const change of diffArrays(expected, got, { comparator: sameLine })) {
    const mark = change.added ? '+' : change.removed ? '-' : ' ';
    for (const line of change.value) rows.push({ mark, line });
  }
  return rows;
}

/** Drops equal lines after the last change beyond `context`. */
function trimTail(rows: Row[], context: number): Row[] {
  let last = rows.length - 1;
  while (last >= 0 && rows[last].mark === ' ') last -= 1;
  return rows.slice(0, Math.min(rows.length, last + 1 + context));
}

/**
 * The lines around the first difference between `expected` (the answer, marked -) and `got`
 * (the output, marked +), or '' when they are byte-for-byte equal. Whitespace and control bytes
 * are shown escaped, so a \r or a trailing space is visible; a long line is scrolled so that its
 * first differing character is in view.
 */
export function diffExcerpt(expected: Uint8Array, got: Uint8Array, opts: ExcerptOptions = {}): string {
  const a = asBuffer(expected);
  const b = asBuffer(got);
  if (a.equals(b)) return '';
  const context = opts.context ?? 2;
  const maxLines = Math.max(2, opts.maxLines ?? 12);
  const maxLineLength = Math.max(10, opts.maxLineLength ?? 100);

  const { index, windowStart } = firstDifference(a, b, context);
  const expectedLines = readLines(a, windowStart, maxLines);
  const gotLines = readLines(b, windowStart, maxLines);
  // Lines before the first difference are equal in both, so its position in the window is known.
  const column = columnOfDifference(a, b, windowStart, Math.min(index, context));
  const from = column + LEAD_IN > maxLineLength ? column - LEAD_IN : 0;

  const out = [`@@ line ${index + 1}: - expected, + output @@`];
  for (const row of trimTail(rowsOf(expectedLines, gotLines), context)) {
    out.push(`${row.mark} ${showLine(row.line.bytes, from, maxLineLength)}`);
    if (!row.line.newline) out.push('\\ no newline at end');
  }
  if (out.length > maxLines) out.splice(maxLines - 1, out.length, '…');
  return out.join('\n');
}

/** Byte column where the first differing lines part, `skip` lines after the window start. */
function columnOfDifference(a: Buffer, b: Buffer, windowStart: number, skip: number): number {
  const left = readLines(a, windowStart, skip + 1)[skip];
  const right = readLines(b, windowStart, skip + 1)[skip];
  if (!left || !right) return 0;
  return firstDifferentByte(left.bytes, right.bytes);
}
