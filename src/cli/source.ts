import { readFileSync, statSync } from 'node:fs';
import { UserError } from '../util/errors.js';

/** A submission's source, checked once: it exists, is a file, and is within the size limit. */
export function readSource(file: string, limitBytes: number): Buffer {
  let size: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new UserError(`${file}: not a file`);
    size = st.size;
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new UserError(`${file}: no such file`);
  }
  if (size > limitBytes) throw new UserError(`${file}: source is ${Math.ceil(size / 1024)} KiB, over the ${limitBytes / 1024} KiB limit`);
  return readFileSync(file);
}
