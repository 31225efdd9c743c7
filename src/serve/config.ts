import { z } from 'zod';
import { UserError } from '../util/errors.js';
import { readYaml } from '../util/yaml.js';
import { zodIssues } from '../util/zod.js';

const Positive = z.number().int().positive();
const Window = z.object({ max: Positive, window_s: Positive }).strict();

/**
 * The `--config` file (YAML). Every limit has a default that protects a small public instance;
 * a file only lists what it changes.
 */
export const ServeConfigSchema = z
  .object({
    host: z.string().min(1).default('127.0.0.1'),
    port: z.number().int().min(0).max(65535).default(2358),
    /** Database for quotas, asynchronous submissions and judgings; default as the other commands. */
    db: z.string().optional(),
    /** API keys stored as SHA-256 hex digests of the key, never the key itself. */
    api_keys: z.array(z.object({ name: z.string().min(1), sha256: z.string().regex(/^[0-9a-f]{64}$/, 'a lowercase SHA-256 hex digest') }).strict()).default([]),
    /** Whether the execution endpoints need a key too (the judging endpoints always do). */
    require_key: z.boolean().default(false),
    sizes: z
      .object({
        body_bytes: Positive.default(1 << 20),
        code_bytes: Positive.default(64 * 1024),
        stdin_bytes: Positive.default(256 * 1024),
        expected_output_bytes: Positive.default(256 * 1024),
        output_bytes: Positive.default(64 * 1024),
      })
      .strict()
      .default({ body_bytes: 1 << 20, code_bytes: 64 * 1024, stdin_bytes: 256 * 1024, expected_output_bytes: 256 * 1024, output_bytes: 64 * 1024 }),
    rate: z
      .object({
        global: Window.default({ max: 600, window_s: 60 }),
        per_ip: Window.default({ max: 100, window_s: 900 }),
        per_key: Window.default({ max: 1000, window_s: 900 }),
        concurrency_per_client: Positive.default(4),
      })
      .strict()
      .default({ global: { max: 600, window_s: 60 }, per_ip: { max: 100, window_s: 900 }, per_key: { max: 1000, window_s: 900 }, concurrency_per_client: 4 }),
    /** Runs per client (API key, else IP address) per window, stored so a restart keeps the count. */
    quota: Window.default({ max: 100, window_s: 900 }),
    /** Runs waiting for a sandbox beyond which new ones are refused with 503. */
    queue_max: Positive.default(64),
    /** Limits of one run, and the most a request may ask for. */
    run: z
      .object({
        cpu_s: z.number().positive().default(3),
        max_cpu_s: z.number().positive().default(15),
        memory_kb: Positive.default(256 * 1024),
        max_memory_kb: Positive.default(512 * 1024),
      })
      .strict()
      .default({ cpu_s: 3, max_cpu_s: 15, memory_kb: 256 * 1024, max_memory_kb: 512 * 1024 }),
  })
  .strict();

export type ServeConfig = z.infer<typeof ServeConfigSchema>;

/** The defaults, or the file's settings over them; a bad file is one error naming each field. */
export function loadServeConfig(file?: string): ServeConfig {
  const raw = file ? (readYaml(file) ?? {}) : {};
  const parsed = ServeConfigSchema.safeParse(raw);
  if (!parsed.success) throw new UserError(zodIssues(file ?? '--config', parsed.error));
  return parsed.data;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

/**
 * Anything but loopback is reachable by others: it needs keys (so strangers get nothing) or an
 * explicit --public that accepts running strangers' code.
 */
export function checkExposure(config: ServeConfig, publicFlag: boolean): string | null {
  if (isLoopback(config.host)) return null;
  if (config.api_keys.length && config.require_key) return null;
  if (publicFlag) {
    return `listening on ${config.host}: anyone who reaches it can run code in the sandbox (rate ${config.rate.per_ip.max} per ${config.rate.per_ip.window_s} s per IP, quota ${config.quota.max} runs per ${config.quota.window_s} s)`;
  }
  throw new UserError(
    `--host ${config.host}: binding beyond loopback needs api_keys and require_key: true in the --config file, or --public to run anyone's code`,
  );
}
