/**
 * `npm run conformance`: judges every example submission of the conformance packages (DOMjudge's
 * example problems and scoring problems, problemtools' examples) through `problem check` and
 * `submit`, from temporary copies, and prints per source how many agree with their authors.
 * Exit status 1 on any disagreement that is not a listed known difference, on a known difference
 * that agrees now, or when judging changed a package.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { printJson } from '../cli/output.js';
import { packageRoot } from '../util/paths.js';
import { printReport, summarize } from './report.js';
import { runConformance } from './run.js';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      json: { type: 'boolean', default: false },
      root: { type: 'string', default: process.env.ZUKO_CONFORMANCE ?? path.join(packageRoot(), '..', 'shared', 'conformance') },
      only: { type: 'string', multiple: true, default: [] },
      languages: { type: 'string', default: '' },
    },
  });
  const run = await runConformance({ root: values.root!, only: values.only!, languages: values.languages ? values.languages.split(',') : [] });
  if (values.json)
    printJson({
      ok: run.ok,
      seconds: Math.round(run.seconds),
      summary: summarize(run.rows),
      packages: run.packages.map(({ units: _u, ...p }) => p),
      units: run.rows,
      stale: run.stale,
    });
  else printReport(run.packages, run.rows, run.stale, run.seconds, (line) => console.log(line));
  if (!run.ok) process.exitCode = 1;
}

await main();
