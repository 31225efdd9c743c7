import { describe, expect, it } from 'vitest';
import { encodeRequest, encodeStage, ReplyParser } from '../../../src/sandbox/protocol.js';

const LIMITS = {
  cpuMs: 1000,
  wallMs: 2000,
  memoryKb: 1024,
  stackKb: 1024,
  outputBytes: 100,
  stderrBytes: 10,
  fileBytes: 50,
  processes: 64,
  scratchBytes: 1 << 20,
};

function reply(stdout: Buffer, files: Array<[string, Buffer]> = []): Buffer {
  const parts = [
    Buffer.from('result\nfacts 0 0 1500 2500 3000 5 0 none 0 1\n'),
    Buffer.from(`stdout ${stdout.length}\n`),
    stdout,
    Buffer.from('\nstderr 0\n\n'),
  ];
  for (const [name, data] of files) parts.push(Buffer.from(`file ${Buffer.byteLength(name)} ${data.length}\n${name}`), data, Buffer.from('\n'));
  parts.push(Buffer.from('end\n'));
  return Buffer.concat(parts);
}

describe('request encoding', () => {
  it('sizes every blob in bytes, so binary and multi-byte data pass unchanged', () => {
    const req = encodeRequest({ argv: ['./main', 'ä b'], stdin: Buffer.from([0, 10, 255]), limits: LIMITS, files: [{ name: 'x', data: Buffer.from('\n\n') }] });
    const text = req.toString('latin1');
    expect(text.startsWith('run\nlimit 1000 2000 1024 1024 0 50 100 10 16777216 67108864 1\nwritable 0\n')).toBe(true);
    expect(text).toContain(`arg ${Buffer.byteLength('ä b')}\n`);
    expect(text).toContain('stdin 3\n\u0000\n\u00ff\n');
    expect(text).toContain('file 644 1 2\nx\n\n\n');
    expect(text.endsWith('end\n')).toBe(true);
  });

  it('stages a program as a list of files, and says whether the working directory is writable', () => {
    expect(encodeStage([{ name: 'main', data: Buffer.from('ab'), mode: 0o755 }]).toString()).toBe('stage\nfile 755 4 2\nmainab\nend\n');
    expect(encodeRequest({ argv: ['a'], limits: LIMITS, writable: true }).toString()).toContain('\nwritable 1\n');
    expect(encodeRequest({ argv: ['a'], limits: { ...LIMITS, stopAtOutputLimit: false, addressSpaceKb: 7 } }).toString()).toMatch(
      /^run\nlimit 1000 2000 1024 1024 7 50 100 10 \d+ \d+ 0\n/,
    );
  });

  it('gives every program a PATH unless the caller sets its own', () => {
    expect(encodeRequest({ argv: ['a'], limits: LIMITS }).toString()).toContain('PATH=/usr/local/bin');
    expect(encodeRequest({ argv: ['a'], limits: LIMITS, env: { PATH: '/x' } }).toString()).toContain('env 7\nPATH=/x');
  });
});

describe('reply parsing', () => {
  it('parses a result whole', () => {
    const [r] = new ReplyParser().push(reply(Buffer.from('hello'), [['a.class', Buffer.from([1, 2, 10, 3])]]));
    expect(r.kind).toBe('result');
    if (r.kind !== 'result') return;
    expect(r.facts).toMatchObject({ exitCode: 0, signal: null, cpuUs: 1500, wallUs: 2500, memoryKb: 3000, killedBy: 'none', oomKills: 0 });
    expect(r.stdout.toString()).toBe('hello');
    expect([...r.files.keys()]).toEqual(['a.class']);
    expect([...r.files.get('a.class')!]).toEqual([1, 2, 10, 3]);
  });

  it('parses a result split at every byte', () => {
    const payload = Buffer.from('line\nresult\nend\nstdout 3\n');
    const bytes = reply(payload);
    const parser = new ReplyParser();
    const got = [];
    for (let i = 0; i < bytes.length; i++) got.push(...parser.push(bytes.subarray(i, i + 1)));
    expect(got).toHaveLength(1);
    expect(got[0].kind === 'result' && got[0].stdout.equals(payload)).toBe(true);
  });

  it('parses ready, errors and back-to-back replies', () => {
    const parser = new ReplyParser();
    const all = parser.push(Buffer.concat([Buffer.from('ready v1\nerror 4\noops\n'), reply(Buffer.from('a')), reply(Buffer.from('b'))]));
    expect(all.map((r) => r.kind)).toEqual(['ready', 'error', 'result', 'result']);
    expect(all[1].kind === 'error' && all[1].message).toBe('oops');
  });

  it('maps exit -1 and signal 0 to null', () => {
    const [r] = new ReplyParser().push(Buffer.from('result\nfacts -1 9 0 0 0 0 0 wall -1 0\nstdout 0\n\nstderr 0\n\ndirty 4\nleft\nend\n'));
    expect(r.kind === 'result' && r.facts).toMatchObject({ exitCode: null, signal: 9, killedBy: 'wall', oomKills: null, clean: false });
    expect(r.kind === 'result' && r.dirty).toBe('left');
  });

  it('reads a memory stop, a clean flag and refused artifacts', () => {
    const [r] = new ReplyParser().push(Buffer.from('result\nstdout 0\n\nstderr 0\n\noversize 4\nmain\nfacts 0 9 1 1 9000 0 0 memory 0 1\nend\n'));
    expect(r.kind === 'result' && r.facts).toMatchObject({ killedBy: 'memory', clean: true, memoryKb: 9000 });
    expect(r.kind === 'result' && r.oversize).toEqual(['main']);
    expect(r.kind === 'result' && r.dirty).toBeNull();
  });

  it('rejects malformed facts instead of guessing', () => {
    expect(() => new ReplyParser().push(Buffer.from('result\nfacts 0 0 x 0 0 0 0 none 0 1\n'))).toThrow(/malformed/);
    expect(() => new ReplyParser().push(Buffer.from('bogus\n'))).toThrow(/unexpected/);
  });
});
