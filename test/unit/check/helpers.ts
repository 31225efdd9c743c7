/** Test helpers: answers fed in small chunks, and a plain reference for the normal mode. */

/** Yields `bytes` in chunks of 1 to 3 bytes, the sizes following a fixed pseudo-random sequence. */
export async function* tinyChunks(bytes: Uint8Array, seed = 1): AsyncGenerator<Buffer> {
  let state = seed;
  let at = 0;
  while (at < bytes.length) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const size = 1 + (state % 3);
    yield Buffer.from(bytes.subarray(at, at + size));
    at += size;
  }
}

/** Yields fixed-size chunks. */
export async function* fixedChunks(bytes: Uint8Array, size: number): AsyncGenerator<Buffer> {
  for (let at = 0; at < bytes.length; at += size) yield Buffer.from(bytes.subarray(at, at + size));
}

export function b(text: string): Buffer {
  return Buffer.from(text, 'utf8');
}

/**
 * The normal mode written the obvious way: split on C whitespace, compare tokens ignoring ASCII
 * case. True when the output should be accepted.
 */
export function naiveAccepts(answer: string, output: string): boolean {
  const split = (s: string) => s.split(/[ \t\n\v\f\r]+/).filter((t) => t.length > 0);
  const fold = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());
  const x = split(answer);
  const y = split(output);
  return x.length === y.length && x.every((t, i) => fold(t) === fold(y[i]));
}
