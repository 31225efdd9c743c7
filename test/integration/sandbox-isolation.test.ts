import os from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanLeftovers, OWNER_LABEL, ownerLabels } from '../../src/sandbox/leftovers.js';
import { DockerSandbox } from '../../src/sandbox/sandbox.js';
import { limits, PROFILE, testSandbox } from '../helpers/runtime.js';

const t = testSandbox();
const sh = (script: string, image = t.images.gcc) => t.sandbox.runInContainer(image, PROFILE, { argv: ['sh', '-c', script], limits: limits({ wallMs: 5000 }) });

afterAll(() => t.sandbox.close());

describe('sandbox isolation', () => {
  it('has no network but loopback', async () => {
    const r = await t.sandbox.runInContainer(t.images.python, PROFILE, {
      argv: [
        'python3',
        '-c',
        'import socket\ntry:\n  socket.create_connection(("1.1.1.1", 53), timeout=2); print("connected")\nexcept OSError as e: print("blocked", e.errno)\nprint(sorted(l.split(":")[0].strip() for l in open("/proc/net/dev").readlines()[2:]))',
      ],
      limits: limits({ wallMs: 5000 }),
    });
    expect(r.stdout.toString()).toMatch(/^blocked/);
    expect(r.stdout.toString()).toContain("['lo']");
  });

  it('has a read-only root filesystem and no root user', async () => {
    const r = await sh('id -u; touch /etc/x 2>&1; touch /usr/x 2>&1; touch /x 2>&1; echo end');
    const out = r.stdout.toString();
    expect(out.split('\n')[0]).toBe('10001');
    expect(out.match(/Read-only file system/g)?.length).toBe(3);
  });

  it('has no capabilities', async () => {
    const r = await sh('grep -E "^Cap(Eff|Prm|Bnd)" /proc/self/status');
    for (const line of r.stdout.toString().trim().split('\n')) expect(line).toMatch(/0000000000000000$/);
  });

  it('leaves nothing of one run to the next: files, processes, IPC', async () => {
    await sh(
      'echo secret > /sandbox/run/left; echo secret > /tmp/left; echo secret > /dev/shm/left; (setsid sleep 100 &) ; ' +
        'python3 -c "import sys" 2>/dev/null; nohup sleep 100 >/dev/null 2>&1 & echo started',
    );
    const r = await sh('ls -A /sandbox/run /tmp /dev/shm; ls /proc | grep -c "^[0-9]"; cat /proc/sysvipc/shm | wc -l');
    const out = r.stdout.toString();
    expect(out).not.toContain('left');
    const lines = out.trim().split('\n');
    expect(Number(lines.at(-2))).toBeLessThanOrEqual(5);
  });

  it('clears SysV shared memory between runs', async () => {
    const prog = await t.build(
      'shm.c',
      '#include <sys/shm.h>\n#include <stdio.h>\nint main(){ int id = shmget(4242, 4096, IPC_CREAT | 0600); printf("%d\\n", id); return id < 0; }',
    );
    const make = await t.sandbox.runInContainer(t.images.gcc, PROFILE, { argv: prog.argv, files: prog.files, limits: limits() });
    expect(make.status).toBe('OK');
    const look = await sh('tail -n +2 /proc/sysvipc/shm | wc -l');
    expect(look.stdout.toString().trim()).toBe('0');
  });

  it('cannot see or touch the supervisor', async () => {
    const r = await sh('kill -9 1; echo kill=$?; cat /proc/1/environ; ls /proc/1/fd; echo forged > /proc/1/fd/1; echo end');
    expect(r.status).toBe('OK');
    expect(r.stdout.toString()).toContain('end');
    expect(r.stderr.toString()).toMatch(/Permission denied/);
    // The supervisor is still there to answer.
    const next = await sh('echo alive');
    expect(next.stdout.toString()).toBe('alive\n');
  });

  it('sees only its own scratch dir and no answers, database or engine socket', async () => {
    const r = await sh('ls -A /sandbox; ls /var/run/docker.sock 2>&1; mount | grep -c -E "/problems|\\.db|docker.sock"');
    const lines = r.stdout.toString().trim().split('\n');
    // The staged program and this run's directory: nothing of anyone else.
    expect(lines.slice(0, 2)).toEqual(['prog', 'run']);
    expect(r.stdout.toString()).toContain('No such file');
    expect(lines.at(-1)).toBe('0');
  });

  it('retries once in a fresh container when supervision breaks mid-run', async () => {
    const run = t.sandbox.runInContainer(
      t.images.gcc,
      { ...PROFILE, pids: 63 },
      { argv: ['sh', '-c', 'sleep 1; echo done'], limits: limits({ wallMs: 5000 }) },
    );
    await new Promise((r) => setTimeout(r, 600));
    const mine = await t.docker.listContainers({ filters: { label: [OWNER_LABEL] } });
    const target = mine.find((c) => c.Image === t.images.gcc && c.State === 'running');
    const victims = await Promise.all(mine.map((c) => t.docker.getContainer(c.Id).inspect()));
    const busy = victims.find((v) => v.HostConfig.PidsLimit === 63);
    expect(target).toBeDefined();
    await t.docker.getContainer(busy!.Id).kill();
    const r = await run;
    expect(r.status).toBe('OK');
    expect(r.stdout.toString()).toBe('done\n');
  });

  it('replaces spares that died waiting (an engine restart) without failing the run', async () => {
    const local = new DockerSandbox(t.docker, { cpus: [0], spares: 2 });
    const profile = { ...PROFILE, pids: 61 };
    try {
      await local.runInContainer(t.images.gcc, profile, { argv: ['true'], limits: limits() });
      await new Promise((r) => setTimeout(r, 3000));
      const mine = await t.docker.listContainers({ filters: { label: [OWNER_LABEL] } });
      const spares = (await Promise.all(mine.map((c) => t.docker.getContainer(c.Id).inspect()))).filter((c) => c.HostConfig.PidsLimit === 61);
      expect(spares.length).toBeGreaterThanOrEqual(1);
      await Promise.all(spares.map((c) => t.docker.getContainer(c.Id).kill()));
      const r = await local.runInContainer(t.images.gcc, profile, { argv: ['sh', '-c', 'echo fine'], limits: limits() });
      expect(r.stdout.toString()).toBe('fine\n');
    } finally {
      await local.close();
    }
  });

  it('leaves alone the containers of a judge in another container on the same engine', async () => {
    const boot = ownerLabels()[OWNER_LABEL].split('/')[0];
    // pid 1 is alive here too: only the host name says it is another container's judge.
    const theirs = await t.docker.createContainer({ Image: t.images.base, Labels: { [OWNER_LABEL]: `${boot}/1/another-container` }, Cmd: ['true'] });
    const gone = await t.docker.createContainer({ Image: t.images.base, Labels: { [OWNER_LABEL]: `${boot}/999999999/${os.hostname()}` }, Cmd: ['true'] });
    try {
      await cleanLeftovers(t.docker);
      await expect(theirs.inspect()).resolves.toBeTruthy();
      await expect(gone.inspect()).rejects.toThrow();
    } finally {
      await theirs.remove({ force: true }).catch(() => undefined);
    }
  });

  it('removes containers left by a judge that is gone, and its own on close', async () => {
    const stale = await t.docker.createContainer({ Image: t.images.base, Labels: { [OWNER_LABEL]: 'another-boot/1' }, Cmd: ['true'] });
    expect(await cleanLeftovers(t.docker)).toBeGreaterThanOrEqual(1);
    await expect(stale.inspect()).rejects.toThrow();
    // A sandbox of its own, told apart by its pids limit: after close, none of its containers (spares included) is left.
    const local = new DockerSandbox(t.docker, { cpus: [0], spares: 2 });
    await local.runInContainer(t.images.gcc, { ...PROFILE, pids: 59 }, { argv: ['true'], owner: 'someone', limits: limits() });
    await local.close();
    const mine = await t.docker.listContainers({ all: true, filters: { label: [`${OWNER_LABEL}=${ownerLabels()[OWNER_LABEL]}`] } });
    const inspected = await Promise.all(mine.map((c) => t.docker.getContainer(c.Id).inspect()));
    expect(inspected.filter((c) => c.HostConfig.PidsLimit === 59)).toEqual([]);
  });
});
