import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The folders of src/ are layers (README, "Layout"): each may import only the folders listed for
 * it here. A new folder, or a new direction, is a decision to make here and in the README.
 */
const LAYERS: Record<string, readonly string[]> = {
  util: [],
  verdict: [],
  sandbox: ['util'],
  lang: ['util', 'sandbox'],
  problem: ['util', 'verdict'],
  check: ['util', 'verdict', 'problem'],
  score: ['util', 'verdict', 'problem'],
  judge: ['util', 'verdict', 'sandbox', 'lang', 'problem', 'check', 'score'],
  store: ['util', 'verdict'],
  record: ['util', 'verdict', 'sandbox', 'lang', 'problem', 'judge', 'store'],
  contest: ['util', 'verdict', 'problem', 'score', 'store'],
  setup: ['util', 'sandbox', 'lang'],
  report: ['util', 'verdict', 'problem', 'judge', 'store', 'contest'],
  queue: ['util', 'problem', 'store'],
  serve: ['util', 'verdict', 'sandbox', 'lang', 'problem', 'check', 'score', 'judge', 'store', 'record', 'contest', 'report', 'queue'],
  worker: ['util', 'verdict', 'sandbox', 'lang', 'problem', 'check', 'score', 'judge', 'store', 'record', 'queue'],
  cli: [
    'util',
    'verdict',
    'sandbox',
    'lang',
    'problem',
    'check',
    'score',
    'judge',
    'store',
    'record',
    'contest',
    'report',
    'setup',
    'queue',
    'serve',
    'worker',
  ],
  conformance: ['util', 'verdict', 'sandbox', 'lang', 'problem', 'check', 'score', 'judge', 'store', 'record', 'contest', 'setup', 'cli'],
  bench: ['util', 'verdict', 'sandbox', 'lang', 'problem', 'check', 'score', 'judge', 'store', 'record', 'contest', 'setup', 'queue', 'serve', 'worker', 'cli'],
};

/** Imports that break the rule today, each with why it may, until it is gone. */
const EXCEPTIONS: Record<string, string> = {};

/** Packages that only their own layers may use: the rest of the code sees them through an interface. */
const PACKAGES: Record<string, readonly string[]> = {
  dockerode: ['sandbox', 'setup', 'bench'],
  'better-sqlite3': ['store'],
  pg: ['store', 'queue'],
};

const SRC = path.resolve('src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sources(full);
    return e.name.endsWith('.ts') ? [full] : [];
  });
}

/** Every module a file imports or re-exports, static or dynamic, as written. */
function specifiers(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const statements = /(?:^|[\s;])(?:import|export)(?:\s+[^'";]*?\s+from)?\s*\(?\s*['"]([^'"]+)['"]/gm;
  return [...text.matchAll(statements)].map((m) => m[1]);
}

const layerOf = (file: string) => path.relative(SRC, file).split(path.sep)[0];

describe('layers', () => {
  const files = sources(SRC);

  it('knows every folder of src/', () => {
    const folders = new Set(files.map(layerOf));
    expect([...folders].filter((f) => !(f in LAYERS))).toEqual([]);
  });

  it('imports only in the allowed directions', () => {
    const wrong: string[] = [];
    for (const file of files) {
      const from = layerOf(file);
      for (const spec of specifiers(file).filter((s) => s.startsWith('.'))) {
        const target = path.resolve(path.dirname(file), spec).replace(/\.js$/, '.ts');
        const to = layerOf(target);
        const edge = `${path.relative(SRC, file)} -> ${path.relative(SRC, target)}`;
        if (to !== from && !LAYERS[from]?.includes(to) && !(edge in EXCEPTIONS))
          wrong.push(`${edge} (${from} may import: ${LAYERS[from]?.join(', ') || 'nothing'})`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('keeps the engine and the database client inside their layers', () => {
    const wrong = files.flatMap((file) =>
      specifiers(file)
        .filter((spec) => spec in PACKAGES && !PACKAGES[spec].includes(layerOf(file)))
        .map((spec) => `${path.relative(SRC, file)} imports ${spec}`),
    );
    expect(wrong).toEqual([]);
  });

  it('lists no exception that is no longer needed', () => {
    const edges = new Set(
      files.flatMap((file) =>
        specifiers(file)
          .filter((s) => s.startsWith('.'))
          .map((s) => `${path.relative(SRC, file)} -> ${path.relative(SRC, path.resolve(path.dirname(file), s).replace(/\.js$/, '.ts'))}`),
      ),
    );
    expect(Object.keys(EXCEPTIONS).filter((e) => !edges.has(e))).toEqual([]);
  });
});
