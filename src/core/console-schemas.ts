// The JSON schemas of the console API's messages (the types are in console-wire.ts, which re-exports these):
// Fastify validates requests and serialises answers with them, so nothing leaves that a schema does not name.
import { objectSchema, requestSchema } from './schema.js';

const str = { type: 'string' } as const;
const int = { type: 'integer' } as const;
const count = { type: 'integer', minimum: 0 } as const;
const bool = { type: 'boolean' } as const;
const nullableStr = { type: ['string', 'null'] } as const;
const nullableInt = { type: ['integer', 'null'] } as const;

/** Schema of ConsoleError. */
export const consoleErrorSchema = objectSchema({ error: str });

/** Schema of VenueSummary. */
export const venueSummarySchema = objectSchema({ id: str, name: str, category: str, region: str });

/** Schema of SignInRequest. */
export const signInRequestSchema = requestSchema({ token: { type: 'string', minLength: 8, maxLength: 128 } });

/** Schema of Me. */
export const meSchema = objectSchema({
  role: { type: 'string', enum: ['manager', 'authority'] },
  label: str,
  venues: { type: 'array', items: venueSummarySchema },
});

/** Schema of Report. */
export const reportSchema = objectSchema({
  id: str,
  venueId: str,
  venueName: str,
  region: str,
  deviceId: str,
  recordId: str,
  at: str,
  colour: { type: 'string', enum: ['red', 'yellow'] },
  maskedName: nullableStr,
  idLast4: nullableStr,
  subject: nullableStr,
  rule: str,
  cite: str,
  staff: nullableStr,
  state: { type: 'string', enum: ['new', 'acknowledged', 'closed'] },
  acknowledgedBy: nullableStr,
  acknowledgedAt: nullableStr,
  closedBy: nullableStr,
  closedAt: nullableStr,
  outcome: nullableStr,
  delivery: {
    type: 'object',
    required: ['state', 'attempts', 'lastError'],
    properties: {
      state: { type: 'string', enum: ['pending', 'delivered', 'failed', 'none'] },
      attempts: count,
      lastError: nullableStr,
    },
  },
});

/** A count in a query string (query values arrive as text and are never coerced). */
const queryCount = { type: 'string', pattern: '^[0-9]{1,3}$' } as const;

/** Schema of ReportQuery, as a query string. */
export const reportQuerySchema = {
  type: 'object',
  properties: {
    state: { type: 'string', enum: ['new', 'acknowledged', 'closed'] },
    venue: { type: 'string', maxLength: 64 },
    colour: { type: 'string', enum: ['red', 'yellow'] },
    region: { type: 'string', maxLength: 64 },
    after: { type: 'string', maxLength: 200 },
    limit: queryCount,
  },
} as const;

/** Schema of ReportChangesQuery, as a query string. */
export const reportChangesQuerySchema = {
  type: 'object',
  properties: { since: { type: 'string', maxLength: 200 } },
} as const;

/** Schema of ReportPage. */
export const reportPageSchema = objectSchema({
  reports: { type: 'array', items: reportSchema },
  cursor: str,
});

/** Schema of CloseRequest. */
export const closeRequestSchema = requestSchema({
  outcome: { type: 'string', minLength: 1, maxLength: 200 },
});

/** Schema of VenueStats. */
export const venueStatsSchema = objectSchema({
  hours: {
    type: 'array',
    items: {
      type: 'object',
      required: ['hour', 'admits', 'denies', 'overrides', 'manual', 'reports'],
      properties: {
        hour: str,
        admits: count,
        denies: count,
        overrides: count,
        manual: count,
        reports: count,
      },
    },
  },
});

/** Schema of the stats query (`days`: 0–90, default 14), as a query string. */
export const statsQuerySchema = {
  type: 'object',
  properties: { days: queryCount },
} as const;

/** Schema of DeviceList. */
export const deviceListSchema = objectSchema({
  devices: {
    type: 'array',
    items: {
      type: 'object',
      required: [
        'id',
        'label',
        'enrolledAt',
        'lastSyncAt',
        'trustVersion',
        'trustAgeHours',
        'pendingGaps',
        'forks',
        'staff',
        'disabled',
      ],
      properties: {
        id: str,
        label: str,
        enrolledAt: str,
        lastSyncAt: nullableStr,
        trustVersion: nullableInt,
        trustAgeHours: { type: ['number', 'null'] },
        pendingGaps: count,
        forks: count,
        staff: nullableStr,
        disabled: bool,
      },
    },
  },
});

/** Schema of EnrolmentRequest. */
export const enrolmentRequestSchema = {
  type: 'object',
  additionalProperties: false,
  properties: { ttlHours: { type: 'integer', minimum: 1, maximum: 720 } },
} as const;

/** Schema of Link. */
export const linkSchema = objectSchema({ link: str, expiresAt: str });

/** Schema of EnrolmentList. */
export const enrolmentListSchema = objectSchema({
  enrolments: {
    type: 'array',
    items: {
      type: 'object',
      required: ['id', 'createdAt', 'expiresAt', 'used'],
      properties: { id: str, createdAt: str, expiresAt: str, used: bool },
    },
  },
});

/** Schema of DeviceDisabled. */
export const deviceDisabledSchema = objectSchema({ id: str, disabled: { type: 'boolean', enum: [true] } });

/** Schema of the export query. */
export const exportQuerySchema = objectSchema({ day: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } });

/** Schema of Summary. */
export const summarySchema = objectSchema({
  trustVersion: int,
  issuers: {
    type: 'array',
    items: { type: 'object', required: ['iss', 'kid'], properties: { iss: str, kid: str } },
  },
  revocations: count,
  byVenueHour: {
    type: 'array',
    items: {
      type: 'object',
      required: ['venueId', 'venueName', 'hour', 'red', 'yellow'],
      properties: { venueId: str, venueName: str, hour: str, red: count, yellow: count },
    },
  },
  staleDevices: {
    type: 'array',
    items: {
      type: 'object',
      required: ['id', 'venueId', 'lastSyncAt'],
      properties: { id: str, venueId: str, lastSyncAt: nullableStr },
    },
  },
});
