import type Docker from 'dockerode';
import type { QueueDb } from '../queue/db.js';
import { addWorkerImages } from '../queue/workers.js';
import { SandboxError, errorMessage } from '../util/errors.js';

/**
 * The engine's id of each image tag this worker judges with, asked once per tag. A tag names a
 * build context; the id names what was built from it, which differs between hosts that built it
 * on different days (other package versions): the id is what says two workers judge alike.
 */
export class EngineIds {
  private readonly known = new Map<string, Promise<string>>();

  constructor(
    private readonly db: QueueDb,
    private readonly docker: Docker,
    private readonly workerId: string,
  ) {}

  /** name → `tag@id` for each image (name → tag); recorded with the worker as they become known. */
  async of(tags: Record<string, string>): Promise<Record<string, string>> {
    const entries = await Promise.all(Object.entries(tags).map(async ([name, tag]) => [name, `${tag}@${await this.id(name, tag)}`] as const));
    return Object.fromEntries(entries);
  }

  private id(name: string, tag: string): Promise<string> {
    let id = this.known.get(tag);
    if (!id) {
      id = this.inspect(name, tag);
      this.known.set(tag, id);
      id.catch(() => this.known.delete(tag));
    }
    return id;
  }

  private async inspect(name: string, tag: string): Promise<string> {
    let id: string;
    try {
      id = (await this.docker.getImage(tag).inspect()).Id;
    } catch (err) {
      throw new SandboxError(`cannot look up image ${tag}: ${errorMessage(err)}`);
    }
    await addWorkerImages(this.db, this.workerId, { [name]: `${tag}@${id}` });
    return id;
  }
}
