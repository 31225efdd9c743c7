/**
 * Byte-level reading of a program's output, which is already in memory. Whitespace is what C's
 * isspace() calls whitespace in the C locale: space, \t, \n, \v, \f, \r. Every other byte (NUL,
 * bytes >= 0x80, ...) belongs to a token.
 */

export function isSpace(byte: number): boolean {
  return byte === 0x20 || (byte >= 0x09 && byte <= 0x0d);
}

const NEWLINE = 0x0a;

export interface TokenSpan {
  start: number;
  end: number;
  /** 1-based line of the token's first byte. */
  line: number;
}

/** A read position in the output, counting lines as it goes. */
export class OutputCursor {
  pos = 0;
  line = 1;

  constructor(readonly bytes: Buffer) {}

  atEnd(): boolean {
    return this.pos >= this.bytes.length;
  }

  /** The byte at the position, or -1 at the end. */
  peek(): number {
    return this.atEnd() ? -1 : this.bytes[this.pos];
  }

  atSpace(): boolean {
    return !this.atEnd() && isSpace(this.bytes[this.pos]);
  }

  /** Moves past one byte. */
  advance(): void {
    if (this.bytes[this.pos] === NEWLINE) this.line += 1;
    this.pos += 1;
  }

  skipSpace(): void {
    while (this.atSpace()) this.advance();
  }

  /** The run of whitespace at the position, without moving. */
  spaceRun(): Buffer {
    let end = this.pos;
    while (end < this.bytes.length && isSpace(this.bytes[end])) end += 1;
    return this.bytes.subarray(this.pos, end);
  }

  /** Where the token at the position ends (the position itself when there is none). */
  tokenEnd(): number {
    let end = this.pos;
    while (end < this.bytes.length && !isSpace(this.bytes[end])) end += 1;
    return end;
  }

  /** The token at the position (empty if at whitespace or the end), without moving. */
  tokenAt(): Buffer {
    return this.bytes.subarray(this.pos, this.tokenEnd());
  }

  /** Reads the token at the position; null when there is none (whitespace or the end is next). */
  readToken(): TokenSpan | null {
    const end = this.tokenEnd();
    if (end === this.pos) return null;
    const span = { start: this.pos, end, line: this.line };
    this.pos = end;
    return span;
  }
}

/** ASCII-only case folding, like strcasecmp in the C locale. */
function foldByte(byte: number): number {
  return byte >= 0x41 && byte <= 0x5a ? byte + 0x20 : byte;
}

export function equalIgnoringCase(a: Uint8Array, b: Uint8Array): boolean {
  return sameRange(a, 0, a.length, b, 0, b.length, true);
}

/**
 * Whether a[aStart, aEnd) equals b[bStart, bEnd), optionally ignoring ASCII case. Works on offsets
 * because cutting a Buffer view per token costs more than comparing short tokens.
 */
export function sameRange(a: Uint8Array, aStart: number, aEnd: number, b: Uint8Array, bStart: number, bEnd: number, ignoreCase: boolean): boolean {
  if (aEnd - aStart !== bEnd - bStart) return false;
  for (let i = aStart, j = bStart; i < aEnd; i++, j++) {
    if (a[i] !== b[j] && (!ignoreCase || foldByte(a[i]) !== foldByte(b[j]))) return false;
  }
  return true;
}
