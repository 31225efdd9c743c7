import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../util/errors.js';

/** Where problem names are looked up: `ZUKO_PROBLEMS`, else ./problems. */
export function problemsDir(): string {
  return path.resolve(process.env.ZUKO_PROBLEMS ?? 'problems');
}

/** A package directory given as a path, or a name under the problems directory. */
export function resolveProblemDir(arg: string): string {
  const direct = path.resolve(arg);
  if (isDir(direct)) return direct;
  const named = path.join(problemsDir(), arg);
  if (!arg.includes('/') && isDir(named)) return named;
  throw new UserError(`unknown problem '${arg}': no package directory ${arg} or ${named}`);
}

function isDir(p: string): boolean {
  return existsSync(p) && statSync(p).isDirectory();
}
