// The authority's summary: the trust data in force, where abnormal codes were reported in the last 24 hours
// (by venue and hour, no map), and devices that have been offline longer than their venue allows.
import { summarySchema, type Summary } from '../../core/console-wire.js';
import { maxOfflineHoursOf } from '../bundles.js';
import { consoleRoute } from '../console-auth.js';
import type { ServerDb } from '../db/index.js';
import type { Route } from '../openapi.js';

/** The authority's routes. */
export function consoleAuthorityRoutes(db: ServerDb): Route[] {
  return [
    consoleRoute(db, {
      method: 'GET',
      path: '/summary',
      summary:
        'Trust version, issuers, revocations, abnormal codes by venue and hour, stale devices (authority)',
      schema: { response: { 200: summarySchema } },
      only: 'authority',
      handler: async (): Promise<Summary> => {
        const now = Date.now();
        const venues = new Map((await db.venues.list()).map((v) => [v.id, v]));
        const [trustVersion, issuers, revocations, byVenueHour, staleDevices] = await Promise.all([
          db.trust.version(),
          db.trust.listIssuers(),
          db.trust.revocationCount(),
          db.stats.abnormalByVenueHour(now - 24 * 3_600_000),
          db.deviceStatus.stale((id) => {
            const venue = venues.get(id);
            return venue ? maxOfflineHoursOf(venue) : 0;
          }, now),
        ]);
        return {
          trustVersion,
          issuers: issuers.map((k) => ({ iss: k.iss, kid: k.kid })),
          revocations,
          byVenueHour,
          staleDevices,
        };
      },
    }),
  ];
}
