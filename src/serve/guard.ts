import { createHash, timingSafeEqual } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ServeStore } from '../store/serve.js';
import type { ServeConfig } from './config.js';
import { HttpError } from './http-error.js';

/** Who is asking: an API key by its name, else the address. Limits and quotas count per client. */
export interface Client {
  id: string;
  key: string | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    client: Client;
    holdsSlot: boolean;
  }
  interface FastifyContextConfig {
    needsKey?: boolean;
    runs?: boolean;
  }
}

/** Routes that answer whatever the limits (monitoring must keep working under a flood). */
const UNLIMITED = new Set(['/healthz', '/metrics']);

function sha256Hex(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

function presentedKey(req: FastifyRequest): string | null {
  const header = req.headers['x-auth-token'];
  if (typeof header === 'string' && header) return header;
  const auth = req.headers.authorization;
  return auth?.startsWith('Bearer ') ? auth.slice(7) : null;
}

/** The key's name when the presented key hashes to a configured digest. */
function keyName(config: ServeConfig, key: string): string | null {
  const digest = sha256Hex(key);
  const match = config.api_keys.find((k) => timingSafeEqual(Buffer.from(k.sha256, 'hex'), digest));
  return match?.name ?? null;
}

/**
 * Identity, key checks, rate limits (global, per IP, per key), a concurrency cap per client and
 * the stored run quota, as hooks in that order: the cheap checks refuse a flood before the
 * database is touched.
 */
export async function installGuards(app: FastifyInstance, config: ServeConfig, store: ServeStore): Promise<void> {
  app.decorateRequest('client', null as unknown as Client);
  app.decorateRequest('holdsSlot', false);

  app.addHook('onRequest', async (req) => {
    const key = presentedKey(req);
    const name = key === null ? null : keyName(config, key);
    if (key !== null && name === null) throw new HttpError(401, 'X-Auth-Token', 'unknown API key');
    req.client = name ? { id: `key:${name}`, key: name } : { id: `ip:${req.ip}`, key: null };
    const route = req.routeOptions.config;
    const needsKey = route.needsKey || (route.runs && config.require_key);
    if (needsKey && !name) {
      const how = config.api_keys.length ? 'send one in the X-Auth-Token header' : 'none is configured: add api_keys to the --config file';
      throw new HttpError(401, 'X-Auth-Token', `this endpoint needs an API key; ${how}`);
    }
  });

  await app.register(rateLimit, { global: false });
  const allowList = (req: FastifyRequest) => UNLIMITED.has(req.routeOptions.url ?? '');
  // The plugin runs one limiter per request, so the server-wide window is counted here.
  const global = fixedWindow(config.rate.global.max, config.rate.global.window_s * 1000);
  app.addHook('onRequest', async (req) => {
    if (allowList(req)) return;
    const wait = global();
    if (wait > 0) throw rateRefusal('global', wait);
  });
  app.addHook(
    'onRequest',
    app.rateLimit({
      max: async (req) => (req.client.key ? config.rate.per_key.max : config.rate.per_ip.max),
      timeWindow: async (req) => (req.client.key ? config.rate.per_key.window_s : config.rate.per_ip.window_s) * 1000,
      keyGenerator: (req) => req.client.id,
      allowList,
      errorResponseBuilder: (req, context) => rateRefusal(req.client.key ? 'per_key' : 'per_ip', context.ttl),
    }),
  );

  const inFlight = new Map<string, number>();
  app.addHook('preHandler', async (req) => {
    if (!req.routeOptions.config.runs) return;
    const held = inFlight.get(req.client.id) ?? 0;
    if (held >= config.rate.concurrency_per_client) {
      throw HttpError.limited(429, 'concurrency', `at most ${config.rate.concurrency_per_client} runs at once per client; wait for one to finish`, 1);
    }
    inFlight.set(req.client.id, held + 1);
    req.holdsSlot = true;
    await chargeQuota(req, config, store);
  });
  app.addHook('onResponse', async (req) => {
    if (!req.holdsSlot) return;
    const held = (inFlight.get(req.client.id) ?? 1) - 1;
    if (held) inFlight.set(req.client.id, held);
    else inFlight.delete(req.client.id);
  });
}

function rateRefusal(limit: string, waitMs: number): HttpError {
  return HttpError.limited(429, limit, `rate limit (${limit}) reached; retry in ${Math.ceil(waitMs / 1000)} s`, waitMs / 1000);
}

/** Counts calls in windows opened by the first call after the last one ended; returns 0 when one more fits, else the ms until the window ends. */
export function fixedWindow(max: number, windowMs: number, now: () => number = Date.now): () => number {
  let start = 0;
  let count = 0;
  return () => {
    const t = now();
    if (t - start >= windowMs) {
      start = t;
      count = 0;
    }
    count++;
    return count <= max ? 0 : start + windowMs - t;
  };
}

/** Runs a request asks for: a Judge0 batch is as many runs as it has submissions. */
function runsAsked(body: unknown): number {
  const submissions = (body as { submissions?: unknown } | null)?.submissions;
  return Array.isArray(submissions) ? Math.max(1, submissions.length) : 1;
}

async function chargeQuota(req: FastifyRequest, config: ServeConfig, store: ServeStore): Promise<void> {
  const windowMs = config.quota.window_s * 1000;
  const now = Date.now();
  const windowStart = Math.floor(now / windowMs) * windowMs;
  const used = await store.useQuota(req.client.id, windowStart, runsAsked(req.body));
  if (used <= config.quota.max) return;
  throw HttpError.limited(429, 'quota', `quota of ${config.quota.max} runs per ${config.quota.window_s} s used up`, (windowStart + windowMs - now) / 1000);
}
