import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { packageRoot } from '../util/paths.js';
import { REPORTS } from './schemas.js';

/**
 * The JSON Schema files of the `--json` reports, generated from the zod schemas the commands are
 * typed by (`npm run schemas` writes them; a test fails when they are stale).
 */
export function reportSchemaFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const [name, schema] of Object.entries(REPORTS)) {
    const json = { $id: `${name}.schema.json`, title: `zuko-judge ${name} report`, ...z.toJSONSchema(schema, { target: 'draft-2020-12' }) };
    files[`${name}.schema.json`] = `${JSON.stringify(json, null, 2)}\n`;
  }
  return files;
}

export function schemasDir(): string {
  return path.join(packageRoot(), 'schemas');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  mkdirSync(schemasDir(), { recursive: true });
  for (const [name, text] of Object.entries(reportSchemaFiles())) writeFileSync(path.join(schemasDir(), name), text);
  process.stdout.write(`wrote ${Object.keys(REPORTS).length} schemas to ${schemasDir()}\n`);
}
