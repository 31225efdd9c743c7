import path from 'node:path';
import PQueue from 'p-queue';
import type { Checker } from '../judge/checker.js';
import { prepareChecker } from '../judge/checker.js';
import { Outage } from '../judge/outage.js';
import { writableDirProbe } from '../judge/probes.js';
import { loadLanguages, type LanguageTable } from '../lang/config.js';
import type { Problem } from '../problem/types.js';
import { engineProbe } from '../sandbox/engine.js';
import { removeOwn } from '../sandbox/leftovers.js';
import { DockerSandbox, type ReusePolicy } from '../sandbox/sandbox.js';
import type { Sandbox } from '../sandbox/types.js';
import { setupEngine, type Engine } from '../setup/setup.js';
import { UserError } from '../util/errors.js';

export interface Runtime {
  sandbox: Sandbox;
  cacheDir: string;
  queue: PQueue;
  checkerFor(problem: Problem): Promise<Checker>;
  engine: Engine;
  languages: LanguageTable;
  /** The infrastructure's state: judgings wait out an outage through it. */
  outage: Outage;
  ready(): Promise<void>;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  /** Called on Ctrl-C or a kill, before the containers are removed. */
  onInterrupt?: () => void;
  reuse?: ReusePolicy;
  /**
   * Containers kept started ahead of need per (image, limits, CPU). A command that judges one
   * submission and exits has no next owner to start them for: 0.
   */
  spares?: number;
}

/** Where compiled programs and checkers are kept between runs. */
export function cacheDir(): string {
  return process.env.ZUKO_CACHE ?? path.join(process.cwd(), '.zuko', 'cache');
}

/** How long an outage may last before a batch gives up: `ZUKO_OUTAGE_LIMIT` seconds, default 10 minutes. */
export function outageLimitMs(): number {
  const env = process.env.ZUKO_OUTAGE_LIMIT;
  if (env === undefined || env === '') return 600_000;
  const seconds = Number(env);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new UserError(`ZUKO_OUTAGE_LIMIT: '${env}' is not a positive number of seconds (e.g. 600)`);
  return seconds * 1000;
}

/**
 * Engine, images, sandbox and queue, ready to judge. Ctrl-C or a kill removes every container
 * this process made before it exits; a harder kill leaves them to the next start's clean-up.
 */
export async function openRuntime(log: (line: string) => void, opts: RuntimeOptions = {}): Promise<Runtime> {
  const { onInterrupt, reuse, spares } = opts;
  const languages = loadLanguages();
  const limitMs = outageLimitMs();
  const engine = await setupEngine(languages, log);
  const sandbox = new DockerSandbox(engine.docker, { reuse, spares, images: engine.images, ensureImage: engine.ensureImage });
  const queue = new PQueue({ concurrency: sandbox.concurrency });
  const checkers = new Map<string, Promise<Checker>>();
  const dir = cacheDir();
  const outage = new Outage({ probes: [engineProbe(engine.docker), writableDirProbe(dir, 'compile cache')], limitMs, log });
  const runtime: Runtime = {
    engine,
    languages,
    sandbox,
    cacheDir: dir,
    queue,
    outage,
    ready: () => outage.ready(),
    checkerFor(problem: Problem) {
      let checker = checkers.get(problem.hash);
      if (!checker) {
        checker = prepareChecker({ sandbox, languages, cacheDir: dir }, problem);
        checkers.set(problem.hash, checker);
        checker.catch(() => checkers.delete(problem.hash));
      }
      return checker;
    },
    async close() {
      process.off('SIGINT', interrupt);
      process.off('SIGTERM', interrupt);
      queue.clear();
      await sandbox.close();
      // Containers of boxes lost in an engine restart could not be removed then.
      await removeOwn(engine.docker).catch(() => undefined);
    },
  };
  const interrupt = (signal: NodeJS.Signals) => {
    onInterrupt?.();
    process.stderr.write(`\nzuko-judge: ${signal}: removing sandbox containers\n`);
    queue.clear();
    void sandbox
      .close()
      .then(() => removeOwn(engine.docker))
      .finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  return runtime;
}
