/**
 * Problem packages in the database, by content hash: whoever queues work stores the package it
 * is judged against, and a worker on any host extracts it into its own cache, checking the hash.
 * A path is never trusted: it may name another folder, or nothing, on the worker's host.
 */
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { extractPackage, packPackage } from '../problem/archive.js';
import { packageHash } from '../problem/hash.js';
import type { Problem } from '../problem/types.js';
import { UserError } from '../util/errors.js';
import { sharedPromise } from '../util/memo.js';
import type { QueueDb } from './db.js';

/** Stores the package (once per content) and returns the key its archive is fetched by. */
export async function storePackage(db: QueueDb, problem: Problem): Promise<string> {
  const archive = packPackage(problem.dir);
  await db.pool.query(
    `INSERT INTO zuko_queue.packages (archive_sha256, package_hash, problem_id, archive) VALUES ($1, $2, $3, $4)
     ON CONFLICT (archive_sha256) DO NOTHING`,
    [archive.sha256, problem.hash, problem.id, archive.gzip],
  );
  return archive.sha256;
}

const PackageMeta = z.object({ package_hash: z.string().min(1), problem_id: z.string().min(1) });
const PackageArchive = z.object({ archive: z.instanceof(Buffer) });

/**
 * The package folder for this archive in the worker's cache (`<cacheRoot>/<sha>/<problem id>`),
 * fetched and extracted the first time. The folder keeps the problem's own name: the problem id
 * is the folder's name. A folder already there is used only while its contents still hash right.
 */
export class PackageCache {
  private readonly pending = new Map<string, Promise<string>>();

  constructor(
    private readonly db: QueueDb,
    private readonly root: string,
  ) {}

  dir(archiveSha: string): Promise<string> {
    return sharedPromise(this.pending, archiveSha, () => this.fetch(archiveSha));
  }

  private async fetch(archiveSha: string): Promise<string> {
    const [meta] = await this.db.rows(PackageMeta, 'packages', 'SELECT package_hash, problem_id FROM zuko_queue.packages WHERE archive_sha256 = $1', [
      archiveSha,
    ]);
    if (!meta) throw UserError.at(this.db.where, 'zuko_queue.packages', `no package archive ${archiveSha}; queue the submission again`);
    const target = path.join(this.root, archiveSha, meta.problem_id);
    if (existsSync(target)) {
      if (packageHash(target) === meta.package_hash) return target;
      // Changed in the cache since it was extracted: the archive is the truth.
      rmSync(target, { recursive: true, force: true });
    }
    const [row] = await this.db.rows(PackageArchive, 'packages', 'SELECT archive FROM zuko_queue.packages WHERE archive_sha256 = $1', [archiveSha]);
    extractPackage(row.archive, archiveSha, meta.package_hash, target);
    return target;
  }
}
