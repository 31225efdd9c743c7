import { z } from 'zod';
import { loadContest } from '../../contest/config.js';
import { STYLE } from '../../contest/export/html-style.js';
import { boardProblems } from '../../contest/board.js';
import { contestBoard } from '../board-data.js';
import type { ServeContext } from '../context.js';
import { HttpError } from '../http-error.js';
import { route, type Route } from '../route.js';
import { renderBoard } from '../web/board.js';
import { boardPage } from '../web/pages.js';
import { asHttp } from './judging.js';

const CHECK_MS = 1000;
/** An unchanged board is sent again this often, so "last updated" stays true and proxies keep the stream open. */
const REFRESH_MS = 10_000;

const Params = z.object({ id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'must be a contest id') });

/**
 * The live scoreboard: a page, and a server-sent event stream that sends the rendered board
 * whenever it changes (judgings from this server or from an `import` on the same database).
 */
export function boardRoutes(ctx: ServeContext): Route[] {
  return [
    route({
      method: 'GET',
      url: '/contests/:id/board',
      tag: 'pages',
      summary: "The live scoreboard page (frozen; #key=KEY in the address shows the judges' view)",
      params: Params,
      response: z.string(),
      handler: ({ params, reply }) => {
        const contest = asHttp('id', 404, () => loadContest(params.id));
        return reply.type('text/html; charset=utf-8').send(boardPage(contest.name, STYLE));
      },
    }),
    route({
      method: 'GET',
      url: '/api/v1/contests/:id/board/events',
      tag: 'judging',
      summary: 'Server-sent events: {status, table, updated} each time the board changes; unfrozen=true needs a key',
      params: Params,
      query: z.object({ unfrozen: z.enum(['true', 'false']).optional() }),
      response: z.string(),
      handler: ({ params, query, req, reply }) => {
        const contest = asHttp('id', 404, () => loadContest(params.id));
        const unfrozen = query.unfrozen === 'true';
        if (unfrozen && !req.client.key) throw new HttpError(401, 'X-Auth-Token', 'the unfrozen board needs an API key; send it in the X-Auth-Token header');
        // A package that does not load is the contest's error, said before the stream starts.
        const problems = asHttp('id', 409, () => boardProblems(contest));
        const names = new Map(problems.map((p) => [p.label, p.name]));
        reply.hijack();
        reply.raw.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
        let last = '';
        let sentAt = 0;
        // Reading the board takes a database round trip: one read at a time, none after the client left.
        let reading = false;
        let closed = false;
        const tick = async () => {
          const parts = renderBoard(await contestBoard(ctx.store, contest, unfrozen, new Date(), problems), names);
          if (closed) return;
          const content = JSON.stringify(parts);
          if (content === last && Date.now() - sentAt < REFRESH_MS) return;
          last = content;
          sentAt = Date.now();
          reply.raw.write(`data: ${JSON.stringify({ ...parts, updated: new Date().toISOString() })}\n\n`);
        };
        // A failure to read the board ends this stream (the page reconnects), never the server.
        const safeTick = async () => {
          if (reading || closed) return;
          reading = true;
          try {
            await tick();
          } catch (err) {
            clearInterval(timer);
            process.stderr.write(`zuko-judge serve: board of ${contest.id}: ${(err as Error).message}\n`);
            reply.raw.end();
          } finally {
            reading = false;
          }
        };
        const timer = setInterval(() => void safeTick(), CHECK_MS);
        void safeTick();
        reply.raw.once('close', () => {
          closed = true;
          clearInterval(timer);
        });
      },
    }),
  ];
}
