import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { packageRoot } from '../../util/paths.js';
import type { ServeContext } from '../context.js';
import { HttpError } from '../http-error.js';
import { route, type Route } from '../route.js';
import { runPage } from '../web/pages.js';

/** The pages and their bundled scripts (built into dist/web by `npm run build`). */
export function webRoutes(_ctx: ServeContext): Route[] {
  const assets = new Map<string, string>();
  const asset = (name: string): string => {
    let text = assets.get(name);
    if (text === undefined) {
      try {
        text = readFileSync(path.join(packageRoot(), 'dist', 'web', name), 'utf8');
      } catch {
        throw new HttpError(404, 'path', `no asset ${name}; run \`npm run build\` to bundle the pages`);
      }
      assets.set(name, text);
    }
    return text;
  };
  const html = runPage();
  return [
    route({
      method: 'GET',
      url: '/',
      tag: 'pages',
      summary: 'The run page: write a program, give it input, run it',
      response: z.string(),
      handler: ({ reply }) => reply.type('text/html; charset=utf-8').send(html),
    }),
    route({
      method: 'GET',
      url: '/assets/:name',
      tag: 'pages',
      summary: "A page's bundled script",
      params: z.object({ name: z.string().regex(/^[a-z-]+\.js$/, 'is not an asset name') }),
      response: z.string(),
      handler: ({ params, reply }) => reply.type('text/javascript; charset=utf-8').header('Cache-Control', 'no-cache').send(asset(params.name)),
    }),
  ];
}
