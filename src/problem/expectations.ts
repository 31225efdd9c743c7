/**
 * What the authors of a package expect of each example submission: the folder it sits in (every
 * folder name DOMjudge, problemtools and the current spec use), `@EXPECTED_RESULTS@:` and
 * `@EXPECTED_SCORE@:` lines inside its sources (which take precedence, as in DOMjudge), the
 * current spec's `submissions/submissions.yaml`, and DOMjudge's `submissions.json` entry points.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { VERDICTS, type Verdict } from '../verdict/verdict.js';
import type { Issue } from '../util/errors.js';
import { readYaml } from '../util/yaml.js';
import { isDir, isFile, visible } from './files.js';
import { followTextLink } from './links.js';
import { EXPECTED_VERDICTS, RESULT_NAMES } from './schema.js';
import type { ExampleSubmission } from './types.js';

/** Every contestant verdict: what "check manually" allows. */
const ANY: Verdict[] = VERDICTS.filter((v) => v !== 'JE' && v !== 'SK');

interface Override {
  allowed?: Verdict[];
  score?: number;
  entry?: string;
}

export function exampleSubmissions(root: string, issues: Issue[]): ExampleSubmission[] {
  const dir = path.join(root, 'submissions');
  if (!isDir(dir)) return [];
  const overrides = [...submissionsYaml(dir, issues), ...domjudgeEntryPoints(root)];
  const out: ExampleSubmission[] = [];
  for (const folder of visible(dir).filter((n) => isDir(path.join(dir, n)))) {
    for (const name of visible(path.join(dir, folder))) {
      const unit = path.join(dir, folder, name);
      out.push(expectation(unit, path.relative(dir, unit).split(path.sep).join('/'), folder, overrides));
    }
  }
  return out;
}

function expectation(unit: string, rel: string, folder: string, overrides: Array<{ glob: RegExp; override: Override }>): ExampleSubmission {
  const isDirUnit = isDir(unit);
  const found = annotations(
    isDirUnit
      ? visible(unit)
          .map((n) => path.join(unit, n))
          .filter(isFile)
      : [unit],
  );
  const own = overrides.filter((o) => o.glob.test(rel) || o.glob.test(`${rel}/`)).map((o) => o.override);
  const fromYaml = Object.assign({}, ...own) as Override;
  const allowed = fromYaml.allowed ?? found.allowed ?? folderVerdicts(folder);
  const score = fromYaml.score ?? found.score;
  return {
    file: unit,
    isDir: isDirUnit,
    expected: folder,
    allowed,
    score,
    partial: score === null && (folder === 'partial' || folder === 'partially_accepted'),
    entry: fromYaml.entry ?? null,
  };
}

function folderVerdicts(folder: string): Verdict[] {
  if (folder === 'check_manually') return ANY;
  return [...((EXPECTED_VERDICTS as Record<string, readonly Verdict[]>)[folder] ?? [])];
}

/** `@EXPECTED_RESULTS@: A, B` (any of them agrees) and `@EXPECTED_SCORE@: 60` in any of the files; results under the score tag count too. */
export function annotations(files: string[]): { allowed: Verdict[] | null; score: number | null } {
  const results = new Set<Verdict>();
  let score: number | null = null;
  let seen = false;
  for (const file of files) {
    const text = readFileSync(followTextLink(file)).toString('latin1');
    // DOMjudge also reads results under the score tag (`@EXPECTED_SCORE@: CORRECT`).
    for (const m of text.matchAll(/@EXPECTED_(?:RESULTS|SCORE)@:?[ \t]*([A-Z_, \t-]+)/g)) {
      const names = m[1]
        .split(',')
        .map((n) => n.trim())
        .filter(Boolean);
      for (const name of names) for (const v of RESULT_NAMES[name] ?? []) results.add(v);
      seen ||= names.some((n) => n in RESULT_NAMES);
    }
    const s = /@EXPECTED_SCORE@:[ \t]*(-?\d+(?:\.\d+)?)/.exec(text);
    if (s) score = Number(s[1]);
  }
  return { allowed: seen ? [...results] : null, score };
}

/** The current spec's submissions.yaml: glob → permitted / required verdicts, score, entrypoint. */
function submissionsYaml(dir: string, issues: Issue[]): Array<{ glob: RegExp; override: Override }> {
  const file = path.join(dir, 'submissions.yaml');
  if (!existsSync(file)) return [];
  let raw: unknown;
  try {
    raw = readYaml(file);
  } catch (err) {
    issues.push(...((err as { issues?: Issue[] }).issues ?? []));
    return [];
  }
  if (!raw || typeof raw !== 'object') return [];
  return Object.entries(raw as Record<string, Record<string, unknown>>).map(([pattern, v]) => {
    const verdicts = [v?.permitted, v?.required].flat().filter((x): x is Verdict => typeof x === 'string' && (VERDICTS as readonly string[]).includes(x));
    const override: Override = {};
    if (verdicts.length) override.allowed = [...new Set(verdicts)];
    if (typeof v?.score === 'number') override.score = v.score;
    if (typeof v?.entrypoint === 'string') override.entry = v.entrypoint;
    return { glob: globRegExp(pattern), override };
  });
}

/** DOMjudge's submissions.json next to submissions/: `{"submissions/<folder>/<dir>/": {"entry_point": "main.py"}}`. */
function domjudgeEntryPoints(root: string): Array<{ glob: RegExp; override: Override }> {
  const file = path.join(root, 'submissions.json');
  if (!existsSync(file)) return [];
  const raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, { entry_point?: string }>;
  return Object.entries(raw)
    .filter(([, v]) => typeof v?.entry_point === 'string')
    .map(([key, v]) => ({ glob: globRegExp(key.replace(/^submissions\//, '')), override: { entry: v.entry_point } }));
}

/** `*` within one path segment, `**` across segments; a pattern names the unit or anything below it. */
function globRegExp(pattern: string): RegExp {
  const body = pattern
    .split(/(\*\*|\*)/)
    .map((part) => (part === '**' ? '.*' : part === '*' ? '[^/]*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}(/.*)?$`);
}
