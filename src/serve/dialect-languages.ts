import type { Language, LanguageTable } from '../lang/config.js';

/**
 * How the Judge0 CE and Piston dialects name the languages of images/languages.yaml, keyed by our
 * language id. Judge0 ids are those Judge0 CE gives the same language (the first is the one shown
 * for it), so clients with hard-coded ids keep working; Piston names and aliases are Piston's own.
 * Versions are those of the Debian packages the images install.
 */
export interface DialectNames {
  judge0: number[];
  piston: { language: string; version: string; aliases: string[]; runtime?: string };
  /** Piston shows a compile stage for languages it compiles (not for a syntax check). */
  compiled: boolean;
  /** Other names the simple dialects accept (the online compiler's `python`, `cpp`). */
  aliases: string[];
}

export const DIALECT_LANGUAGES: Record<string, DialectNames> = {
  c: {
    judge0: [50, 48, 49, 75],
    piston: { language: 'c', version: '12.2.0', aliases: ['gcc'], runtime: 'gcc' },
    compiled: true,
    aliases: ['c'],
  },
  cpp: {
    judge0: [54, 52, 53, 76],
    piston: { language: 'c++', version: '12.2.0', aliases: ['cpp', 'g++'], runtime: 'gcc' },
    compiled: true,
    aliases: ['c++', 'g++'],
  },
  python: {
    judge0: [71],
    piston: { language: 'python', version: '3.11.2', aliases: ['py', 'py3', 'python3', 'python3.11'] },
    compiled: false,
    aliases: ['py', 'py3', 'python3'],
  },
  java: {
    judge0: [62],
    piston: { language: 'java', version: '17.0.0', aliases: [] },
    compiled: true,
    aliases: [],
  },
};

export interface DialectLanguage {
  lang: Language;
  names: DialectNames;
}

/** The languages both the table and the mapping have, in the table's order. */
export function dialectLanguages(table: LanguageTable): DialectLanguage[] {
  return table.languages.flatMap((lang) => (DIALECT_LANGUAGES[lang.id] ? [{ lang, names: DIALECT_LANGUAGES[lang.id] }] : []));
}

/** Our language for a name a simple client sends: an id, or one of its aliases. */
export function byName(table: LanguageTable, name: string): Language | null {
  const wanted = name.toLowerCase();
  return table.languages.find((l) => l.id === wanted || (DIALECT_LANGUAGES[l.id]?.aliases ?? []).includes(wanted)) ?? null;
}
