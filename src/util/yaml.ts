import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { UserError } from './errors.js';

/** Reads a YAML file; an unreadable or malformed file is a one-line error naming it. */
export function readYaml(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw UserError.at(file, undefined, code === 'ENOENT' ? 'no such file' : `cannot read: ${(err as Error).message}`);
  }
  try {
    return parse(text);
  } catch (err) {
    throw UserError.at(file, undefined, `not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
}
