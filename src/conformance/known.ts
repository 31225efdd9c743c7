import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { UserError } from '../util/errors.js';
import { packageRoot } from '../util/paths.js';
import { readYaml } from '../util/yaml.js';
import { zodIssues } from '../util/zod.js';

/** Unit key → why it is right for that unit to disagree. */
const KnownSchema = z.record(z.string(), z.string().min(10, 'give the reason in a sentence')).nullable();

export function knownDifferences(file = path.join(packageRoot(), 'conformance', 'known-differences.yaml')): Map<string, string> {
  if (!existsSync(file)) return new Map();
  const parsed = KnownSchema.safeParse(readYaml(file));
  if (!parsed.success) throw new UserError(zodIssues(file, parsed.error));
  return new Map(Object.entries(parsed.data ?? {}));
}
