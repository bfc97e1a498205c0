// The console (issue 13): its page at /console and its API under /api/console/v1 (docs/server.md).
import type { ServerDb } from '../db/index.js';
import type { Route } from '../openapi.js';
import { consoleAuthorityRoutes } from './console-authority.js';
import { consolePageRoutes } from './console-page.js';
import { consoleReportRoutes } from './console-reports.js';
import { consoleSessionRoutes } from './console-session.js';
import { consoleVenueRoutes } from './console-venues.js';

/** Every console route: the page, sign-in, reports, venues and the authority's summary. */
export function consoleRoutes(db: ServerDb, distDir: string | null | undefined): Route[] {
  return [
    ...consolePageRoutes(distDir),
    ...consoleSessionRoutes(db),
    ...consoleReportRoutes(db),
    ...consoleVenueRoutes(db),
    ...consoleAuthorityRoutes(db),
  ];
}
