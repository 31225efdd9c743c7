import path from 'node:path';

/**
 * Where a database is, as `--db` or ZUKO_DB give it: a file path means SQLite, a `postgres://`
 * or `postgresql://` URL means a PostgreSQL server that several judge hosts can share.
 */
export type DbLocation = { kind: 'sqlite'; file: string; label: string } | { kind: 'postgres'; url: string; label: string };

const POSTGRES_URL = /^postgres(?:ql)?:\/\//i;

export function parseDbLocation(value: string): DbLocation {
  if (POSTGRES_URL.test(value)) return { kind: 'postgres', url: value, label: maskPassword(value) };
  const file = path.resolve(value);
  return { kind: 'sqlite', file, label: file };
}

/** The URL as it may be printed: any password replaced by `***`. */
export function maskPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.password) return url;
    parsed.password = '***';
    return parsed.toString();
  } catch {
    // Not parseable as a URL: hide everything between "://user:" and "@", whatever it is.
    return url.replace(/^([a-z]+:\/\/[^:/@]*:)[^@]*@/i, '$1***@');
  }
}
