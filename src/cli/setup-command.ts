import { loadLanguages } from '../lang/config.js';
import { setupEngine } from '../setup/setup.js';
import { info } from './output.js';
import { setupPostgres } from './setup-postgres.js';

/** `setup`: the engine and the default languages' images, and with --postgres a local database. */
export async function setupCommand(opts: { postgres?: boolean }): Promise<void> {
  await setupEngine(loadLanguages(), info);
  info('setup: engine reachable, images up to date');
  if (!opts.postgres) return;
  const url = await setupPostgres(info);
  info(`setup: PostgreSQL ready; --db ${url}`);
}
