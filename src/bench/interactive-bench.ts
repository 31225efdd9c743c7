import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compile } from '../judge/compile.js';
import { resolveLanguage, type LanguageTable } from '../lang/config.js';
import type { Sandbox } from '../sandbox/types.js';
import { fmt, median } from './stats.js';

const ROUND_TRIPS = 100_000;

/** Answers each guess with "<", ">" or "="; the secret is the last of ROUND_TRIPS guesses. */
const INTERACTOR = `#include <stdio.h>
int main(int argc, char **argv) {
  long secret, guess, n = 0; FILE *ans = fopen(argv[2], "r");
  if (!ans || fscanf(ans, "%ld", &secret) != 1) return 1;
  while (scanf("%ld", &guess) == 1) { n++; if (guess == secret) { puts("="); fflush(stdout); return 42; }
    puts(guess < secret ? ">" : "<"); fflush(stdout); }
  return 43;
}
`;
/** Counts up one guess at a time: one line each way per round trip. */
const COUNTER = `#include <stdio.h>
int main(void) { char r[4]; for (long g = 1;; g++) { printf("%ld\\n", g); fflush(stdout); if (scanf("%3s", r) != 1) return 1; if (r[0] == '=') return 0; } }
`;

export interface InteractiveBenchResult {
  sandboxMs: number;
  hostMs: number;
}

/**
 * 100,000 query/answer round trips between a submission and an interactor in the sandbox, against
 * the same two programs joined by a plain pipe on the host, in the same run.
 */
export async function benchInteractive(
  sandbox: Sandbox,
  languages: LanguageTable,
  cacheDir: string,
  log: (s: string) => void,
): Promise<InteractiveBenchResult> {
  const c = resolveLanguage(languages, 'x.c');
  const image = c.image;
  const interactor = await compile(sandbox, cacheDir, { lang: c, source: Buffer.from(INTERACTOR), image });
  const counter = await compile(sandbox, cacheDir, { lang: c, source: Buffer.from(COUNTER), image });
  const limits = {
    cpuMs: 60_000,
    wallMs: 120_000,
    memoryKb: 256 * 1024,
    stackKb: 0,
    outputBytes: 8 << 20,
    stderrBytes: 65536,
    fileBytes: 64 << 20,
    processes: 64,
    scratchBytes: 64 << 20,
  };
  const answer = Buffer.from(`${ROUND_TRIPS}\n`);
  const inSandbox: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const r = await sandbox.run(image, {
      argv: ['./main'],
      owner: 'bench-interactive',
      program: { key: counter.key, files: counter.files },
      limits,
      peer: {
        argv: ['./main', 'input', 'answer', './'],
        files: [...interactor.files, { name: 'answer', data: answer }, { name: 'input', data: Buffer.alloc(0) }],
        cpuMs: 60_000,
        wallMs: 120_000,
      },
    });
    inSandbox.push(performance.now() - t0);
    if (r.peer?.exitCode !== 42) throw new Error(`interactive bench: the interactor did not accept (${r.peer?.exitCode})`);
  }
  sandbox.release('bench-interactive');

  const dir = mkdtempSync(path.join(os.tmpdir(), 'zuko-judge-bench-'));
  try {
    writeFileSync(path.join(dir, 'interactor.c'), INTERACTOR);
    writeFileSync(path.join(dir, 'counter.c'), COUNTER);
    writeFileSync(path.join(dir, 'answer'), answer);
    const cc = spawnSync('sh', ['-c', 'cc -O2 -o interactor interactor.c && cc -O2 -o counter counter.c && mkfifo back'], { cwd: dir });
    if (cc.status !== 0) throw new Error(`interactive bench: cannot build on the host: ${cc.stderr}`);
    const onHost: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      spawnSync('sh', ['-c', './counter < back | ./interactor input answer . > back'], { cwd: dir });
      onHost.push(performance.now() - t0);
    }
    const sandboxMs = median(inSandbox);
    const hostMs = median(onHost);
    log(
      `interactive, ${ROUND_TRIPS} round trips: sandbox ${fmt(sandboxMs)} ms, plain pipe on the host ${fmt(hostMs)} ms, ${fmt(((sandboxMs - hostMs) / ROUND_TRIPS) * 1000)} µs more per round trip`,
    );
    return { sandboxMs, hostMs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
