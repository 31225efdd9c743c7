import { judgeVersion } from '../util/version.js';
import { checkExposure, loadServeConfig, ServeConfigSchema, type ServeConfig } from '../serve/config.js';
import { UserError } from '../util/errors.js';
import { createMetrics } from '../serve/metrics.js';
import { startService } from '../serve/service.js';
import { openServeStore } from '../store/serve.js';
import { info } from './output.js';
import { openQueue, queueUrl } from './queued.js';
import { openRuntime } from './runtime.js';
import { dbLocation, openWriterStore } from './session.js';

export interface ServeOptions {
  host?: string;
  port?: number;
  config?: string;
  public?: boolean;
  db?: string;
}

/** `serve`: the HTTP service, until SIGINT or SIGTERM. */
export async function serveCommand(opts: ServeOptions): Promise<void> {
  const file = loadServeConfig(opts.config);
  const config = withFlags(file, opts);
  const warning = checkExposure(config, opts.public ?? false);
  if (warning) info(`warning: ${warning}`);
  const db = dbLocation(opts.db ?? config.db);
  // The server judges too: on a SQLite file it holds the writer lease while it runs.
  const store = await openWriterStore(db);
  const serveStore = await openServeStore(db);
  let stopJobs = () => {};
  // Anonymous executions pass containers on after their verified clean-up: a container start per
  // request would cap the service at a few requests a second (npm run bench shows both policies).
  const runtime = await openRuntime(info, { onInterrupt: () => stopJobs(), reuse: 'verified' });
  const url = queueUrl(opts.db ?? config.db);
  const judgingQueue = url ? await openQueue(url) : null;
  const service = await startService({ config, runtime, store, serveStore, metrics: createMetrics(), judgeVersion: judgeVersion(), judgingQueue, log: info });
  stopJobs = () => service.stopJobs();
  info(`zuko-judge serve: listening on ${service.url} (OpenAPI at ${service.url}/docs)`);
}

/** The flags over the file's settings, checked like them. */
function withFlags(file: ServeConfig, opts: ServeOptions): ServeConfig {
  const parsed = ServeConfigSchema.safeParse({ ...file, host: opts.host ?? file.host, port: opts.port ?? file.port });
  if (!parsed.success) throw new UserError(`--port/--host: ${parsed.error.issues[0].message}`);
  return parsed.data;
}
