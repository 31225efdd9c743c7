import path from 'node:path';
import { z } from 'zod';
import { UserError } from '../util/errors.js';
import { imagesDir } from '../util/paths.js';
import { readYaml } from '../util/yaml.js';
import { zodIssues } from '../util/zod.js';

const Argv = z.array(z.string().min(1)).min(1);
const Allowance = z.object({ time_ms: z.number().min(0), memory_mib: z.number().min(0) }).strict();
const CompileLimits = z
  .object({ time_s: z.number().positive(), memory_mib: z.number().positive(), output_kib: z.number().positive(), pids: z.number().int().positive() })
  .strict();

const Pattern = z.string().refine(isRegExp, 'must be a valid regular expression');

function isRegExp(text: string): boolean {
  try {
    new RegExp(text);
    return true;
  } catch {
    return false;
  }
}

const LanguageSchema = z
  .object({
    name: z.string(),
    extensions: z.array(z.string().regex(/^[^.]/, 'without the leading dot')).min(1),
    image: z.string().regex(/^[a-z0-9][a-z0-9_.-]*$/),
    source: z.string(),
    entry: z
      .object({
        name: Pattern.optional(),
        main: Pattern.optional(),
        package: Pattern.optional(),
        default: z.string().optional(),
        files: z.array(z.string()).optional(),
        start: Pattern.optional(),
      })
      .strict()
      .optional(),
    compile: Argv.optional(),
    version: Argv.optional(),
    compile_limits: CompileLimits.partial().optional(),
    artifacts: z.array(z.string()).min(1),
    run: Argv,
    pids: z.number().int().positive().optional(),
    allowance: Allowance.partial().optional(),
  })
  .strict();

const FileSchema = z
  .object({
    defaults: z
      .object({
        source_limit_kib: z.number().positive(),
        compile: CompileLimits,
        pids: z.number().int().positive(),
        allowance: Allowance,
        setup_images: z.array(z.string()).min(1),
      })
      .strict(),
    languages: z.record(z.string().regex(/^[a-z][a-z0-9_+-]*$/), LanguageSchema),
  })
  .strict();

/** One language with defaults applied: what the judge needs and nothing to look up later. */
export interface Language {
  id: string;
  name: string;
  extensions: string[];
  image: string;
  sourceTemplate: string;
  entry: EntryRules;
  compile: string[] | null;
  /** Prints the toolchain's version (first line kept). */
  version: string[] | null;
  compileLimits: z.infer<typeof CompileLimits>;
  artifacts: string[];
  run: string[];
  pids: number;
  allowance: { timeMs: number; memoryMib: number };
}

/** How the entry point of a program is found; see src/lang/program.ts. */
export interface EntryRules {
  /** Group 1 names the single source file (a Java public class). */
  name: RegExp | null;
  /** Group 1 is the entry point (the class holding main); the file it matches starts the program. */
  main: RegExp | null;
  /** Group 1 is the package the main class is in. */
  package: RegExp | null;
  default: string | null;
  /** Names (with {dir}, a multi-file submission's folder) that start the program, in order of preference. */
  files: string[];
  /** Among several files, the one whose code matches starts the program (a Pascal `program`). */
  start: RegExp | null;
}

export interface LanguageTable {
  sourceLimitBytes: number;
  /** Images `setup` builds; the rest are built on first need. */
  setupImages: string[];
  languages: Language[];
}

export function loadLanguages(file = path.join(imagesDir(), 'languages.yaml')): LanguageTable {
  const parsed = FileSchema.safeParse(readYaml(file));
  if (!parsed.success) throw new UserError(zodIssues(file, parsed.error));
  const { defaults, languages } = parsed.data;
  return {
    sourceLimitBytes: defaults.source_limit_kib * 1024,
    setupImages: defaults.setup_images,
    languages: Object.entries(languages).map(([id, l]) => ({
      id,
      name: l.name,
      extensions: l.extensions,
      image: l.image,
      sourceTemplate: l.source,
      entry: entryRules(l.entry),
      compile: l.compile ?? null,
      version: l.version ?? null,
      compileLimits: { ...defaults.compile, ...l.compile_limits },
      artifacts: l.artifacts,
      run: l.run,
      pids: l.pids ?? defaults.pids,
      allowance: {
        timeMs: l.allowance?.time_ms ?? defaults.allowance.time_ms,
        memoryMib: l.allowance?.memory_mib ?? defaults.allowance.memory_mib,
      },
    })),
  };
}

function entryRules(e: z.infer<typeof LanguageSchema>['entry']): EntryRules {
  const re = (p: string | undefined) => (p === undefined ? null : new RegExp(p, 'm'));
  return { name: re(e?.name), main: re(e?.main), package: re(e?.package), default: e?.default ?? null, files: e?.files ?? [], start: re(e?.start) };
}

/** Picks the language by id, or else by the file's extension; an unknown one names the known ids. */
export function resolveLanguage(table: LanguageTable, fileName: string, id?: string): Language {
  const known = table.languages.map((l) => l.id).join(', ');
  if (id) {
    const byId = table.languages.find((l) => l.id === id);
    if (!byId) throw new UserError(`unknown language '${id}'; known: ${known}`);
    return byId;
  }
  const ext = path.extname(fileName).slice(1);
  if (!ext) throw new UserError(`${fileName}: has no extension to tell its language by; pass --lang (known: ${known})`);
  const byExt = table.languages.find((l) => l.extensions.includes(ext));
  if (!byExt) throw new UserError(`${fileName}: cannot tell the language from '.${ext}'; pass --lang (known: ${known})`);
  return byExt;
}

/**
 * The language of a multi-file submission: the entry file's, else the one most of its files are
 * in (other files, like headers or data, are ignored); null when none is known.
 */
export function languageOfFiles(table: LanguageTable, names: string[], entry: string | null, id?: string): Language | null {
  if (id) return resolveLanguage(table, names[0] ?? '', id);
  const byExt = (name: string) => table.languages.find((l) => l.extensions.includes(path.extname(name).slice(1))) ?? null;
  if (entry) return byExt(entry);
  const counts = new Map<Language, number>();
  for (const lang of names.map(byExt)) if (lang) counts.set(lang, (counts.get(lang) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}

export function expand(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}
