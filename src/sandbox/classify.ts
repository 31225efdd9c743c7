import type { LimitHit, RunFacts, RunLimits, RunStatus } from './types.js';

/**
 * Turns raw measurements into an outcome. The order matters and follows the field's practice:
 * a stop at the memory limit, or an OOM kill, is the cause of death whatever else happened; a memory peak over the limit comes
 * next (faulting in a huge block under the memory cgroup's reclaim can use up the CPU limit before
 * the kill comes, and that is still a memory verdict); then time; then output; then the exit status.
 */
export function classify(facts: RunFacts, limits: RunLimits): { status: RunStatus; limitHit: LimitHit | null } {
  const cpuMs = facts.cpuUs / 1000;
  const wallMs = facts.wallUs / 1000;
  if (facts.killedBy === 'memory') return { status: 'MEMORY_LIMIT', limitHit: 'memory' };
  if ((facts.oomKills ?? 0) > 0 && facts.killedBy === 'none') return { status: 'MEMORY_LIMIT', limitHit: 'memory' };
  if (facts.memoryKb > limits.memoryKb) return { status: 'MEMORY_LIMIT', limitHit: 'memory' };
  if (facts.killedBy === 'cpu' || cpuMs > limits.cpuMs) return { status: 'TIMEOUT', limitHit: 'cpu' };
  if (facts.killedBy === 'wall' || wallMs > limits.wallMs) return { status: 'TIMEOUT', limitHit: 'wall' };
  if (facts.killedBy === 'output' || facts.stdoutTotal > limits.outputBytes) return { status: 'OUTPUT_LIMIT', limitHit: 'output' };
  if (facts.signal !== null || facts.exitCode !== 0) return { status: 'RUNTIME_ERROR', limitHit: null };
  return { status: 'OK', limitHit: null };
}

/** The contest norm for a wall-clock limit when none is given: max(2 × CPU, CPU + 1 s). */
export function defaultWallMs(cpuMs: number): number {
  return Math.max(2 * cpuMs, cpuMs + 1000);
}
