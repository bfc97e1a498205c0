// The console page: the built dist/console.html at /console and /console/ (its own Vite entry), with the
// app's security headers; a clear 404 while the page is not built.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Route } from '../openapi.js';
import { refuse } from '../problem.js';

/** The console page routes, serving `console.html` from the built app's directory. */
export function consolePageRoutes(distDir: string | null | undefined): Route[] {
  const page: Route = {
    method: 'GET',
    url: '/console',
    summary: 'The console for venue managers and the health authority (sign in with a granted link)',
    html: true,
    schema: {},
    handler: async (_request, reply) => {
      const html = distDir ? await readFile(join(distDir, 'console.html')).catch(() => null) : null;
      if (!html)
        return refuse(
          reply,
          404,
          'not-found',
          'The console page is not built: run `npm run build` (dist/console.html is missing).',
        );
      return reply.type('text/html; charset=utf-8').header('Cache-Control', 'no-cache').send(html);
    },
  };
  return [page, { ...page, url: '/console/' }];
}
