#!/usr/bin/env node
import { Command, InvalidArgumentError } from 'commander';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadLanguages } from '../lang/config.js';
import { setupEngine } from '../sandbox/setup.js';
import { UserError } from '../util/errors.js';
import { packageRoot } from '../util/paths.js';
import { info } from './output.js';
import { runCommand } from './run-command.js';

function version(): string {
  return (JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

export function positiveNumber(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`${name} must be a positive number`);
    return n;
  };
}

export function buildProgram(): Command {
  const program = new Command('zuko-judge').description('batch contest judge').version(version());

  program
    .command('setup')
    .description('check the Docker engine (installing and starting it where possible) and build the language images')
    .action(async () => {
      await setupEngine(loadLanguages(), info);
      info('setup: engine reachable, images up to date');
    });

  program
    .command('run <file>')
    .description('compile if needed and run a program once in the sandbox')
    .option('--lang <id>', 'language id (default: from the file extension)')
    .option('--stdin <file>', 'file to feed on standard input')
    .option('--time-limit <seconds>', 'CPU time limit', positiveNumber('--time-limit'), 2)
    .option('--memory-limit <MiB>', 'memory limit', positiveNumber('--memory-limit'), 256)
    .option('--json', 'print one JSON object')
    .action(runCommand);

  return program;
}

async function main(): Promise<void> {
  try {
    await buildProgram().parseAsync(process.argv);
  } catch (err) {
    if (err instanceof UserError) {
      process.stderr.write(`zuko-judge: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
}

await main();
