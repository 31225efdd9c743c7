import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { sha256 } from '../util/hash.js';

/** One hash over every path, mode and byte below `dir`: equal hashes mean an unchanged tree. */
export function hashTree(dir: string): string {
  const parts: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const full = path.join(d, name);
      const st = statSync(full);
      const rel = path.relative(dir, full);
      if (st.isDirectory()) {
        parts.push(`d ${rel} ${st.mode}`);
        walk(full);
      } else parts.push(`f ${rel} ${st.mode} ${sha256(readFileSync(full))}`);
    }
  };
  walk(dir);
  return sha256(parts.join('\n'));
}
