import { readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { bootId, processAlive } from '../util/process.js';

/**
 * Every container we create carries the boot id and pid of the judge that made it, so the next
 * judge to start can tell leftovers of a killed judge from containers another live judge still uses.
 */
export const OWNER_LABEL = 'zuko-judge.owner';

/**
 * `<boot id>/<pid>/<host name>`. The host name tells judges in containers of their own apart: on
 * one engine they share the boot id, and each may be pid 1 of its own pid namespace. It comes
 * last, so a judge that knows only `<boot id>/<pid>` still reads the label as it always did.
 */
export function ownerLabels(): Record<string, string> {
  return { [OWNER_LABEL]: `${bootId()}/${process.pid}/${os.hostname()}` };
}

function ownerAlive(owner: string): boolean {
  const [boot, pid, host = os.hostname()] = owner.split('/');
  // Another container's judge (same boot, its own pids): not ours to look up, so it is left alone.
  if (boot === bootId() && host !== os.hostname()) return true;
  return processAlive({ bootId: boot, pid: Number(pid) });
}

/** Removes containers and temp dirs left by judges that are no longer running. Returns how many containers. */
export async function cleanLeftovers(docker: Docker): Promise<number> {
  const containers = await docker.listContainers({ all: true, filters: { label: [OWNER_LABEL] } });
  const stale = containers.filter((c) => !ownerAlive(c.Labels[OWNER_LABEL] ?? ''));
  await Promise.all(
    stale.map((c) =>
      docker
        .getContainer(c.Id)
        .remove({ force: true })
        .catch(() => undefined),
    ),
  );
  cleanTempDirs();
  return stale.length;
}

/** Our temp dirs are named zuko-judge-*; one untouched for an hour belongs to a dead judge. */
function cleanTempDirs(): void {
  const tmp = os.tmpdir();
  for (const name of readdirSync(tmp)) {
    if (!name.startsWith('zuko-judge-')) continue;
    const full = path.join(tmp, name);
    try {
      if (Date.now() - statSync(full).mtimeMs > 3600_000) rmSync(full, { recursive: true, force: true });
    } catch {
      // Gone already, or not ours to remove.
    }
  }
}

/** Removes this process's own containers (used on exit and on Ctrl-C). */
export async function removeOwn(docker: Docker): Promise<void> {
  const mine = ownerLabels()[OWNER_LABEL];
  const containers = await docker.listContainers({ all: true, filters: { label: [`${OWNER_LABEL}=${mine}`] } });
  await Promise.all(
    containers.map((c) =>
      docker
        .getContainer(c.Id)
        .remove({ force: true })
        .catch(() => undefined),
    ),
  );
}
