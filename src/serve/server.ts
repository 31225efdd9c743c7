import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { judgeVersion } from '../util/version.js';
import type { ServeContext } from './context.js';
import { boardRoutes } from './dialects/board.js';
import { judge0Routes } from './dialects/judge0.js';
import { judgingRoutes } from './dialects/judging.js';
import { pistonRoutes } from './dialects/piston.js';
import { simpleRoutes } from './dialects/simple.js';
import { webRoutes } from './dialects/web.js';
import { notFound, systemRoutes } from './dialects/system.js';
import { installGuards } from './guard.js';
import { HttpError } from './http-error.js';
import type { Metrics } from './metrics.js';
import { openapiDocument, register, type Route } from './route.js';
import type { ServeStore } from '../store/serve.js';

/** Fastify's own request errors, as answers naming what is wrong. */
const FRAMEWORK_ERRORS: Record<string, (err: FastifyError, ctx: ServeContext) => HttpError> = {
  FST_ERR_CTP_BODY_TOO_LARGE: (_e, ctx) => new HttpError(413, 'body', `the request body is over the cap of ${ctx.config.sizes.body_bytes} bytes`),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: () => new HttpError(415, 'Content-Type', 'send the body as application/json'),
  FST_ERR_CTP_EMPTY_JSON_BODY: () => new HttpError(400, 'body', 'is empty: send a JSON object'),
  FST_ERR_CTP_INVALID_JSON_BODY: (e) => new HttpError(400, 'body', `is not valid JSON (${e.message})`),
};

function asHttpError(err: FastifyError | HttpError, ctx: ServeContext): HttpError | null {
  if (err instanceof HttpError) return err;
  const known = err.code ? FRAMEWORK_ERRORS[err.code] : undefined;
  if (known) return known(err, ctx);
  if (err instanceof SyntaxError && err.statusCode === 400) return new HttpError(400, 'body', `is not valid JSON (${err.message})`);
  return null;
}

/** The application: every dialect's routes on one Fastify instance, behind the guards. */
export async function buildServer(ctx: ServeContext, serveStore: ServeStore, metrics: Metrics): Promise<FastifyInstance> {
  const app = Fastify({ bodyLimit: ctx.config.sizes.body_bytes, logger: false, return503OnClosing: true });

  // Piston's published client posts JSON without saying so (text/plain); read it as JSON.
  app.addContentTypeParser('text/plain', { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, JSON.parse(body as string));
    } catch (err) {
      (err as FastifyError).statusCode = 400;
      done(err as Error, undefined);
    }
  });

  app.setErrorHandler((err: FastifyError | HttpError, req, reply) => {
    const known = asHttpError(err, ctx);
    if (!known) {
      // Stack traces, paths and container ids stay in the server's log.
      process.stderr.write(`zuko-judge serve: ${req.method} ${req.url}: ${(err as Error).stack ?? String(err)}\n`);
      return reply.code(500).send(new HttpError(500, null, 'internal error; the server log has the details').body());
    }
    if (known.limit) metrics.rateLimited.inc({ limit: known.limit });
    if (known.retryAfterS) reply.header('Retry-After', String(known.retryAfterS));
    return reply.code(known.status).send(known.body());
  });
  app.setNotFoundHandler((req, reply) => {
    const err = notFound(req.method, req.url);
    reply.code(404).send(err.body());
  });
  app.addHook('onResponse', async (req, reply) => {
    metrics.requestSeconds.observe(
      { method: req.method, route: req.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });

  await installGuards(app, ctx.config, serveStore);
  const routes: Route[] = [...simpleRoutes(ctx), ...judge0Routes(ctx), ...pistonRoutes(ctx), ...judgingRoutes(ctx), ...boardRoutes(ctx), ...webRoutes(ctx)];
  const all = [...routes, ...systemRoutes(ctx, metrics, () => document)];
  const document = openapiDocument(all, { title: 'zuko-judge', version: judgeVersion() });
  register(app, all);
  return app;
}
