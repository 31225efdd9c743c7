import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expand, loadLanguages, resolveLanguage, templateValues } from '../../../src/lang/config.js';
import { UserError } from '../../../src/util/errors.js';

const table = loadLanguages();

describe('language table', () => {
  it('has the four required languages', () => {
    expect(table.languages.map((l) => l.id).sort()).toEqual(['c', 'cpp', 'java', 'python']);
    expect(table.sourceLimitBytes).toBe(256 * 1024);
  });

  it('resolves by extension, then by id, and names the known ids otherwise', () => {
    expect(resolveLanguage(table, 'a.cc').id).toBe('cpp');
    expect(resolveLanguage(table, 'a.txt', 'python').id).toBe('python');
    expect(() => resolveLanguage(table, 'a.rs')).toThrow(/known: c, cpp, python, java/);
    expect(() => resolveLanguage(table, 'a.c', 'cobol')).toThrow(UserError);
  });

  it('takes the Java entry point from the public class, else the default', () => {
    const java = resolveLanguage(table, 'x.java');
    expect(templateValues(java, Buffer.from('class Helper {}\npublic final class Solver { }'))).toEqual({ entry: 'Solver', source: 'Solver.java' });
    expect(templateValues(java, Buffer.from('class X {}'))).toEqual({ entry: 'Main', source: 'Main.java' });
    expect(templateValues(resolveLanguage(table, 'x.cpp'), Buffer.from(''))).toEqual({ entry: 'main', source: 'main.cpp' });
  });

  it('fills templates and leaves unknown ones alone', () => {
    expect(expand('-Xmx{memory_mib}m {other}', { memory_mib: 256 })).toBe('-Xmx256m {other}');
  });

  it('reports every bad field of a broken table with its file and key', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'zuko-judge-lang-'));
    const file = path.join(dir, 'languages.yaml');
    writeFileSync(file, 'defaults: { source_limit_kib: -1, compile: { time_s: 1, memory_mib: 1, output_kib: 1, pids: 1 }, pids: 1, allowance: { time_ms: 0, memory_mib: 0 } }\nlanguages:\n  x: { name: X, extensions: [.x], image: gcc, source: a, artifacts: [a], run: [] }\n');
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
