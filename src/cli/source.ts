import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { bundleFromDir, bundleSize, encodeBundle } from '../lang/bundle.js';
import { languageOfFiles, resolveLanguage, type Language, type LanguageTable } from '../lang/config.js';
import { UserError } from '../util/errors.js';

export interface SubmittedSource {
  source: Buffer;
  /** The file's name, or the folder's for a multi-file submission. */
  fileName: string;
  lang: Language;
}

/**
 * A submission's source, checked once: a file, or a folder whose files are one multi-file
 * submission (`entry` names the file that starts it); within the size limit; in a known language.
 */
export function readSubmission(file: string, languages: LanguageTable, opts: { lang?: string; entry?: string }): SubmittedSource {
  const st = statOrFail(file);
  if (st.isDirectory()) return readFolder(file, languages, opts);
  if (opts.entry) throw new UserError(`--entry is for a folder of files; ${file} is one file`);
  const source = readSource(file, languages.sourceLimitBytes);
  return { source, fileName: path.basename(file), lang: resolveLanguage(languages, file, opts.lang) };
}

function readFolder(dir: string, languages: LanguageTable, opts: { lang?: string; entry?: string }): SubmittedSource {
  const bundle = bundleFromDir(dir, opts.entry ?? null);
  if (!bundle.files.length) throw new UserError(`${dir}: no files in it`);
  if (opts.entry && !bundle.files.some((f) => f.name === opts.entry)) throw new UserError(`${dir}: --entry ${opts.entry} is not one of its files`);
  const size = bundleSize(bundle);
  if (size === 0) throw new UserError(`${dir}: every file in it is empty; an empty source is not a submission`);
  if (size > languages.sourceLimitBytes)
    throw new UserError(`${dir}: sources are ${Math.ceil(size / 1024)} KiB, over the ${languages.sourceLimitBytes / 1024} KiB limit`);
  const lang = languageOfFiles(
    languages,
    bundle.files.map((f) => f.name),
    bundle.entry,
    opts.lang,
  );
  if (!lang) throw new UserError(`${dir}: cannot tell the language from its files; pass --lang (known: ${languages.languages.map((l) => l.id).join(', ')})`);
  return { source: encodeBundle(bundle), fileName: path.basename(path.resolve(dir)), lang };
}

function statOrFail(file: string) {
  try {
    return statSync(file);
  } catch {
    throw new UserError(`${file}: no such file or folder`);
  }
}

/**
 * A submission's source, checked once: it exists, is a file, is not empty (DOMjudge refuses empty
 * files too) and is within the size limit.
 */
export function readSource(file: string, limitBytes: number): Buffer {
  let size: number;
  try {
    const st = statSync(file);
    if (st.isDirectory()) throw new UserError(`${file}: is a directory; pass one source file`);
    if (!st.isFile()) throw new UserError(`${file}: not a regular file`);
    size = st.size;
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new UserError(`${file}: no such file`);
  }
  if (size === 0) throw new UserError(`${file}: is empty; an empty source is not a submission`);
  if (size > limitBytes) throw new UserError(`${file}: source is ${Math.ceil(size / 1024)} KiB, over the ${limitBytes / 1024} KiB limit`);
  return readFileSync(file);
}
