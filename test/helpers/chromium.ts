import { execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const NAMES = ['chromium', 'chromium-browser'];

/** Where browser tests leave their screenshots, for a person to look at. */
export const ARTIFACTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'test-artifacts');

/** A headless browser that reaches nothing but the server under test. */
export const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The first executable named `name` on PATH, or null. */
function onPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this folder
    }
  }
  return null;
}

function findChromium(): string | null {
  for (const name of NAMES) {
    const found = onPath(name);
    if (found) return found;
  }
  return null;
}

/**
 * The path of Debian's Chromium, for browser tests. Installs the `chromium` package with apt-get
 * when it is missing and we run as root; otherwise throws saying what to install.
 */
export function ensureChromium(): string {
  const found = findChromium();
  if (found) return found;
  if (process.getuid?.() !== 0) {
    throw new Error('chromium not found: install it with `sudo apt-get install -y chromium` (Debian/Ubuntu)');
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  try {
    execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], { env, stdio: 'pipe' });
  } catch {
    // The package lists may be stale or absent (fresh containers): refresh once and retry.
    execFileSync('apt-get', ['update'], { env, stdio: 'pipe' });
    execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], { env, stdio: 'pipe' });
  }
  const installed = findChromium();
  if (!installed) throw new Error('chromium not found after `apt-get install -y chromium`: check the apt sources');
  return installed;
}
