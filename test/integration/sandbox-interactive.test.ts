import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PeerSpec, RunSpec, SandboxFile } from '../../src/sandbox/types.js';
import { limits, PROFILE, testSandbox } from '../helpers/runtime.js';

/**
 * Two programs wired to each other: a guessing-game interactor (it holds the secret in its answer
 * file) and submissions, honest and hostile. One CPU, so they share everything that is shared.
 */
const t = testSandbox([0]);
afterAll(() => t.sandbox.close());

// Answers "<", ">" or "=" to each guess; accepts (42) when guessed within `limit` queries.
const INTERACTOR = `#include <stdio.h>
#include <stdlib.h>
int main(int argc, char **argv) {
  FILE *in = fopen(argv[1], "r"), *ans = fopen(argv[2], "r");
  long secret, limit, guess, n = 0;
  if (!in || !ans || fscanf(ans, "%ld", &secret) != 1 || fscanf(in, "%ld", &limit) != 1) return 1;
  printf("%ld\\n", limit); fflush(stdout);
  while (scanf("%ld", &guess) == 1) {
    if (++n > limit) { fprintf(stderr, "over %ld queries\\n", limit); return 43; }
    if (guess == secret) { printf("=\\n"); fflush(stdout); fprintf(stderr, "found in %ld\\n", n); return 42; }
    printf(guess < secret ? ">\\n" : "<\\n"); fflush(stdout);
  }
  fprintf(stderr, "no answer after %ld queries\\n", n);
  return 43;
}
`;
const SEARCH = `#include <stdio.h>
int main(void) {
  long limit, lo = 1, hi = 1000000000; char r[4];
  if (scanf("%ld", &limit) != 1) return 1;
  while (lo <= hi) { long mid = lo + (hi - lo) / 2; printf("%ld\\n", mid); fflush(stdout);
    if (scanf("%3s", r) != 1) return 2; if (r[0] == '=') return 0; if (r[0] == '>') lo = mid + 1; else hi = mid - 1; }
  return 3;
}
`;

let interactor: SandboxFile[];
let interactorArgv: string[];
beforeAll(async () => {
  const built = await t.build('interactor.c', INTERACTOR);
  expect(built.ok, built.output).toBe(true);
  interactor = built.files;
  interactorArgv = built.argv;
});

function peer(secret: number, limit = 40): PeerSpec {
  return {
    argv: [...interactorArgv, 'input', 'answer', './'],
    files: [...interactor, { name: 'input', data: Buffer.from(`${limit}\n`) }, { name: 'answer', data: Buffer.from(`${secret}\n`) }],
    cpuMs: 5000,
    wallMs: 10_000,
  };
}

async function play(owner: string, source: string, fileName = 'sub.c', secret = 777_777, extra: Partial<RunSpec> = {}) {
  const built = await t.build(fileName, source);
  expect(built.ok, built.output).toBe(true);
  return t.sandbox.runInContainer(t.images.gcc, PROFILE, {
    argv: built.argv,
    owner,
    program: { key: `${owner}-${fileName}`, files: built.files },
    limits: limits({ cpuMs: 2000, wallMs: 6000 }),
    peer: peer(secret),
    ...extra,
  });
}

describe('an interactive run', () => {
  it('wires the two programs to each other and measures them apart', async () => {
    const r = await play('honest', SEARCH);
    expect(r.status).toBe('OK');
    expect(r.peer).not.toBeNull();
    expect(r.peer!.exitCode).toBe(42);
    expect(r.peer!.stderr.toString()).toMatch(/^found in \d+\n$/);
    expect(r.peer!.killedBy).toBe('none');
  });

  it('a submission that exits early: the interactor sees end of input and rejects', async () => {
    const r = await play('early', 'int main(void) { return 0; }');
    expect(r.status).toBe('OK');
    expect(r.peer!.exitCode).toBe(43);
    expect(r.peer!.stderr.toString()).toContain('no answer after 0 queries');
  });

  it('a submission that never reads: its writes fill the pipe, the interactor still ends the game', async () => {
    const r = await play('flood', '#include <stdio.h>\nint main(void) { for (;;) printf("1\\n"); }');
    // Forty wrong guesses read, then the interactor rejects and leaves: the flood dies of SIGPIPE.
    expect(r.peer!.exitCode).toBe(43);
    expect(r.peer!.exitedFirst).toBe(true);
    expect(r.status).toBe('RUNTIME_ERROR');
    expect(r.signal).toBe(13);
  });

  it('a submission that waits for input that never comes is stopped by its own limit, the interactor is not blamed', async () => {
    const r = await play('silent', '#include <unistd.h>\nint main(void) { for (;;) pause(); }', 'sub.c', 777_777, {
      limits: limits({ cpuMs: 500, wallMs: 1500 }),
    });
    expect(r.status).toBe('TIMEOUT');
    // It had printed nothing, so the interactor waited; once the program is gone it ends the game itself.
    expect(r.peer!.exitCode).toBe(43);
    expect(r.peer!.killedBy).toBe('none');
  });

  it("cannot read the answer, list the interactor's files, signal it or trace it", async () => {
    const hostile = `#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
int main(void) {
  FILE *log = fopen("/tmp/log", "w");
  fprintf(log, "answer:%s\\n", fopen("/sandbox/peer/answer", "r") ? "read" : strerror(errno));
  fprintf(log, "list:%s\\n", opendir("/sandbox/peer") ? "listed" : strerror(errno));
  DIR *proc = opendir("/proc"); struct dirent *e; int killed = 0, traced = 0;
  while ((e = readdir(proc))) { int pid = atoi(e->d_name); if (pid > 1 && pid != getpid()) {
    if (kill(pid, SIGKILL) == 0) killed++; if (kill(pid, SIGSTOP) == 0) killed++;
    if (ptrace(PTRACE_ATTACH, pid, 0, 0) == 0) traced++; } }
  fclose(log);
  FILE *back = fopen("/tmp/log", "r"); char line[200];
  while (fgets(line, sizeof line, back)) fputs(line, stderr);
  fprintf(stderr, "killed:%d traced:%d\\n", killed, traced);
  return 0;
}
`;
    const r = await play('thief', hostile.replace('#include <sys/ptrace.h>', '#include <sys/ptrace.h>\n#include <stdlib.h>\n#include <unistd.h>'));
    const said = r.stderr.toString();
    expect(said).toContain('answer:Permission denied');
    expect(said).toContain('list:Permission denied');
    expect(said).toContain('killed:0 traced:0');
    // The interactor, untouched, saw the program leave without guessing.
    expect(r.peer!.exitCode).toBe(43);
    expect(r.peer!.signal).toBeNull();
  });

  it("a submission over its memory limit is stopped; the interactor's own memory is not counted against it", async () => {
    const hog = '#include <stdlib.h>\n#include <string.h>\nint main(void) { for (;;) { char *p = malloc(16 << 20); memset(p, 1, 16 << 20); } }';
    const r = await play('hog', hog, 'hog.c', 5, { limits: limits({ memoryKb: 64 * 1024, cpuMs: 4000, wallMs: 10_000 }) });
    expect(r.status).toBe('MEMORY_LIMIT');
    const honest = await play('small', SEARCH, 'sub.c', 5, { limits: limits({ memoryKb: 8 * 1024 }) });
    expect(honest.status).toBe('OK');
    expect(honest.peer!.exitCode).toBe(42);
  });

  it("leaves nothing for the next run: the interactor's directory is gone", async () => {
    await play('next', SEARCH);
    const r = await t.sandbox.runInContainer(t.images.gcc, PROFILE, { argv: ['sh', '-c', 'ls -A /sandbox'], owner: 'next', limits: limits() });
    expect(r.stdout.toString()).toBe('prog\nrun\n');
  });
});
