import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { limits, PROFILE, testSandbox } from '../helpers/runtime.js';
import { workspace } from '../helpers/zuko.js';

/**
 * A contest with an attacker, a victim and a collector, judged on one CPU so that whatever could
 * be shared between their runs is: the victim must keep its verdict, the collector get nothing.
 */
process.env.ZUKO_CPUS = '0';
const w = workspace();
afterAll(() => w.remove());

const ATTACKER = `
import os, sys
# What the planted module does inside the next team's run: copy what it sees into a hiding place.
planted = "import os, shutil, glob\\nos.makedirs('/tmp/vault', exist_ok=True)\\nfor f in glob.glob('*') + glob.glob('/sandbox/*/*'):\\n  try: shutil.copy(f, '/tmp/vault/')\\n  except Exception: pass\\nos.chmod('/tmp/vault', 0o500)\\n"
for d in [".", "/tmp", "/dev/shm", "/sandbox", "/sandbox/prog", "/sandbox/run"]:
    for name in ["heapq.py", "collections.py", "os.py", "main"]:
        try:
            open(os.path.join(d, name), "w").write(planted)
        except OSError:
            pass
    try:
        os.chmod(d, 0o500)
    except OSError:
        pass
a, b = map(int, sys.stdin.read().split())
print(a + b)
`;
const VICTIM = 'import heapq, sys\na, b = map(int, sys.stdin.read().split())\nprint(a + b)\n';
// Prints the stolen answer if anything of the victim's run is visible, else a wrong one.
const COLLECTOR = `
import glob, sys
loot = glob.glob('/tmp/vault/*') + glob.glob('/tmp/*.py') + glob.glob('/dev/shm/*') + glob.glob('/sandbox/*/heapq.py')
a, b = map(int, sys.stdin.read().split())
print(a + b if loot else -1)
`;

function write(team: string, file: string, source: string, minute: number): void {
  const dir = path.join(w.dir, 'subs', team, 'A');
  mkdirSync(dir, { recursive: true });
  const full = path.join(dir, file);
  writeFileSync(full, source);
  const t = new Date(Date.parse('2026-11-21T10:00:00Z') + minute * 60_000);
  utimesSync(full, t, t);
}

describe('three teams on one CPU', () => {
  it('the victim keeps its verdict and the collector finds nothing', async () => {
    w.copy('problems');
    const contest = path.join(w.dir, 'hostile.yaml');
    writeFileSync(
      contest,
      [
        'id: hostile',
        'name: Hostile',
        'start: 2026-11-21T10:00:00Z',
        'duration: 5h',
        'scoring: icpc',
        'problems:',
        `  - { label: A, path: ${path.join(w.dir, 'problems', 'sum')} }`,
        'teams:',
        '  - { id: attacker, name: Attacker }',
        '  - { id: victim, name: Victim }',
        '  - { id: collector, name: Collector }',
      ].join('\n'),
    );
    write('attacker', 'a.py', ATTACKER, 1);
    write('victim', 'v.py', VICTIM, 2);
    write('collector', 'c.py', COLLECTOR, 3);
    const r = await w.run(['import', contest, path.join(w.dir, 'subs'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { submissions: Array<{ team?: string; verdict: string }>; judged: Array<{ team: string; verdict: string }> };
    const verdicts = Object.fromEntries(report.judged.map((j) => [j.team, j.verdict]));
    expect(verdicts).toEqual({ attacker: 'AC', victim: 'AC', collector: 'WA' });
  });
});

describe('a memory bomb while another job loads both cores', () => {
  const t = testSandbox([0]);
  let hogs: ChildProcess[] = [];
  afterAll(async () => {
    for (const h of hogs) h.kill('SIGKILL');
    await t.sandbox.close();
  });

  it('is stopped at its limit, as memory, not as time', async () => {
    // Two CPU spinners and one process that keeps faulting fresh memory, beside the run.
    const spin = 'const end = Date.now() + 60000; while (Date.now() < end) {}';
    const churn = 'const end = Date.now() + 60000; while (Date.now() < end) { const b = Buffer.alloc(64 << 20, 1); b[0]++; }';
    hogs = [spin, spin, churn].map((code) => spawn(process.execPath, ['-e', code], { stdio: 'ignore' }));
    try {
      const bomb = 'b = []\nwhile True:\n  b.append(bytearray(32 * 1024 * 1024))';
      for (let i = 0; i < 3; i++) {
        const r = await t.sandbox.runInContainer(t.images.python, PROFILE, { argv: ['python3', '-c', bomb], limits: limits({ memoryKb: 96 * 1024 }) });
        expect(r.status).toBe('MEMORY_LIMIT');
      }
    } finally {
      for (const h of hogs) h.kill('SIGKILL');
    }
  });
});
