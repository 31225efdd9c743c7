import { afterAll, describe, expect, it } from 'vitest';
import { DockerSandbox } from '../../src/sandbox/sandbox.js';
import type { RunSpec } from '../../src/sandbox/types.js';
import { limits, PROFILE, testSandbox } from '../helpers/runtime.js';

/**
 * Programs that try to outlive their run, reach another run or another submission, or escape
 * the memory limit. One CPU, so everything that could be shared is.
 */
const t = testSandbox([0]);
afterAll(() => t.sandbox.close());

const MIB = 1024 * 1024;
const run = (owner: string | undefined, script: string, extra: Partial<RunSpec> = {}, image = t.images.gcc) =>
  t.sandbox.runInContainer(image, PROFILE, { argv: ['sh', '-c', script], owner, limits: limits({ wallMs: 8000, cpuMs: 4000 }), ...extra });
const py = (owner: string, code: string, extra: Partial<RunSpec> = {}) => run(owner, '', { argv: ['python3', '-c', code], ...extra }, t.images.python);

/** Everything a program left anywhere it can write, as the next run sees it. */
const LOOK =
  'ls -A /tmp /dev/shm /dev/mqueue /sandbox; ls -A /sandbox/run; ls /proc | grep -c "^[0-9]"; tail -n +2 -q /proc/sysvipc/shm /proc/sysvipc/msg /proc/sysvipc/sem | wc -l';

function expectPristine(out: string): void {
  // Headers of the four listings with nothing under them, then /sandbox's own two entries.
  expect(out).toMatch(/^\/dev\/mqueue:\n\n\/dev\/shm:\n\n\/sandbox:\nprog\nrun\n\n\/tmp:\n\d+\n\d+\n$/);
  const [, processes, ipc] = out.trim().split('\n').slice(-3);
  // The supervisor, sh, ls, grep and tail at most.
  expect(Number(processes)).toBeLessThanOrEqual(5);
  expect(ipc).toBe('0');
}

describe('what one run leaves for the next run of the same submission', () => {
  it('nothing, whatever the modes, types and depth of what it made', async () => {
    const owner = 'same-submission-1';
    const attack = await run(
      owner,
      [
        'mkdir -p /tmp/d/e /dev/shm/s; echo secret > /tmp/d/e/f; chmod 000 /tmp/d/e; chmod 500 /tmp/d',
        'mkfifo /tmp/fifo /dev/shm/fifo; ln -s /etc/passwd /tmp/link; ln -s /tmp /dev/shm/loop',
        'python3 -c "import socket; s=socket.socket(socket.AF_UNIX); s.bind(\'/tmp/sock\')" 2>/dev/null',
        'echo x > /sandbox/planted; echo x > /sandbox/run/planted; echo x > /sandbox/prog/planted',
        // Deeper than PATH_MAX: a path name can't reach the bottom, only *at calls can.
        'cd /tmp && for i in $(seq 600); do mkdir aaaaaaaaaa && cd aaaaaaaaaa || break; done; echo deep > bottom',
        'echo done',
      ].join('\n'),
    );
    expect(attack.stdout.toString()).toContain('done');
    const next = await run(owner, LOOK);
    expectPristine(next.stdout.toString());
  });

  it('a read-only working directory: the program cannot change what it was given', async () => {
    const r = await run(
      'same-submission-2',
      'touch x 2>&1; echo y > main.c 2>&1; chmod 777 . 2>&1; rm -rf /sandbox/run 2>&1; mv /sandbox/run /sandbox/r 2>&1; echo end',
      { files: [{ name: 'main.c', data: Buffer.from('int main(){}') }] },
    );
    const out = r.stdout.toString() + r.stderr.toString();
    expect(out).toContain('end');
    expect(out.match(/Permission denied|Operation not permitted|Read-only/g)?.length).toBeGreaterThanOrEqual(4);
  });

  it('writes only to its scratch places', async () => {
    const r = await run(undefined, 'find / \\( -path /proc -o -path /sys \\) -prune -o \\( -type d -writable -print \\) 2>/dev/null | sort');
    expect(r.stdout.toString().trim().split('\n')).toEqual(['/dev/mqueue', '/dev/shm', '/tmp']);
  });

  it('the next run gets its full memory even after one that pinned tmpfs pages and inodes', async () => {
    const owner = 'same-submission-3';
    await run(owner, 'head -c 50000000 /dev/zero > /tmp/pin; cd /dev/shm && for i in $(seq 20000); do : > f$i; done; echo pinned', {
      limits: limits({ cpuMs: 6000, wallMs: 20000, memoryKb: 100 * 1024, fileBytes: 60 * MIB }),
    });
    const honest = await py(owner, 'b = bytearray(90 * 1024 * 1024)\nfor i in range(0, len(b), 4096): b[i] = 1\nprint("ok")', {
      limits: limits({ memoryKb: 128 * 1024, cpuMs: 4000, wallMs: 20000 }),
    });
    expect(honest.status).toBe('OK');
    expect(honest.stdout.toString()).toBe('ok\n');
  });
});

describe('between submissions', () => {
  it('never share a container: one owner keeps its own, another gets a fresh one', async () => {
    const host = async (owner: string) => (await run(owner, 'cat /proc/sys/kernel/hostname')).stdout.toString();
    const a1 = await host('sub-a');
    const a2 = await host('sub-a');
    const b = await host('sub-b');
    expect(a1).toBe(a2);
    expect(b).not.toBe(a1);
    t.sandbox.release('sub-a');
    expect(await host('sub-a')).not.toBe(a1);
  });

  it("with the verified-reuse policy, the next owner gets the container emptied of the last one's program", async () => {
    const reusing = new DockerSandbox(t.docker, { cpus: [0], spares: 0, reuse: 'verified' });
    try {
      const spec = (owner: string, script: string, extra: Partial<RunSpec> = {}) =>
        reusing.runInContainer(t.images.gcc, PROFILE, { argv: ['sh', '-c', script], owner, limits: limits(), ...extra });
      const first = await spec('first', 'cat /proc/sys/kernel/hostname; ls /sandbox/prog', {
        program: { key: 'secret', files: [{ name: 'solution.c', data: Buffer.from('secret') }] },
      });
      expect(first.stdout.toString()).toMatch(/\nsolution\.c\n$/);
      reusing.release('first');
      const second = await spec('second', `cat /proc/sys/kernel/hostname; ls -A /sandbox/prog; ${LOOK}`);
      const [host, ...rest] = second.stdout.toString().split('\n');
      expect(host).toBe(first.stdout.toString().split('\n')[0]);
      expectPristine(rest.join('\n'));
    } finally {
      await reusing.close();
    }
  });

  it('an attacker cannot plant modules for, or steal from, the next team', async () => {
    // The attacker leaves modules named like the standard library wherever it can write.
    const attacker = 'attacker';
    const plant =
      'import os\nfor d in [".", "/tmp", "/dev/shm", "/sandbox", "/sandbox/prog"]:\n  try:\n    open(os.path.join(d, "heapq.py"), "w").write("import shutil; shutil.copy(\'main.py\', \'/tmp/stolen.py\')\\n")\n    os.chmod(d, 0o500)\n  except OSError: pass\nprint("planted")';
    expect((await py(attacker, plant)).stdout.toString()).toBe('planted\n');
    const victim = await run(
      'victim',
      'python3 -P main.py',
      { program: { key: 'victim-src', files: [{ name: 'main.py', data: Buffer.from('import heapq\nprint("secret solution")\n') }] } },
      t.images.python,
    );
    expect(victim.stdout.toString()).toBe('secret solution\n');
    const collector = await py(attacker, 'import glob\nprint(glob.glob("/tmp/*") + glob.glob("/dev/shm/*") + glob.glob("/sandbox/*/*"))');
    expect(collector.stdout.toString()).toBe('[]\n');
  });
});

describe('memory counted for the whole run', () => {
  const tight = limits({ memoryKb: 64 * 1024, cpuMs: 4000, wallMs: 20000, fileBytes: 60 * MIB });

  it('a child that is never waited for', async () => {
    const r = await py(
      'mem-1',
      'import os, time\nif os.fork() == 0:\n  b = bytearray(180 * 1024 * 1024)\n  for i in range(0, len(b), 4096): b[i] = 1\n  time.sleep(30)\ntime.sleep(20)',
      { limits: tight },
    );
    expect(r.status).toBe('MEMORY_LIMIT');
  });

  it('memfds', async () => {
    const r = await py('mem-2', 'import os\nfd = os.memfd_create("x")\nfor i in range(180): os.write(fd, b"x" * (1024 * 1024))\nprint("held")', {
      limits: { ...tight, fileBytes: 512 * MIB },
    });
    expect(r.status).toBe('MEMORY_LIMIT');
  });

  it('files written to tmpfs', async () => {
    const r = await run('mem-3', 'for i in 1 2 3; do head -c 50000000 /dev/zero > /tmp/f$i; done; echo held', { limits: tight });
    expect(r.status).toBe('MEMORY_LIMIT');
  });

  it('stops a memory bomb near its own limit', async () => {
    const r = await py('mem-4', 'b = []\nwhile True:\n  b.append(bytearray(16 * 1024 * 1024))', { limits: tight });
    expect(r.status).toBe('MEMORY_LIMIT');
    // Stopped before it filled the container's larger allowance.
    expect(r.memoryKb).toBeLessThan(PROFILE.memoryMib * 1024 - 32 * 1024);
  });

  it('reports an honest program within its limit as it is', async () => {
    const r = await py('mem-5', 'b = bytearray(40 * 1024 * 1024)\nfor i in range(0, len(b), 4096): b[i] = 1\nprint("ok")', { limits: tight });
    expect(r.status).toBe('OK');
    expect(r.memoryKb).toBeGreaterThan(40 * 1024);
  });
});

describe('caps and refused calls', () => {
  it('stops a flood on stderr', async () => {
    const r = await run('caps-1', 'head -c 512000000 /dev/zero >&2');
    expect(r.status).toBe('OUTPUT_LIMIT');
    expect(r.stderr.length).toBeLessThanOrEqual(64 * 1024);
  });

  it('refuses io_uring and ptrace', async () => {
    const prog = await t.build(
      'calls.c',
      '#include <errno.h>\n#include <stdio.h>\n#include <sys/ptrace.h>\n#include <sys/syscall.h>\n#include <unistd.h>\n' +
        'int main(void) { char params[120] = {0}; long r = syscall(SYS_io_uring_setup, 8, params); printf("%ld %d\\n", r, errno);\n' +
        '  errno = 0; r = ptrace(PTRACE_TRACEME, 0, 0, 0); printf("%ld %d\\n", r, errno); return 0; }\n',
    );
    expect(prog.output).toBe('');
    const r = await t.sandbox.runInContainer(t.images.gcc, PROFILE, { argv: prog.argv, program: { key: 'calls', files: prog.files }, limits: limits() });
    expect(r.stdout.toString()).toBe('-1 38\n-1 1\n');
  });

  it('refuses a compiler artifact over the cap instead of caching it', async () => {
    const built = await t.build('huge.c', 'char big[80 << 20] = {1};\nint main(int argc, char **argv) { big[argc] = 2; return big[argc * 12345]; }\n');
    expect(built.ok).toBe(false);
    expect(built.output).toMatch(/too large: main/);
  });
});
