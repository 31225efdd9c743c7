import type { Compiled } from '../judge/compile.js';

/**
 * The most recently used compilations, in memory: a repeated program (an editor's hello world, a
 * bot's snippet) skips the compile cache's file reads. Bounded, oldest dropped first.
 */
export class CompileMemo {
  private readonly entries = new Map<string, Compiled>();

  constructor(private readonly max = 256) {}

  async get(key: string, make: () => Promise<Compiled>): Promise<Compiled> {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return { ...hit, cached: true };
    }
    const made = await make();
    this.entries.set(key, made);
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
    return made;
  }
}
