#!/usr/bin/env node
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { UserError, errorMessage } from '../util/errors.js';
import { DB_OPTION } from './options.js';

/**
 * A command's action, loaded when that command runs: every start-up pays only for the command it
 * runs (the server's framework, the queue's client and the engine's client are heavy to load).
 */
// biome-ignore lint/suspicious/noExplicitAny: commander passes each action its own argument list.
function lazy<M extends Record<K, (...args: any[]) => unknown>, K extends keyof M>(load: () => Promise<M>, name: K) {
  return async (...args: Parameters<M[K]>): Promise<void> => {
    await (await load())[name](...args);
  };
}

export function positiveNumber(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`${name} must be a positive number`);
    return n;
  };
}

/** Exit status of bad input: a bad option value, a missing argument, a broken file. */
export const USAGE_EXIT = 2;

export function buildProgram(): Command {
  const program = new Command('zuko-judge').description('batch contest judge');
  // Set before the commands are added, so each inherits them: commander's own errors (unknown
  // option, missing argument, bad value) end in one line and exit 2 like every other bad input.
  program
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(`zuko-judge: ${text.replace(/^error: /, '')}`) })
    .showSuggestionAfterError()
    .option('-V, --version', 'print the versions of zuko-judge, the Docker engine and the language images');

  program
    .command('setup')
    .description("check the Docker engine (installing and starting it where possible) and build the default languages' images")
    .option('--postgres', 'also a local PostgreSQL server (installed and started where possible) with a database for --db')
    .action(lazy(() => import('./setup-command.js'), 'setupCommand'));

  program
    .command('run <file>')
    .description('compile if needed and run a program once in the sandbox')
    .option('--lang <id>', 'language id (default: from the file extension)')
    .option('--stdin <file>', 'file to feed on standard input')
    .option('--time-limit <seconds>', 'CPU time limit', positiveNumber('--time-limit'), 2)
    .option('--memory-limit <MiB>', 'memory limit', positiveNumber('--memory-limit'), 256)
    .option('--json', 'print one JSON object')
    .action(lazy(() => import('./run-command.js'), 'runCommand'));

  program
    .command('submit <problem> <source>')
    .description('judge one submission (a file, or a folder of files) end to end and store the result')
    .option('--lang <id>', 'language id (default: from the file extension)')
    .option('--entry <file>', 'the file that starts a multi-file submission')
    .option('--team <id>', 'team the submission belongs to')
    .option('--contest <contest>', 'contest file or id; <problem> may then be a problem label')
    .option('--time <time>', 'with --contest: the contest time of the submission (90m, 1:30:00, or a timestamp; default: now)')
    .option(...DB_OPTION)
    .option('--json', 'print one JSON object')
    .action(lazy(() => import('./submit-command.js'), 'submitCommand'));

  program
    .command('results <submission>')
    .description("show a submission's stored judging")
    .option('--history', 'every judging of the submission, oldest first')
    .option(...DB_OPTION)
    .option('--json', 'print JSON')
    .action(lazy(() => import('./results-command.js'), 'resultsCommand'));

  program
    .command('languages')
    .description('list every language, its version, and whether its image is built')
    .option('--json', 'print JSON')
    .action(lazy(() => import('./languages-command.js'), 'languagesCommand'));

  program
    .command('problem')
    .description('problem package tools')
    .command('check <dirs...>')
    .description('load packages, validate their inputs, build their checkers and judge their example submissions against what is expected')
    .option(...DB_OPTION)
    .option('--json', 'print JSON')
    .action(lazy(() => import('./problem-command.js'), 'problemCheckCommand'));

  program
    .command('import <contest> <source>')
    .description("store and judge a contest's submissions: a folder <team>/<label>/<file>, or a CSV/JSON manifest")
    .option('--clamp', 'move submissions timed before the start or after the end of the contest to the start or end (default: refuse the import)')
    .option(...DB_OPTION)
    .option('--enqueue-only', 'store and queue them for the workers, judge nothing here (PostgreSQL only)')
    .option('--json', 'print one JSON object')
    .action(lazy(() => import('./import-command.js'), 'importCommand'));

  const collect = (value: string, previous: string[] = []) => [...previous, value];
  program
    .command('rejudge')
    .description('judge stored submissions again and report verdict changes; a killed rejudge continues when run again')
    .option('--all', 'every submission in the database')
    .option('--contest <contest>', 'only this contest (file or id)')
    .option('--problem <problem>', 'only this problem: id, or with --contest a label (repeatable)', collect)
    .option('--verdict <v>', 'only submissions whose current verdict is this (repeatable)', collect)
    .option('--submission <id>', 'only this submission (repeatable)', collect)
    .option('--changed-only', 'only submissions whose problem package or image changed since their current judging')
    .option('--fail-on-change', `exit with status 3 when a verdict changed`)
    .option(...DB_OPTION)
    .option('--enqueue-only', 'create the batch and queue it for the workers, judge nothing here (PostgreSQL only)')
    .option('--json', 'print one JSON object')
    .action(lazy(() => import('./rejudge-command.js'), 'rejudgeCommand'));

  program
    .command('worker')
    .description("judge work from the PostgreSQL job queue with this host's Docker engine, one job per CPU and one more")
    .option('--until-idle', 'exit once no job is left that this worker could take')
    .option('--db <url>', 'PostgreSQL URL (default: $ZUKO_DB)')
    .option('--json', 'print a summary as JSON at the end')
    .action(lazy(() => import('./worker-command.js'), 'workerCommand'));

  program
    .command('workers')
    .description('list the judge workers of the queue: status, last heartbeat, what each is judging')
    .option('--db <url>', 'PostgreSQL URL (default: $ZUKO_DB)')
    .option('--json', 'print JSON')
    .action(lazy(() => import('./worker-command.js'), 'workersCommand'));

  program
    .command('scoreboard <contest>')
    .description('the contest scoreboard from the stored judgings')
    .option('--format <format>', 'table, csv, json (CLICS) or html', 'table')
    .option('--out <file>', 'write to this file instead of stdout')
    .option('--at <time>', 'the board as it stood at this contest time (90m, 1:30:00) or timestamp')
    .option('--unfrozen', 'include results from the freeze period')
    .option(...DB_OPTION)
    .action(lazy(() => import('./scoreboard-command.js'), 'scoreboardCommand'));

  program
    .command('serve')
    .description('the code-execution and judging HTTP service (Zuko, Judge0 and Piston dialects)')
    .option('--host <host>', 'address to listen on (default 127.0.0.1)')
    .option('--port <port>', 'port (default 2358; 0 picks a free one)', Number)
    .option('--config <file>', 'YAML file of limits, quotas and API keys')
    .option('--public', 'listen beyond loopback without API keys: anyone who reaches it can run code')
    .option(...DB_OPTION)
    .action(lazy(() => import('./serve-command.js'), 'serveCommand'));

  return program;
}

/**
 * A command given nothing at all, when it needs arguments or a subcommand, can only be asking how
 * to use it: its help, exit 0. Returns that command, or null when the arguments go to parsing.
 */
export function bareCommand(program: Command, args: string[]): Command | null {
  let command = program;
  let rest = args;
  for (;;) {
    const sub = command.commands.find((c) => c.name() === rest[0] || c.aliases().includes(rest[0]));
    if (!sub) break;
    command = sub;
    rest = rest.slice(1);
  }
  if (rest.length) return null;
  const needsMore = command.commands.length > 0 || command.registeredArguments.some((a) => a.required);
  return needsMore ? command : null;
}

async function main(): Promise<void> {
  const program = buildProgram();
  const args = process.argv.slice(2);
  try {
    if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) return await (await import('./version-command.js')).printVersion();
    const bare = bareCommand(program, args);
    if (bare) return bare.help();
    await program.parseAsync(process.argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and the like exit 0; every usage error exits 2, its line already written.
      process.exit(err.exitCode === 0 ? 0 : USAGE_EXIT);
    }
    // Bad input (exit 2) and failures of the judge itself (exit 1) end in one line each;
    // ZUKO_DEBUG=1 adds the stack for the latter.
    const user = err instanceof UserError;
    for (const line of user && err.issues.length ? err.message.split('\n') : [errorMessage(err)]) process.stderr.write(`zuko-judge: ${line}\n`);
    if (!user && process.env.ZUKO_DEBUG) process.stderr.write(`${(err as Error).stack ?? ''}\n`);
    process.exit(user ? USAGE_EXIT : 1);
  }
}

await main();
