import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { errorMessage } from '../util/errors.js';
import type { Probe } from './outage.js';

/** Room for a typical compiled program: a probe that writes less would pass on a disk still too full. */
const PROBE_BYTES = 256 * 1024;

/** Null while `dir` takes a file of a few hundred KiB, else why not (full disk, read-only, gone). */
export function writableDirProbe(dir: string, what: string): Probe {
  return async () => {
    const file = path.join(dir, `.probe-${process.pid}`);
    try {
      mkdirSync(dir, { recursive: true });
      writeFileSync(file, Buffer.alloc(PROBE_BYTES));
      return null;
    } catch (err) {
      return `${what} ${dir} cannot be written (${errorMessage(err)})`;
    } finally {
      rmSync(file, { force: true });
    }
  };
}
