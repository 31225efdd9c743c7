import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limits, PROFILE, testSandbox } from '../helpers/runtime.js';

const t = testSandbox();
const gcc = t.images.gcc;
const sh = (script: string, l = limits(), stdin?: string) =>
  t.sandbox.runInContainer(gcc, PROFILE, { argv: ['sh', '-c', script], stdin: stdin === undefined ? undefined : Buffer.from(stdin), limits: l });

let bomb: Awaited<ReturnType<typeof t.build>>;

beforeAll(async () => {
  bomb = await t.build(
    'bomb.c',
    `#include <stdlib.h>
#include <string.h>
#include <stdio.h>
int main(int argc, char **argv) {
  size_t mib = 0;
  for (;;) { char *p = malloc(1 << 20); if (!p) return 3; memset(p, 1, 1 << 20); mib++; }
}`,
  );
});
afterAll(() => t.sandbox.close());

describe('sandbox limits', () => {
  it('runs a program and measures it', async () => {
    const r = await sh('read a b; echo $((a + b))', limits(), '2 40\n');
    expect(r.status).toBe('OK');
    expect(r.stdout.toString()).toBe('42\n');
    expect(r.exitCode).toBe(0);
    expect(r.memoryKb).toBeGreaterThan(0);
  });

  it('stops a CPU loop at the CPU limit', async () => {
    const r = await sh('while :; do :; done', limits({ cpuMs: 500, wallMs: 5000 }));
    expect(r.status).toBe('TIMEOUT');
    expect(r.limitHit).toBe('cpu');
    expect(r.cpuMs).toBeGreaterThanOrEqual(500);
    expect(r.cpuMs).toBeLessThan(1500);
  });

  it('stops a sleeper at the wall limit', async () => {
    const r = await sh('sleep 30', limits({ cpuMs: 500, wallMs: 1000 }));
    expect(r.status).toBe('TIMEOUT');
    expect(r.limitHit).toBe('wall');
    expect(r.wallMs).toBeLessThan(3000);
  });

  it('reports a memory bomb as its own outcome, not a crash', async () => {
    expect(bomb.ok).toBe(true);
    const r = await t.sandbox.runInContainer(gcc, PROFILE, { argv: bomb.argv, files: bomb.files, limits: limits({ memoryKb: 128 * 1024 }) });
    expect(r.status).toBe('MEMORY_LIMIT');
    expect(r.limitHit).toBe('memory');
  });

  it('cuts an output flood, keeps the first bytes and the size, and keeps the judge flat', async () => {
    const before = process.memoryUsage().rss;
    const r = await sh('yes 0123456789', limits({ outputBytes: 1 << 20, cpuMs: 5000, wallMs: 10000 }));
    expect(r.status).toBe('OUTPUT_LIMIT');
    expect(r.stdout.length).toBe(1 << 20);
    expect(r.stdoutBytes).toBeGreaterThan(1 << 20);
    expect(r.stdout.subarray(0, 11).toString()).toBe('0123456789\n');
    expect(process.memoryUsage().rss - before).toBeLessThan(64 << 20);
  });

  it('caps the size of files written in scratch (SIGXFSZ)', async () => {
    const r = await sh('exec head -c 20000000 /dev/zero > /tmp/big', limits({ fileBytes: 1 << 20 }));
    expect(r.status).toBe('RUNTIME_ERROR');
    expect(r.signal).toBe(25);
  });

  it('survives a fork bomb and the next run is clean', async () => {
    const r = await sh('b() { b | b & }; b; sleep 5', limits({ cpuMs: 1000, wallMs: 2000 }));
    expect(['TIMEOUT', 'RUNTIME_ERROR']).toContain(r.status);
    const next = await sh('ls /proc | grep -c "^[0-9]"');
    expect(next.status).toBe('OK');
    // PID 1 (the supervisor), the shell, ls and grep: nothing of the bomb is left.
    expect(Number(next.stdout.toString())).toBeLessThanOrEqual(4);
  });

  it('reports the terminating signal', async () => {
    const r = await sh('kill -SEGV $$');
    expect(r.status).toBe('RUNTIME_ERROR');
    expect(r.signal).toBe(11);
  });

  it('reports a non-zero exit code', async () => {
    const r = await sh('exit 3');
    expect(r.status).toBe('RUNTIME_ERROR');
    expect(r.exitCode).toBe(3);
  });

  it('keeps stderr apart from stdout and caps it', async () => {
    const r = await sh('echo out; head -c 200000 /dev/zero | tr "\\0" e >&2', limits({ stderrBytes: 1000 }));
    expect(r.stdout.toString()).toBe('out\n');
    expect(r.stderr.length).toBe(1000);
    expect(r.stderrBytes).toBe(200000);
  });

  it('sets the stack limit to what was asked (contest norm: the memory limit)', async () => {
    const r = await sh('ulimit -s', limits({ stackKb: 64 * 1024 }));
    expect(r.stdout.toString().trim()).toBe(String(64 * 1024));
  });
});
