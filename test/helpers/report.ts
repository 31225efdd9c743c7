import { Ajv2020 } from 'ajv/dist/2020.js';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { CliResult } from './zuko.js';

const ajv = new Ajv2020({ allErrors: true, strict: false });
const schemaDir = path.resolve('schemas');
for (const file of readdirSync(schemaDir).filter((f) => f.endsWith('.schema.json'))) {
  ajv.addSchema(JSON.parse(readFileSync(path.join(schemaDir, file), 'utf8')) as object, file);
}

/** The one JSON object on stdout, valid against schemas/<schema>.schema.json. */
export function report<T = Record<string, unknown>>(r: CliResult, schema: string): T {
  const value: unknown = JSON.parse(r.stdout);
  const validate = ajv.getSchema(`${schema}.schema.json`)!;
  expect(validate(value), JSON.stringify(validate.errors)).toBe(true);
  return value as T;
}
