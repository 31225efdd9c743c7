import { readFileSync } from 'node:fs';
import os from 'node:os';

/**
 * Who a process is, in a form that outlives it: the machine's boot, its pid, and when it started.
 * A pid alone is reused (after a reboot, or in a container that starts the same way each time);
 * with the boot id and the start time it names one process only.
 */
export interface ProcessId {
  bootId: string;
  pid: number;
  /** Start time in clock ticks since boot (/proc/<pid>/stat), or '' where /proc cannot tell. */
  started: string;
}

export function bootId(): string {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return os.hostname();
  }
}

/** Field 22 of /proc/<pid>/stat; the command name before it may hold spaces and parentheses. */
function startTicks(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

export function thisProcess(): ProcessId {
  return { bootId: bootId(), pid: process.pid, started: startTicks(process.pid) ?? '' };
}

/** Whether that process still runs: same boot, its pid alive, and (where /proc tells) the same start. */
export function processAlive(id: Pick<ProcessId, 'bootId' | 'pid'> & { started?: string }): boolean {
  if (id.bootId !== bootId() || !Number.isInteger(id.pid) || id.pid <= 0) return false;
  try {
    process.kill(id.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const started = startTicks(id.pid);
  return !id.started || started === null || started === id.started;
}
