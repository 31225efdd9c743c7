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

const LanguageSchema = z
  .object({
    name: z.string(),
    extensions: z.array(z.string().regex(/^[^.]/, 'without the leading dot')).min(1),
    image: z.string().regex(/^[a-z0-9][a-z0-9_.-]*$/),
    source: z.string(),
    entry: z.object({ pattern: z.string(), default: z.string() }).strict().optional(),
    compile: Argv.optional(),
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
      .object({ source_limit_kib: z.number().positive(), compile: CompileLimits, pids: z.number().int().positive(), allowance: Allowance })
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
  entry: { pattern: RegExp; default: string } | null;
  compile: string[] | null;
  compileLimits: z.infer<typeof CompileLimits>;
  artifacts: string[];
  run: string[];
  pids: number;
  allowance: { timeMs: number; memoryMib: number };
}

export interface LanguageTable {
  sourceLimitBytes: number;
  languages: Language[];
}

export function loadLanguages(file = path.join(imagesDir(), 'languages.yaml')): LanguageTable {
  const parsed = FileSchema.safeParse(readYaml(file));
  if (!parsed.success) throw new UserError(zodIssues(file, parsed.error));
  const { defaults, languages } = parsed.data;
  return {
    sourceLimitBytes: defaults.source_limit_kib * 1024,
    languages: Object.entries(languages).map(([id, l]) => ({
      id,
      name: l.name,
      extensions: l.extensions,
      image: l.image,
      sourceTemplate: l.source,
      entry: l.entry ? { pattern: new RegExp(l.entry.pattern), default: l.entry.default } : null,
      compile: l.compile ?? null,
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

/** Picks the language by id, or else by the file's extension; an unknown one names the known ids. */
export function resolveLanguage(table: LanguageTable, fileName: string, id?: string): Language {
  const known = table.languages.map((l) => l.id).join(', ');
  if (id) {
    const byId = table.languages.find((l) => l.id === id);
    if (!byId) throw new UserError(`unknown language '${id}'; known: ${known}`);
    return byId;
  }
  const ext = path.extname(fileName).slice(1);
  const byExt = table.languages.find((l) => l.extensions.includes(ext));
  if (!byExt) throw new UserError(`${fileName}: cannot tell the language from '.${ext}'; pass --lang (known: ${known})`);
  return byExt;
}

/** Values for the command templates of one submission. */
export function templateValues(lang: Language, source: Buffer): { source: string; entry: string } {
  const match = lang.entry ? lang.entry.pattern.exec(source.toString('utf8')) : null;
  const entry = match?.[1] ?? lang.entry?.default ?? path.parse(lang.sourceTemplate).name;
  return { entry, source: expand(lang.sourceTemplate, { entry }) };
}

export function expand(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}
