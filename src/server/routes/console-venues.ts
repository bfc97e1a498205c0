// A venue in the console (its manager, or the authority): decisions per hour, devices, enrolment links, disabling
// a device, and a day's export. A venue the user may not see is "not found", whatever it is.
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
import { audited, consoleRouteOn, refuseConsole, seesVenue } from '../console-auth.js';
import type { ServerDb } from '../db/index.js';
import { enrolLink, publicUrlOf } from '../enrol-link.js';
import type { Route } from '../openapi.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** The venue routes. */
export function consoleVenueRoutes(db: ServerDb): Route[] {
  // Routes on the venue, or the device, of the request's :id: only one the user may see, else 404 not-found.
  const venueRoute = consoleRouteOn(db, async (id, user) => (seesVenue(user, id) ? db.venues.get(id) : null));
  const deviceRoute = consoleRouteOn(db, async (id, user) => {
    const device = await db.devices.get(id);
    return device && seesVenue(user, device.venueId) ? device : null;
  });
  // GET /venues/:id/<name>: one of the venue's lists, as { <name>: [...] }.
  const venueList = (
    name: string,
    summary: string,
    list: object,
    of: (venueId: string) => Promise<unknown[]>,
  ) =>
    venueRoute({
      method: 'GET',
      path: `/venues/:id/${name}`,
      summary,
      schema: { response: { 200: list } },
      handler: async (_request, _reply, _user, venue) => ({ [name]: await of(venue.id) }),
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
    venueList(
      'devices',
      "A venue's devices: last sync, trust data age, open gaps and forks, staff on shift",
      deviceListSchema,
      (id) => db.deviceStatus.ofVenue(id),
    ),
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
    venueList('enrolments', "A venue's enrolment links (never their tokens)", enrolmentListSchema, (id) =>
      db.enrolments.ofVenue(id),
    ),
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
    deviceRoute({
      method: 'POST',
      path: '/devices/:id/disable',
      summary: 'Disables a device of the venue: its later uploads and bundle requests are refused',
      schema: { response: { 200: deviceDisabledSchema } },
      handler: async (request, reply, user, device) => {
        await db.devices.disable(device.id);
        if (device.disabledAt === null)
          await audited(db, user, 'device.disable', device.id, { venueId: device.venueId });
        return { id: device.id, disabled: true };
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
