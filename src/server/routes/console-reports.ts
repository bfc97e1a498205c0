// The report queue in the console: both roles read (a manager only their venues' reports); only the authority
// acknowledges and closes, each change an audit-log row.
import type { FastifyReply } from 'fastify';
import {
  closeRequestSchema,
  reportChangesQuerySchema,
  reportPageSchema,
  reportQuerySchema,
  reportSchema,
  type CloseRequest,
  type ReportColour,
  type ReportState,
} from '../../core/console-wire.js';
import {
  audited,
  consoleRoute,
  consoleRouteOn,
  refuseConsole,
  seesVenue,
  type ConsoleUser,
} from '../console-auth.js';
import type { ServerDb } from '../db/index.js';
import { decodeCursor, type ReportChange } from '../db/reports.js';
import type { Route } from '../openapi.js';

/** The query of GET /reports as it arrives (strings, checked by reportQuerySchema). */
interface ReportQueryText {
  state?: ReportState;
  venue?: string;
  colour?: ReportColour;
  region?: string;
  after?: string;
  limit?: string;
}

/** The report routes. */
export function consoleReportRoutes(db: ServerDb): Route[] {
  // Routes on the report of the request's :id: only one the user sees, else 404 not-found.
  const reportRoute = consoleRouteOn(db, (id, user) => db.reports.get(id, user.scope));
  // The report a change leaves, with the change's audit row if it changed anything; 404 if it has gone since.
  const changed = async (
    reply: FastifyReply,
    user: ConsoleUser,
    action: string,
    done: ReportChange | null,
    detail?: Record<string, unknown>,
  ) => {
    if (!done) return refuseConsole(reply, 'not-found');
    if (done.changed) await audited(db, user, action, done.report.id, detail);
    return done.report;
  };
  return [
    consoleRoute(db, {
      method: 'GET',
      path: '/reports',
      summary: 'Reports, newest first, filtered by state, venue, colour and region, a page at a time',
      schema: { querystring: reportQuerySchema, response: { 200: reportPageSchema } },
      handler: async (request, reply, user) => {
        const q = request.query as ReportQueryText;
        if (q.venue && !seesVenue(user, q.venue)) return refuseConsole(reply, 'not-found');
        const after = q.after ? decodeCursor(q.after) : null;
        if (q.after && !after) return refuseConsole(reply, 'bad-request');
        return db.reports.list(
          {
            ...(q.state ? { state: q.state } : {}),
            ...(q.venue ? { venue: q.venue } : {}),
            ...(q.colour ? { colour: q.colour } : {}),
            ...(q.region ? { region: q.region } : {}),
            ...(q.limit ? { limit: Number(q.limit) } : {}),
            after,
          },
          user.scope,
        );
      },
    }),
    consoleRoute(db, {
      method: 'GET',
      path: '/reports/changes',
      summary:
        'Reports new or changed since a cursor (one indexed range scan: cheap to poll every few seconds)',
      schema: { querystring: reportChangesQuerySchema, response: { 200: reportPageSchema } },
      handler: async (request, reply, user) => {
        const { since } = request.query as { since?: string };
        const cursor = since ? decodeCursor(since) : null;
        if (since && !cursor) return refuseConsole(reply, 'bad-request');
        return db.reports.changes(cursor, user.scope);
      },
    }),
    reportRoute({
      method: 'POST',
      path: '/reports/:id/ack',
      summary: 'Acknowledges a report (authority only)',
      schema: { response: { 200: reportSchema } },
      only: 'authority',
      handler: async (_request, reply, user, report) => {
        const done = await db.reports.acknowledge(report.id, user.session.label);
        return changed(reply, user, 'report.acknowledge', done);
      },
    }),
    reportRoute<CloseRequest>({
      method: 'POST',
      path: '/reports/:id/close',
      summary: 'Closes a report with its outcome (authority only)',
      schema: { body: closeRequestSchema, response: { 200: reportSchema } },
      only: 'authority',
      handler: async (request, reply, user, report) => {
        const outcome = request.body.outcome.trim();
        if (!outcome) return refuseConsole(reply, 'bad-request');
        const done = await db.reports.close(report.id, user.session.label, outcome);
        return changed(reply, user, 'report.close', done, { outcome });
      },
    }),
  ] as Route[];
}
