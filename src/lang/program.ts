/**
 * Lays a submission out for its compiler: which files go into the sandbox under which names, and
 * the values of the command templates. A single file is renamed to the language's `source`; a
 * multi-file submission keeps its names and its entry point is found as DOMjudge and Kattis find
 * it (the submitter's choice, a conventional file name, the class holding main, the only source).
 */
import path from 'node:path';
import type { SandboxFile } from '../sandbox/types.js';
import { decodeBundle, type BundleFile, type SourceBundle } from './bundle.js';
import { expand, type EntryRules, type Language } from './config.js';

export interface ProgramLayout {
  files: SandboxFile[];
  /** Template values: {source} the entry file, {entry} the entry point, {name}, {dir}. */
  values: Record<string, string>;
  /** What {sources} expands to: the files in the language. */
  sources: string[];
}

/** File names DOMjudge accepts in a submission; anything else is refused at compile time. */
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9+_.-]*$/;

export function layoutProgram(lang: Language, source: Buffer): ProgramLayout | { error: string } {
  const bundle = decodeBundle(source);
  return bundle ? layoutBundle(lang, bundle) : layoutSingle(lang, source);
}

function layoutSingle(lang: Language, source: Buffer): ProgramLayout | { error: string } {
  const text = codeOf(source);
  const name = group(lang.entry.name, text) ?? lang.entry.default ?? path.parse(lang.sourceTemplate).name;
  const file = expand(lang.sourceTemplate, { name });
  const entry = mainOf(lang.entry, text) ?? name;
  if (lang.entry.main && !lang.entry.main.test(text)) return noMain(lang);
  return { files: [{ name: file, data: source }], values: { source: file, entry, name, dir: '' }, sources: [file] };
}

function layoutBundle(lang: Language, bundle: SourceBundle): ProgramLayout | { error: string } {
  const bad = bundle.files.find((f) => !FILE_NAME.test(f.name));
  if (bad) return { error: `invalid file name '${bad.name}': use letters, digits, '+', '_', '.' and '-'` };
  const sources = bundle.files.filter((f) => lang.extensions.includes(path.extname(f.name).slice(1)));
  if (!sources.length) return { error: `no ${lang.name} source among ${bundle.files.map((f) => f.name).join(', ')}` };
  const main = entryFile(lang.entry, bundle, sources);
  if ('error' in main) return main;
  const text = codeOf(main.data);
  const stem = path.parse(main.name).name;
  if (lang.entry.main && !lang.entry.main.test(text)) return noMain(lang);
  const entry = mainOf(lang.entry, text) ?? stem;
  return {
    files: bundle.files.map((f) => ({ name: f.name, data: f.data })),
    values: { source: main.name, entry, name: stem, dir: bundle.dir },
    sources: sources.map((f) => f.name),
  };
}

function entryFile(rules: EntryRules, bundle: SourceBundle, sources: BundleFile[]): BundleFile | { error: string } {
  if (bundle.entry !== null) {
    return bundle.files.find((f) => f.name === bundle.entry) ?? { error: `entry point '${bundle.entry}' is not one of the submitted files` };
  }
  for (const candidate of rules.files.map((f) => expand(f, { dir: bundle.dir }))) {
    const found = sources.find((f) => f.name === candidate);
    if (found) return found;
  }
  const starting = rules.start ? sources.filter((f) => rules.start!.test(codeOf(f.data))) : [];
  if (starting.length === 1) return starting[0];
  if (rules.main) {
    const withMain = sources.filter((f) => rules.main!.test(codeOf(f.data)));
    if (withMain.length > 1) return { error: `more than one entry point (${withMain.map((f) => f.name).join(', ')}): pick one with --entry` };
    if (withMain.length === 1) return withMain[0];
  }
  return sources[0];
}

function noMain(lang: Language): { error: string } {
  return { error: `no entry point: no source defines the main method a ${lang.name} program starts at` };
}

/** The entry point named in the code (the class with main, with its package), if the language has such a rule. */
function mainOf(rules: EntryRules, text: string): string | null {
  const main = group(rules.main, text);
  if (!main) return null;
  const pkg = group(rules.package, text);
  return pkg ? `${pkg}.${main}` : main;
}

/** A command with its templates filled; an argument that is exactly {sources} becomes every source file. */
export function commandArgv(template: readonly string[], layout: ProgramLayout): string[] {
  return template.flatMap((a) => (a === '{sources}' ? layout.sources : [expand(a, layout.values)]));
}

function group(re: RegExp | null, text: string): string | null {
  return re ? (re.exec(text)?.[1] ?? null) : null;
}

/** Source text without C-style comments, so a class named in a comment is not taken for code. */
function codeOf(data: Buffer): string {
  return data
    .toString('utf8')
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/\/\/[^\n]*/g, ' ');
}
