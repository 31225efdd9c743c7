import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { CLI, type workspace } from './zuko.js';

export interface RunningServer {
  url: string;
  child: ChildProcess;
  /** Everything the server wrote on stderr so far. */
  log(): string;
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<void>;
  /** SIGKILL: no clean-up at all, as a crash would. */
  kill(): Promise<void>;
}

/**
 * Starts the built `zuko-judge serve` on a free loopback port with the given config file contents
 * and waits for its "listening on" line.
 */
export async function startServer(
  ws: ReturnType<typeof workspace>,
  config: Record<string, unknown>,
  env: Record<string, string> = {},
  cwd = process.cwd(),
): Promise<RunningServer> {
  const file = path.join(ws.dir, `serve-${Date.now()}.yaml`);
  writeFileSync(file, stringify({ port: 0, ...config }));
  const child = spawn(process.execPath, [CLI, 'serve', '--config', file], {
    cwd,
    env: { ...process.env, ZUKO_DB: ws.db, ZUKO_CACHE: ws.cache, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start in 120 s:\n${stderr}`)), 120_000);
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(stderr);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}:\n${stderr}`));
    });
  });
  return {
    url,
    child,
    log: () => stderr,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

export interface Answer {
  status: number;
  headers: Headers;
  json: any;
}

/** A JSON request; the answer's body parsed when it is JSON. */
export async function call(url: string, method: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(url, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown = text;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON (metrics): keep the text
  }
  return { status: res.status, headers: res.headers, json };
}

/** Sum of a Prometheus counter's samples whose labels contain all of `labels`. */
export function metricSum(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (!Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) continue;
    sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}
