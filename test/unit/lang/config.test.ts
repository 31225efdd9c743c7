import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeBundle } from '../../../src/lang/bundle.js';
import { expand, languageOfFiles, loadLanguages, resolveLanguage } from '../../../src/lang/config.js';
import { commandArgv, layoutProgram, type ProgramLayout } from '../../../src/lang/program.js';
import { UserError } from '../../../src/util/errors.js';

const table = loadLanguages();

describe('language table', () => {
  it('has every language of the conformance packages that Debian 12 packages, setup building only the default four', () => {
    const ids = table.languages.map((l) => l.id);
    for (const id of [
      'c',
      'cpp',
      'python',
      'java',
      'kt',
      'rs',
      'go',
      'hs',
      'csharp',
      'js',
      'pas',
      'rb',
      'lua',
      'pl',
      'sh',
      'bash',
      'ocaml',
      'plg',
      'r',
      'f95',
      'adb',
      'awk',
      'scala',
      'lisp',
      'php',
      'pypy3',
    ]) {
      expect(ids).toContain(id);
    }
    expect(table.setupImages.sort()).toEqual(['gcc', 'java', 'python']);
    expect(table.sourceLimitBytes).toBe(256 * 1024);
  });

  it('resolves by extension, then by id, and names the known ids otherwise', () => {
    expect(resolveLanguage(table, 'a.cc').id).toBe('cpp');
    expect(resolveLanguage(table, 'a.txt', 'python').id).toBe('python');
    expect(() => resolveLanguage(table, 'a.swift')).toThrow(/known: c, cpp, python, pypy3, java/);
    expect(() => resolveLanguage(table, 'a.c', 'cobol')).toThrow(UserError);
  });

  it('names a single Java file after its public class and runs the class with main, package included', () => {
    const java = resolveLanguage(table, 'x.java');
    const one = ok(
      layoutProgram(
        java,
        Buffer.from('/* class Decoy { static void main( */\nclass Helper {}\npublic final class Solver { public static void main(String[] a) {} }'),
      ),
    );
    expect(one.values).toMatchObject({ source: 'Solver.java', entry: 'Solver' });
    const pkg = ok(layoutProgram(java, Buffer.from('package bin;\nclass Main { public static void main(String[] a) {} }')));
    expect(pkg.values).toMatchObject({ source: 'Main.java', entry: 'bin.Main' });
    expect(layoutProgram(java, Buffer.from('class X {}'))).toEqual({ error: expect.stringMatching(/no entry point/) });
    expect(ok(layoutProgram(resolveLanguage(table, 'x.cpp'), Buffer.from(''))).values).toMatchObject({ source: 'main.cpp', entry: 'main' });
  });

  it('keeps the names of a multi-file submission and finds its entry point', () => {
    const py = resolveLanguage(table, 'x.py');
    const files = [
      { name: 'main.py', data: Buffer.from('import message') },
      { name: 'message.py', data: Buffer.from('x = 1') },
      { name: 'notes.txt', data: Buffer.from('') },
    ];
    const layout = ok(layoutProgram(py, encodeBundle({ dir: 'multifile-py', entry: null, files })));
    expect(layout.files.map((f) => f.name)).toEqual(['main.py', 'message.py', 'notes.txt']);
    expect(layout.values.source).toBe('main.py');
    expect(commandArgv(['python3', '-m', 'py_compile', '{sources}'], layout)).toEqual(['python3', '-m', 'py_compile', 'main.py', 'message.py']);
    const named = ok(layoutProgram(py, encodeBundle({ dir: 'd', entry: 'message.py', files })));
    expect(named.values.source).toBe('message.py');
    const java = resolveLanguage(table, 'x.java');
    const multi = encodeBundle({
      dir: 'm',
      entry: null,
      files: [
        { name: 'A.java', data: Buffer.from('package foo.bar.a;\npublic class A { public static void foo() {} }') },
        { name: 'B.java', data: Buffer.from('package zoo.b;\nimport foo.bar.a.A;\npublic class B { public static void main(String[] a) { A.foo(); } }') },
      ],
    });
    expect(ok(layoutProgram(java, multi)).values.entry).toBe('zoo.b.B');
    const badName = encodeBundle({ dir: 'b', entry: null, files: [{ name: 'test-file name#.c', data: Buffer.from('') }] });
    expect(layoutProgram(resolveLanguage(table, 'x.c'), badName)).toEqual({ error: expect.stringMatching(/invalid file name/) });
  });

  it('tells the language of a folder of files by its entry, else by most of its files', () => {
    expect(languageOfFiles(table, ['main.cc', 'message.cc', 'message.hpp', 'message.o'], null)?.id).toBe('cpp');
    expect(languageOfFiles(table, ['hello.pp', 'test-hello-unit.pas'], null)?.id).toBe('pas');
    expect(languageOfFiles(table, ['a.js', 'b.js', 'x.py'], 'x.py')?.id).toBe('python');
    expect(languageOfFiles(table, ['readme.txt'], null)).toBeNull();
  });

  it('fills templates and leaves unknown ones alone', () => {
    expect(expand('-Xmx{memory_mib}m {other}', { memory_mib: 256 })).toBe('-Xmx256m {other}');
  });

  it('reports every bad field of a broken table with its file and key', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'zuko-judge-lang-'));
    const file = path.join(dir, 'languages.yaml');
    writeFileSync(
      file,
      'defaults: { source_limit_kib: -1, compile: { time_s: 1, memory_mib: 1, output_kib: 1, pids: 1 }, pids: 1, allowance: { time_ms: 0, memory_mib: 0 }, setup_images: [gcc] }\nlanguages:\n  x: { name: X, extensions: [.x], image: gcc, source: a, artifacts: [a], run: [] }\n',
    );
    try {
      loadLanguages(file);
      expect.unreachable();
    } catch (err) {
      const e = err as UserError;
      const fields = e.issues.map((i) => i.field);
      expect(fields).toEqual(expect.arrayContaining(['defaults.source_limit_kib', 'languages.x.extensions.0', 'languages.x.run']));
      expect(e.issues.every((i) => i.file === file)).toBe(true);
    }
  });
});

function ok(layout: ProgramLayout | { error: string }): ProgramLayout {
  if ('error' in layout) throw new Error(layout.error);
  return layout;
}
