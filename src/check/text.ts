/**
 * Rendering of untrusted bytes (a program's output, a checker's message) for one-line messages:
 * whitespace and control bytes become visible escapes, invalid UTF-8 shows as \xNN, long text is cut.
 */

/** Longest token shown in a message, in characters. */
export const TOKEN_SHOW_LIMIT = 40;
/** Longest checker message kept in an outcome, in characters. */
export const MESSAGE_LIMIT = 200;

const NAMED_ESCAPES: Record<number, string> = {
  0x09: '\\t',
  0x0a: '\\n',
  0x0b: '\\v',
  0x0c: '\\f',
  0x0d: '\\r',
  0x22: '\\"',
  0x5c: '\\\\',
};

function hexByte(byte: number): string {
  return `\\x${byte.toString(16).padStart(2, '0')}`;
}

/** Length of the UTF-8 sequence a lead byte announces, 0 for a byte that cannot start one. */
function sequenceLength(lead: number): number {
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/** Characters that print as nothing or as a plain space, which would hide a difference. */
function isInvisible(code: number): boolean {
  return code === 0xa0 || (code >= 0x2000 && code <= 0x200f) || code === 0x2028 || code === 0x2029 || code === 0xfeff;
}

/** Decodes one well-formed UTF-8 character at `at`, or returns null (truncated, overlong, surrogate, ...). */
function decodeChar(bytes: Uint8Array, at: number): { char: string; size: number } | null {
  const size = sequenceLength(bytes[at]);
  if (size === 0 || at + size > bytes.length) return null;
  let code = bytes[at] & (0xff >> (size + 1));
  for (let k = 1; k < size; k++) {
    const next = bytes[at + k];
    if ((next & 0xc0) !== 0x80) return null;
    code = (code << 6) | (next & 0x3f);
  }
  const minimum = size === 2 ? 0x80 : size === 3 ? 0x800 : 0x10000;
  if (code < minimum || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return null;
  if (code < 0xa0) return null; // C1 controls stay escaped
  return { char: isInvisible(code) ? `\\u{${code.toString(16)}}` : String.fromCodePoint(code), size };
}

/**
 * Makes bytes readable on one line, at most `limit` characters of content; the rest is cut with
 * an ellipsis and (with `sizeNote`) the total byte count, so a 1 MB token stays a short message.
 * `quoted`: also escape `"` and `\` (for text shown between quotes).
 */
export function escapeBytes(bytes: Uint8Array, limit = TOKEN_SHOW_LIMIT, quoted = true, sizeNote = true): string {
  let out = '';
  let shown = 0;
  let at = 0;
  while (at < bytes.length && shown < limit) {
    const byte = bytes[at];
    const named = NAMED_ESCAPES[byte];
    if (named !== undefined && (quoted || (byte !== 0x22 && byte !== 0x5c))) {
      out += named;
      at += 1;
    } else if (byte >= 0x20 && byte < 0x7f) {
      out += String.fromCharCode(byte);
      at += 1;
    } else {
      const decoded = byte >= 0x80 ? decodeChar(bytes, at) : null;
      out += decoded ? decoded.char : hexByte(byte);
      at += decoded ? decoded.size : 1;
    }
    shown += 1;
  }
  if (at >= bytes.length) return out;
  return sizeNote ? `${out}…(${bytes.length} bytes)` : `${out}…`;
}

/** A token in double quotes, escaped and cut as by escapeBytes. */
export function quoteBytes(bytes: Uint8Array, limit = TOKEN_SHOW_LIMIT): string {
  return `"${escapeBytes(bytes, limit)}"`;
}

/** quoteBytes for text already in a string (its UTF-8 bytes are rendered). */
export function quoteText(text: string, limit = TOKEN_SHOW_LIMIT): string {
  return quoteBytes(Buffer.from(text, 'utf8'), limit);
}

/**
 * A checker's free-form text as one line: blank lines dropped, the others trimmed and joined with
 * " / ", control characters escaped, capped at `limit` characters.
 */
export function oneLine(text: string, limit = MESSAGE_LIMIT): string {
  const lines = text
    .split(/\r?\n|\r/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  const joined = lines.join(' / ').replace(/[\x00-\x08\x0b-\x1f\x7f]/g, (c) => hexByte(c.charCodeAt(0)));
  const chars = Array.from(joined);
  return chars.length > limit ? `${chars.slice(0, limit - 1).join('')}…` : joined;
}

/** A number for a message: three significant digits, exponent form when very small or large. */
export function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude < 1e-4 || magnitude >= 1e7) {
    return value
      .toExponential(2)
      .replace(/\.?0+e/, 'e')
      .replace('e+', 'e');
  }
  return String(Number(value.toPrecision(3)));
}
