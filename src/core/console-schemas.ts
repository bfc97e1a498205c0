// The JSON schemas of the console API's messages (the types are in console-wire.ts, which re-exports these):
// Fastify validates requests and serialises answers with them, so nothing leaves that a schema does not name.

const str = { type: 'string' } as const;
const int = { type: 'integer' } as const;
const count = { type: 'integer', minimum: 0 } as const;
const bool = { type: 'boolean' } as const;
const nullableStr = { type: ['string', 'null'] } as const;
const nullableInt = { type: ['integer', 'null'] } as const;

/** Schema of ConsoleError. */
export const consoleErrorSchema = {
  type: 'object',
  required: ['error'],
  properties: { error: str },
} as const;

/** Schema of VenueSummary. */
export const venueSummarySchema = {
  type: 'object',
  required: ['id', 'name', 'category', 'region'],
  properties: { id: str, name: str, category: str, region: str },
} as const;

/** Schema of SignInRequest. */
export const signInRequestSchema = {
  type: 'object',
  required: ['token'],
  additionalProperties: false,
  properties: { token: { type: 'string', minLength: 8, maxLength: 128 } },
} as const;

/** Schema of Me. */
export const meSchema = {
  type: 'object',
  required: ['role', 'label', 'venues'],
  properties: {
    role: { type: 'string', enum: ['manager', 'authority'] },
    label: str,
    venues: { type: 'array', items: venueSummarySchema },
  },
} as const;

/** Schema of Report. */
export const reportSchema = {
  type: 'object',
  required: [
    'id',
    'venueId',
    'venueName',
    'region',
    'deviceId',
    'recordId',
    'at',
    'colour',
    'maskedName',
    'idLast4',
    'subject',
    'rule',
    'cite',
    'staff',
    'state',
    'acknowledgedBy',
    'acknowledgedAt',
    'closedBy',
    'closedAt',
    'outcome',
    'delivery',
  ],
  properties: {
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
  },
} as const;

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
export const reportPageSchema = {
  type: 'object',
  required: ['reports', 'cursor'],
  properties: { reports: { type: 'array', items: reportSchema }, cursor: str },
} as const;

/** Schema of CloseRequest. */
export const closeRequestSchema = {
  type: 'object',
  required: ['outcome'],
  additionalProperties: false,
  properties: { outcome: { type: 'string', minLength: 1, maxLength: 200 } },
} as const;

/** Schema of VenueStats. */
export const venueStatsSchema = {
  type: 'object',
  required: ['hours'],
  properties: {
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
  },
} as const;

/** Schema of the stats query (`days`: 0–90, default 14), as a query string. */
export const statsQuerySchema = {
  type: 'object',
  properties: { days: queryCount },
} as const;

/** Schema of DeviceList. */
export const deviceListSchema = {
  type: 'object',
  required: ['devices'],
  properties: {
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
  },
} as const;

/** Schema of EnrolmentRequest. */
export const enrolmentRequestSchema = {
  type: 'object',
  additionalProperties: false,
  properties: { ttlHours: { type: 'integer', minimum: 1, maximum: 720 } },
} as const;

/** Schema of Link. */
export const linkSchema = {
  type: 'object',
  required: ['link', 'expiresAt'],
  properties: { link: str, expiresAt: str },
} as const;

/** Schema of EnrolmentList. */
export const enrolmentListSchema = {
  type: 'object',
  required: ['enrolments'],
  properties: {
    enrolments: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'createdAt', 'expiresAt', 'used'],
        properties: { id: str, createdAt: str, expiresAt: str, used: bool },
      },
    },
  },
} as const;

/** Schema of DeviceDisabled. */
export const deviceDisabledSchema = {
  type: 'object',
  required: ['id', 'disabled'],
  properties: { id: str, disabled: { type: 'boolean', enum: [true] } },
} as const;

/** Schema of the export query. */
export const exportQuerySchema = {
  type: 'object',
  required: ['day'],
  properties: { day: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } },
} as const;

/** Schema of Summary. */
export const summarySchema = {
  type: 'object',
  required: ['trustVersion', 'issuers', 'revocations', 'byVenueHour', 'staleDevices'],
  properties: {
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
  },
} as const;
