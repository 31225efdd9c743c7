import { connect, engineReachable } from '../src/sandbox/engine.js';

/**
 * Integration tests need the real engine. `npm test` runs `zuko-judge setup` first, which
 * installs and starts it where it can; if it is still unreachable here, the run fails with the
 * reason instead of skipping anything.
 */
export default async function setup(): Promise<void> {
  const problem = await engineReachable(connect());
  if (problem) throw new Error(`Docker engine unreachable: ${problem}. Run 'node dist/cli/main.js setup' (as root, or a member of the docker group).`);
}
