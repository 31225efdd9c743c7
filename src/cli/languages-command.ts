import { compileLimits } from '../judge/limits.js';
import type { Language } from '../lang/config.js';
import { builtImages } from '../setup/setup.js';
import { errorMessage } from '../util/errors.js';
import { REPORT_VERSION, type LanguagesReportJson } from '../report/schemas.js';
import { info, out, paint, printJson, table } from './output.js';
import { openRuntime, type Runtime } from './runtime.js';

type LanguageRow = LanguagesReportJson['languages'][number];

/** Every language, its toolchain's version (asked of its image, where built) and whether its image is built. */
export async function languagesCommand(opts: { json?: boolean }): Promise<void> {
  const runtime = await openRuntime(info);
  try {
    const built = await builtImages(runtime.engine.docker, runtime.languages);
    const rows = await Promise.all(
      runtime.languages.languages.map(async (l): Promise<LanguageRow> => {
        const isBuilt = built.get(l.image) ?? false;
        return {
          id: l.id,
          name: l.name,
          extensions: l.extensions,
          image: l.image,
          built: isBuilt,
          toolchain_version: isBuilt ? await versionOf(runtime, l) : null,
        };
      }),
    );
    if (opts.json) printJson({ version: REPORT_VERSION, languages: rows });
    else print(rows);
  } finally {
    await runtime.close();
  }
}

async function versionOf(runtime: Runtime, lang: Language): Promise<string | null> {
  if (!lang.version) return null;
  const limits = compileLimits(lang);
  try {
    const result = await runtime.queue.add(() => runtime.sandbox.run(lang.image, { argv: lang.version!, limits }));
    const text = Buffer.concat([result!.stdout, result!.stderr]).toString('utf8').trim();
    return text.split('\n')[0] || null;
  } catch (err) {
    return `(${errorMessage(err)})`;
  }
}

function print(rows: LanguageRow[]): void {
  out(
    table(
      ['id', 'language', 'extensions', 'image', 'version'],
      rows.map((r) => [
        r.id,
        r.name,
        r.extensions.join(' '),
        r.built ? paint('green', r.image) : paint('grey', `${r.image} (built on first use)`),
        r.toolchain_version ?? '',
      ]),
    ),
  );
}
