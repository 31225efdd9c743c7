import { expand, type Language } from '../lang/config.js';
import type { Limits } from '../problem/types.js';
import { defaultWallMs } from '../sandbox/classify.js';
import type { RunLimits } from '../sandbox/types.js';

const MIB = 1024 * 1024;
const SCRATCH_MIB = 64;
const STDERR_BYTES = 64 * 1024;

/**
 * Per-run limits of a submission on one problem, in one place so units are converted once. The
 * program's own peak is judged against `memoryKb`; the sandbox sizes its environment from these.
 */
export function runLimits(limits: Pick<Limits, 'memoryMib' | 'outputBytes'> & { timeLimitMs: number; cpuLimitMs?: number }, lang: Language): RunLimits {
  const cpuMs = (limits.cpuLimitMs ?? limits.timeLimitMs) + lang.allowance.timeMs;
  const memoryMib = limits.memoryMib + lang.allowance.memoryMib;
  return {
    cpuMs,
    // Always from the time limit itself, so `problem check` (which stretches the CPU limit for
    // submissions that must time out) and `submit` give a sleeping program the same verdict.
    wallMs: defaultWallMs(limits.timeLimitMs + lang.allowance.timeMs),
    memoryKb: memoryMib * 1024,
    // Unlimited, as DOMjudge and problemtools run programs: a fixed stack rlimit becomes every
    // thread's stack size, so threaded programs fail to start; the memory limit bounds it anyway.
    stackKb: 0,
    outputBytes: limits.outputBytes,
    // DOMjudge judges time before output: output past the limit is discarded while the program
    // runs on, so one still running when its time is up is TLE, not OLE.
    stopAtOutputLimit: false,
    stderrBytes: STDERR_BYTES,
    fileBytes: SCRATCH_MIB * MIB,
    processes: lang.pids,
    scratchBytes: SCRATCH_MIB * MIB,
  };
}

export function compileLimits(lang: Language): RunLimits {
  const c = lang.compileLimits;
  const scratchBytes = 256 * MIB;
  return {
    cpuMs: c.time_s * 1000,
    wallMs: defaultWallMs(c.time_s * 1000),
    memoryKb: c.memory_mib * 1024,
    stackKb: 0,
    outputBytes: c.output_kib * 1024,
    stderrBytes: c.output_kib * 1024,
    fileBytes: scratchBytes,
    processes: c.pids,
    scratchBytes,
  };
}

/** Checkers are trusted code but still sandboxed; they get generous fixed limits. */
export const CHECKER_LIMITS: RunLimits = {
  cpuMs: 20_000,
  wallMs: 40_000,
  memoryKb: 1024 * 1024,
  stackKb: 1024 * 1024,
  outputBytes: 64 * 1024,
  stderrBytes: 64 * 1024,
  fileBytes: 64 * MIB,
  processes: 64,
  scratchBytes: 512 * MIB,
};

/** The language's run command with the problem's memory filled in (a JVM's -Xmx, a stack size). */
export function runArgv(run: readonly string[], memoryMib: number): string[] {
  return run.map((a) => expand(a, { memory_mib: memoryMib, stack_mib: memoryMib }));
}

/**
 * A time limit derived from the slowest accepted CPU time, and the CPU limit under which
 * time-limit submissions must still time out. Legacy packages round as problemtools does (to
 * whole seconds, at least 1 s; the margin limit at least 1 s above); the current spec multiplies by
 * ac_to_time_limit and rounds up to time_resolution.
 */
export function deriveTimeLimit(limits: Pick<Limits, 'legacy' | 'timeMultiplier' | 'timeResolutionMs' | 'timeSafetyMargin'>, slowestMs: number): number {
  const exact = Math.max(slowestMs, 1) * limits.timeMultiplier;
  if (limits.legacy) return Math.max(1000, Math.round(exact / 1000) * 1000);
  return Math.max(limits.timeResolutionMs, Math.ceil(exact / limits.timeResolutionMs) * limits.timeResolutionMs);
}

export function tleCheckLimit(limits: Pick<Limits, 'legacy' | 'timeSafetyMargin'>, timeLimitMs: number): number {
  const stretched = Math.round(timeLimitMs * limits.timeSafetyMargin);
  return limits.legacy ? Math.max(timeLimitMs + 1000, Math.round(stretched / 1000) * 1000) : stretched;
}
