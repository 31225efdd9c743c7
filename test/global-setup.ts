import { execFileSync } from 'node:child_process';
import { builtHash, sourceHash } from '../scripts/source-hash.mjs';
import { setupPostgres } from '../src/cli/setup-postgres.js';
import { connect, engineReachable } from '../src/sandbox/engine.js';

/**
 * Tests that start the CLI or the server run dist/: built here when it was not built from the
 * sources as they are now, so a change is never tested through a stale build.
 */
function ensureBuilt(): void {
  if (builtHash() === sourceHash()) return;
  process.stderr.write('dist/ was not built from the current sources: npm run build\n');
  execFileSync('npm', ['run', '-s', 'build'], { stdio: 'inherit' });
  if (builtHash() !== sourceHash()) throw new Error('npm run build did not bring dist/ up to date with src/');
}

/**
 * Integration tests need the real engine and a real PostgreSQL server. `npm test` runs
 * `zuko-judge setup --postgres` first, which installs and starts both where it can; the server is
 * prepared here too (quick when it is up), so a single test file runs on its own. If either is
 * still unreachable, the run fails with the reason instead of skipping anything.
 */
export default async function setup(): Promise<void> {
  ensureBuilt();
  const problem = await engineReachable(connect());
  if (problem) throw new Error(`Docker engine unreachable: ${problem}. Run 'node dist/cli/main.js setup' (as root, or a member of the docker group).`);
  // A server of one's own (ZUKO_TEST_POSTGRES) is used as it is.
  if (!process.env.ZUKO_TEST_POSTGRES) await setupPostgres((line) => process.stderr.write(`${line}\n`));
}
