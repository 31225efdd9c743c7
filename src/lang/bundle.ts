/**
 * A multi-file submission travels and is stored as one buffer, like a single source file, so
 * everything between reading it and compiling it handles one kind of value.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const MAGIC = 'zuko-judge multi-file submission 1\n';

export interface BundleFile {
  name: string;
  data: Buffer;
}

export interface SourceBundle {
  /** The submission folder's name (a Python entry point may be named after it). */
  dir: string;
  /** The file that starts the program when the submitter named it, else null. */
  entry: string | null;
  files: BundleFile[];
}

export function encodeBundle(bundle: SourceBundle): Buffer {
  const files = bundle.files.map((f) => ({ name: f.name, data: f.data.toString('base64') }));
  return Buffer.concat([Buffer.from(MAGIC), Buffer.from(JSON.stringify({ dir: bundle.dir, entry: bundle.entry, files }))]);
}

/** The bundle in `source`, or null when it is a plain single source file. */
export function decodeBundle(source: Buffer): SourceBundle | null {
  if (!source.subarray(0, MAGIC.length).equals(Buffer.from(MAGIC))) return null;
  const raw = JSON.parse(source.subarray(MAGIC.length).toString('utf8')) as { dir: string; entry: string | null; files: Array<{ name: string; data: string }> };
  return { dir: raw.dir, entry: raw.entry, files: raw.files.map((f) => ({ name: f.name, data: Buffer.from(f.data, 'base64') })) };
}

/** A folder's files (not its subfolders, nor hidden files) as one submission. */
export function bundleFromDir(dir: string, entry: string | null): SourceBundle {
  const names = readdirSync(dir)
    .filter((n) => !n.startsWith('.') && statSync(path.join(dir, n)).isFile())
    .sort();
  return { dir: path.basename(dir), entry, files: names.map((name) => ({ name, data: readFileSync(path.join(dir, name)) })) };
}

export function bundleSize(bundle: SourceBundle): number {
  return bundle.files.reduce((n, f) => n + f.data.length, 0);
}
