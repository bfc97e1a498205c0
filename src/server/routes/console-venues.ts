// A venue in the console (its manager, or the authority): decisions per hour, devices, enrolment links, disabling
// a device, and a day's export. A venue the user may not see is "not found", whatever it is.
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  deviceDisabledSchema,
  deviceListSchema,
  enrolmentListSchema,
  enrolmentRequestSchema,
  exportQuerySchema,
  linkSchema,
  statsQuerySchema,
  venueStatsSchema,
  type EnrolmentRequest,
} from '../../core/console-wire.js';
import { CSV_COLUMNS, csvCell } from '../../cli/commands/export.js';
import {
  audited,
  consoleRoute,
  refuseConsole,
  seesVenue,
  type ConsoleRouteSpec,
  type ConsoleUser,
} from '../console-auth.js';
import type { Venue } from '../db/venues.js';
import type { ServerDb } from '../db/index.js';
import { enrolLink, publicUrlOf } from '../enrol-link.js';
import type { Route } from '../openapi.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** The venue routes. */
export function consoleVenueRoutes(db: ServerDb): Route[] {
  // A route on the venue of the request's :id: the handler runs only when the user may see it and it exists,
  // else 404 not-found.
  const venueRoute = <Body = unknown>(
    spec: Omit<ConsoleRouteSpec<Body>, 'handler'> & {
      handler(
        request: FastifyRequest<{ Body: Body }>,
        reply: FastifyReply,
        user: ConsoleUser,
        venue: Venue,
      ): unknown;
    },
  ): Route<Body> =>
    consoleRoute<Body>(db, {
      ...spec,
      handler: async (request, reply, user) => {
        const { id } = request.params as { id: string };
        const venue = seesVenue(user, id) ? await db.venues.get(id) : null;
        if (!venue) return refuseConsole(reply, 'not-found');
        return spec.handler(request, reply, user, venue);
      },
    });
  return [
    venueRoute({
      method: 'GET',
      path: '/venues/:id/stats',
      summary:
        "A venue's admits, denies, overrides, manual entries and reports per hour, today and the last days",
      schema: { querystring: statsQuerySchema, response: { 200: venueStatsSchema } },
      handler: async (request, reply, user, venue) => {
        const days = Math.min(Number((request.query as { days?: string }).days ?? 14), 90);
        // Every hour of the last days + 1 days up to this one: "today" in any time zone, and `days` before it.
        const to = (Math.floor(Date.now() / HOUR_MS) + 1) * HOUR_MS;
        return { hours: await db.stats.hourly(venue.id, to - (days + 1) * DAY_MS, to) };
      },
    }),
    venueRoute({
      method: 'GET',
      path: '/venues/:id/devices',
      summary: "A venue's devices: last sync, trust data age, open gaps and forks, staff on shift",
      schema: { response: { 200: deviceListSchema } },
      handler: async (request, reply, user, venue) => {
        return { devices: await db.deviceStatus.ofVenue(venue.id) };
      },
    }),
    venueRoute<EnrolmentRequest>({
      method: 'POST',
      path: '/venues/:id/enrolments',
      summary: 'A new one-time enrolment link for a device of the venue',
      schema: { body: enrolmentRequestSchema, response: { 200: linkSchema } },
      handler: async (request, reply, user, venue) => {
        const ttlHours = request.body?.ttlHours ?? 24;
        const made = await enrolLink(db, venue.id, await publicUrlOf(db), ttlHours * HOUR_MS);
        await audited(db, user, 'enrolment.create', venue.id, { expiresAt: made.expiresAt });
        return { link: made.enrolUrl, expiresAt: made.expiresAt };
      },
    }),
    venueRoute({
      method: 'GET',
      path: '/venues/:id/enrolments',
      summary: "A venue's enrolment links (never their tokens)",
      schema: { response: { 200: enrolmentListSchema } },
      handler: async (request, reply, user, venue) => {
        return { enrolments: await db.enrolments.ofVenue(venue.id) };
      },
    }),
    venueRoute({
      method: 'DELETE',
      path: '/venues/:id/enrolments/:eid',
      summary: 'Expires an enrolment link now',
      schema: {},
      handler: async (request, reply, user, venue) => {
        const { eid } = request.params as { eid: string };
        if (!(await db.enrolments.expire(venue.id, eid))) return refuseConsole(reply, 'not-found');
        await audited(db, user, 'enrolment.expire', venue.id, { enrolment: eid });
        return reply.code(204).send();
      },
    }),
    consoleRoute(db, {
      method: 'POST',
      path: '/devices/:id/disable',
      summary: 'Disables a device of the venue: its later uploads and bundle requests are refused',
      schema: { response: { 200: deviceDisabledSchema } },
      handler: async (request, reply, user) => {
        const { id } = request.params as { id: string };
        const device = await db.devices.get(id);
        if (!device || !seesVenue(user, device.venueId)) return refuseConsole(reply, 'not-found');
        await db.devices.disable(id);
        if (device.disabledAt === null)
          await audited(db, user, 'device.disable', id, { venueId: device.venueId });
        return { id, disabled: true };
      },
    }),
    venueRoute({
      method: 'GET',
      path: '/venues/:id/export',
      summary: "A venue's decisions of one UTC day as CSV (the export's columns; sealed data left out)",
      schema: { querystring: exportQuerySchema },
      handler: async (request, reply, user, venue) => {
        const { day } = request.query as { day: string };
        const from = Date.parse(`${day}T00:00:00Z`);
        if (Number.isNaN(from)) return refuseConsole(reply, 'bad-request');
        const lines = [CSV_COLUMNS.join(',')];
        for await (const { record, receivedAt } of db.records.export({ sinceMs: from, venueId: venue.id })) {
          if (Date.parse(record.at) >= from + DAY_MS) break;
          // The sealed box stays out of the console: it opens only offline, with the authority's key.
          const row: Record<string, unknown> = {
            ...record,
            // The venue the server filed the record under (the device's own word is in the record's hash).
            venueId: venue.id,
            receivedAt: new Date(receivedAt).toISOString(),
            override: record.override?.decision ?? null,
            sealed: null,
          };
          lines.push(CSV_COLUMNS.map((c) => csvCell(row[c])).join(','));
        }
        await audited(db, user, 'export', venue.id, { day, records: lines.length - 1 });
        return reply
          .type('text/csv; charset=utf-8')
          .header('Content-Disposition', `attachment; filename="checkpoint-${venue.id}-${day}.csv"`)
          .send(lines.join('\n') + '\n');
      },
    }),
  ] as Route[];
}
