/**
 * The ICPC default output validator, run in-process. The answer is streamed (it may be a large
 * file, and a token may be split across chunks); the output is already in memory.
 *
 * Whitespace is space, \t, \n, \v, \f and \r, so in the normal mode a CRLF output equals an LF
 * answer, and trailing whitespace or a missing final newline never matter. With
 * space_change_sensitive every whitespace byte must match, including the leading and trailing
 * runs: there a missing final newline or a CRLF line ending IS a difference. Tokens are compared
 * as whole byte strings, NUL bytes included (a C strcmp would stop at the first NUL and could
 * accept "1\0junk" for "1"; here it is a wrong answer).
 */
import { createReadStream } from 'node:fs';
import { OutputCursor, isSpace, sameRange } from './cursor.js';
import type { DefaultValidatorFlags } from './flags.js';
import { accepted, wrongAnswer, type CheckOutcome } from './outcome.js';
import { quoteBytes } from './text.js';
import { tokenMismatch } from './token-compare.js';

const NEWLINE = 0x0a;
/** Read size for answer files. */
const FILE_CHUNK_BYTES = 1 << 16;

/** One comparison in progress: feed it the answer chunk by chunk, then call finish(). */
class Comparison {
  private readonly out: OutputCursor;
  /** Answer tokens completed so far. */
  private tokens = 0;
  private answerLine = 1;
  /** Pieces of an answer token that started in an earlier chunk. */
  private carried: Buffer[] = [];
  private inToken = false;
  private tokenLine = 1;
  failure: string | null = null;

  constructor(
    output: Buffer,
    private readonly flags: DefaultValidatorFlags,
  ) {
    this.out = new OutputCursor(output);
  }

  /** Returns false once a difference is found: the rest of the answer need not be read. */
  feed(chunk: Buffer): boolean {
    let tokenStart = 0;
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i];
      if (!isSpace(byte)) {
        if (!this.inToken) {
          this.inToken = true;
          this.tokenLine = this.answerLine;
          tokenStart = i;
        }
        continue;
      }
      if (this.inToken && !this.endToken(chunk, tokenStart, i)) return false;
      if (this.flags.spaceChangeSensitive && !this.matchSpace(byte)) return false;
      if (byte === NEWLINE) this.answerLine += 1;
    }
    // Copied: a stream may reuse the chunk's memory for the next read.
    if (this.inToken) this.carried.push(Buffer.from(chunk.subarray(tokenStart)));
    return true;
  }

  finish(): CheckOutcome {
    if (this.failure === null && this.inToken) this.endToken(Buffer.alloc(0), 0, 0);
    if (this.failure === null) this.checkRest();
    return this.failure === null ? accepted() : wrongAnswer(this.failure);
  }

  private fail(message: string): false {
    this.failure = message;
    return false;
  }

  private where(outputLine: number): string {
    const answer = outputLine === this.tokenLine ? '' : `, answer line ${this.tokenLine}`;
    return `token ${this.tokens} (line ${outputLine}${answer})`;
  }

  /** The answer token ends at chunk[end]; it began at chunk[start], or earlier when pieces were carried. */
  private endToken(chunk: Buffer, start: number, end: number): boolean {
    let source = chunk;
    if (this.carried.length > 0) {
      source = Buffer.concat([...this.carried, chunk.subarray(start, end)]);
      [start, end] = [0, source.length];
      this.carried = [];
    }
    this.inToken = false;
    this.tokens += 1;
    if (this.flags.spaceChangeSensitive && this.out.atSpace()) {
      const extra = quoteBytes(this.out.spaceRun());
      const expected = quoteBytes(source.subarray(start, end));
      return this.fail(`${this.where(this.out.line)}: expected ${expected}, got extra whitespace ${extra}`);
    }
    if (!this.flags.spaceChangeSensitive) this.out.skipSpace();
    const span = this.out.readToken();
    if (span === null) return this.fail(this.endedEarly(source.subarray(start, end)));
    // Equal bytes pass under every flag (as numbers too), so most tokens are settled without slicing.
    const bytes = this.out.bytes;
    if (sameRange(source, start, end, bytes, span.start, span.end, !this.flags.caseSensitive)) return true;
    const problem = tokenMismatch(source.subarray(start, end), bytes.subarray(span.start, span.end), this.flags);
    return problem === null ? true : this.fail(`${this.where(span.line)}: ${problem}`);
  }

  private endedEarly(expected: Buffer): string {
    if (this.tokens === 1 && this.out.bytes.length === 0) return `output is empty: expected ${quoteBytes(expected)}`;
    if (this.tokens === 1) return `output has no tokens, only whitespace: expected ${quoteBytes(expected)}`;
    return `output ends early: expected ${quoteBytes(expected)} at token ${this.tokens} (answer line ${this.tokenLine})`;
  }

  /** space_change_sensitive: the answer's whitespace byte must be the output's next byte. */
  private matchSpace(byte: number): boolean {
    const got = this.out.peek();
    if (got === byte) {
      this.out.advance();
      return true;
    }
    const place = `line ${this.out.line}, after token ${this.tokens}`;
    const want = quoteBytes(Buffer.of(byte));
    if (got === -1) return this.fail(`${place}: output ends early: expected whitespace ${want}`);
    const shown = isSpace(got) ? quoteBytes(Buffer.of(got)) : quoteBytes(this.out.tokenAt());
    return this.fail(`${place}: whitespace differs: expected ${want}, got ${shown}`);
  }

  /** After the last answer token: the output may hold nothing more than (matching) whitespace. */
  private checkRest(): void {
    if (this.flags.spaceChangeSensitive && this.out.atSpace()) {
      this.fail(`line ${this.out.line}: extra whitespace at the end of the output: ${quoteBytes(this.out.spaceRun())}`);
      return;
    }
    this.out.skipSpace();
    const extra = this.out.tokenAt();
    if (extra.length > 0) this.fail(`extra output after the answer: ${quoteBytes(extra)} (line ${this.out.line})`);
  }
}

function asBuffer(chunk: Uint8Array | string): Buffer {
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
}

/** The default validator on an answer that is already in memory. */
export function compareDefaultSync(answer: Uint8Array, output: Uint8Array, flags: DefaultValidatorFlags): CheckOutcome {
  const comparison = new Comparison(asBuffer(output), flags);
  comparison.feed(asBuffer(answer));
  return comparison.finish();
}

/**
 * The default validator. `answer` is the whole answer or its chunks in order (e.g. a file read
 * stream); reading stops at the first difference. Never throws for any bytes; a failing answer
 * stream rejects the promise.
 */
export async function compareDefault(answer: Uint8Array | AsyncIterable<Uint8Array>, output: Uint8Array, flags: DefaultValidatorFlags): Promise<CheckOutcome> {
  if (answer instanceof Uint8Array) return compareDefaultSync(answer, output, flags);
  const comparison = new Comparison(asBuffer(output), flags);
  for await (const chunk of answer) {
    if (!comparison.feed(asBuffer(chunk))) break;
  }
  return comparison.finish();
}

/** compareDefault with the answer streamed from a file; a missing or unreadable file rejects. */
export function compareDefaultWithFile(answerFile: string, output: Uint8Array, flags: DefaultValidatorFlags): Promise<CheckOutcome> {
  return compareDefault(createReadStream(answerFile, { highWaterMark: FILE_CHUNK_BYTES }), output, flags);
}
