import { z } from 'zod';
import type { ServeContext } from '../context.js';
import { HttpError } from '../http-error.js';
import type { Metrics } from '../metrics.js';
import { route, type Route } from '../route.js';

const PING_TIMEOUT_MS = 2000;

/** The engine answers a ping in time, and the default languages' images are present (setup builds them; the rest are built on first use). */
async function engineState(ctx: ServeContext): Promise<{ engine: boolean; images: boolean }> {
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no answer')), PING_TIMEOUT_MS).unref());
  try {
    return await Promise.race([ctx.exec.sandbox.health(ctx.languages.setupImages), timeout]);
  } catch {
    return { engine: false, images: false };
  }
}

const Health = z.object({ ok: z.boolean(), engine: z.boolean(), images: z.boolean(), queue_depth: z.number(), busy: z.number() });

export function systemRoutes(ctx: ServeContext, metrics: Metrics, openapi: () => unknown): Route[] {
  return [
    route({
      method: 'GET',
      url: '/healthz',
      tag: 'system',
      summary: 'Engine reachable, images ready, queue depth; 503 when not ready',
      response: Health,
      handler: async ({ reply }) => {
        const state = await engineState(ctx);
        const ok = state.engine && state.images;
        reply.code(ok ? 200 : 503);
        return { ok, ...state, queue_depth: ctx.exec.queue.depth, busy: ctx.exec.queue.busy };
      },
    }),
    route({
      method: 'GET',
      url: '/metrics',
      tag: 'system',
      summary: 'Prometheus metrics',
      response: z.string(),
      handler: async ({ reply }) => {
        reply.type(metrics.registry.contentType);
        return metrics.registry.metrics();
      },
    }),
    route({
      method: 'GET',
      url: '/docs',
      tag: 'system',
      summary: 'This API as an OpenAPI 3.1 document',
      response: z.record(z.string(), z.unknown()),
      handler: () => openapi(),
    }),
  ];
}

export function notFound(method: string, url: string): HttpError {
  return new HttpError(404, 'path', `no endpoint ${method} ${url.split('?')[0]}; GET /docs lists them`);
}
