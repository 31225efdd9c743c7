import type { QueueDb } from '../queue/db.js';
import { addWorkerImages } from '../queue/workers.js';
import type { Sandbox } from '../sandbox/types.js';
import { sharedPromise } from '../util/memo.js';

/**
 * What each image this worker judges with was built into, asked once per image. A tag names a
 * build context; what was built from it differs between hosts that built it on different days
 * (other package versions): the built image's id is what says two workers judge alike.
 */
export class EngineIds {
  private readonly known = new Map<string, Promise<string>>();

  constructor(
    private readonly db: QueueDb,
    private readonly sandbox: Sandbox,
    private readonly workerId: string,
  ) {}

  /** name → `tag@built id` for each image (name → tag); recorded with the worker as they become known. */
  async of(tags: Record<string, string>): Promise<Record<string, string>> {
    const entries = await Promise.all(Object.entries(tags).map(async ([name, tag]) => [name, `${tag}@${await this.id(name)}`] as const));
    return Object.fromEntries(entries);
  }

  private id(name: string): Promise<string> {
    return sharedPromise(this.known, name, () => this.lookUp(name));
  }

  private async lookUp(name: string): Promise<string> {
    // A sandbox that cannot tell builds apart has only the tag to go by.
    const id = (await this.sandbox.builtImageId?.(name)) ?? this.sandbox.imageId(name);
    await addWorkerImages(this.db, this.workerId, { [name]: `${this.sandbox.imageId(name)}@${id}` });
    return id;
  }
}
