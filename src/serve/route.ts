import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { badRequest } from './http-error.js';

/**
 * One endpoint: its schemas are the single source of truth, used to validate requests and to
 * write the OpenAPI document.
 */
export interface Route<B extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType, P extends z.ZodType = z.ZodType> {
  method: 'GET' | 'POST';
  url: string;
  tag: string;
  summary: string;
  body?: B;
  query?: Q;
  params?: P;
  response: z.ZodType;
  /** Needs a valid API key whatever the configuration. */
  needsKey?: boolean;
  /** Counts against the client's stored run quota. */
  runs?: boolean;
  handler(input: { body: z.output<B>; query: z.output<Q>; params: z.output<P>; req: FastifyRequest; reply: FastifyReply }): Promise<unknown> | unknown;
}

export function route<B extends z.ZodType = z.ZodUnknown, Q extends z.ZodType = z.ZodUnknown, P extends z.ZodType = z.ZodUnknown>(r: Route<B, Q, P>): Route {
  return r as unknown as Route;
}

function parse<T extends z.ZodType>(schema: T | undefined, value: unknown, where: string): z.output<T> {
  if (!schema) return value as z.output<T>;
  const parsed = schema.safeParse(value ?? (where === 'body' ? undefined : {}));
  if (!parsed.success) throw badRequest(where === 'body' ? '' : where, parsed.error);
  return parsed.data;
}

export function register(app: FastifyInstance, routes: readonly Route[]): void {
  for (const r of routes) {
    app.route({
      method: r.method,
      url: r.url,
      config: { needsKey: r.needsKey ?? false, runs: r.runs ?? false },
      handler: async (req, reply) => {
        const input = {
          body: parse(r.body, req.body, 'body'),
          query: parse(r.query, req.query, 'query'),
          params: parse(r.params, req.params, 'path'),
          req,
          reply,
        };
        return r.handler(input);
      },
    });
  }
}

/** Fastify's `:name` path parameters in OpenAPI's `{name}` form. */
function openapiPath(url: string): string {
  return url.replace(/:(\w+)/g, '{$1}');
}

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): unknown {
  return z.toJSONSchema(schema, { io, unrepresentable: 'any' });
}

function parameters(schema: z.ZodType | undefined, location: 'query' | 'path'): unknown[] {
  if (!schema) return [];
  const js = jsonSchema(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(js.properties ?? {}).map(([name, s]) => ({
    name,
    in: location,
    required: location === 'path' || (js.required ?? []).includes(name),
    schema: s,
  }));
}

/** The OpenAPI 3.1 document of every route, from the same zod schemas that validate them. */
export function openapiDocument(routes: readonly Route[], info: { title: string; version: string }): unknown {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const key = openapiPath(r.url);
    paths[key] ??= {};
    const path = paths[key];
    path[r.method.toLowerCase()] = {
      tags: [r.tag],
      summary: r.summary,
      parameters: [...parameters(r.query, 'query'), ...parameters(r.params, 'path')],
      ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(r.body, 'input') } } } } : {}),
      ...(r.needsKey ? { security: [{ apiKey: [] }] } : {}),
      responses: {
        '200': { description: 'success', content: { 'application/json': { schema: jsonSchema(r.response, 'output') } } },
        default: { description: 'an error naming the field and what is wrong', content: { 'application/json': { schema: jsonSchema(ErrorSchema, 'output') } } },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info,
    paths,
    components: { securitySchemes: { apiKey: { type: 'apiKey', in: 'header', name: 'X-Auth-Token' } } },
  };
}

export const ErrorSchema = z.object({ error: z.string(), message: z.string(), field: z.string().nullable() });
