// The console's HTTP API (issue 13; docs/server.md, "Console API"; base path /api/console/v1), declared once: the types
// the console page uses and the JSON schemas the server validates with. Pure data: the page and the server both import it.

const str = { type: 'string' } as const;
const int = { type: 'integer' } as const;
const count = { type: 'integer', minimum: 0 } as const;
const bool = { type: 'boolean' } as const;
const nullableStr = { type: ['string', 'null'] } as const;
const nullableInt = { type: ['integer', 'null'] } as const;

/** Where the console API lives. */
export const CONSOLE_API_BASE = '/api/console/v1';

/** The session cookie's name. */
export const CONSOLE_COOKIE = 'cp_console';

/** The header every state-changing console request carries (with the value '1'), against CSRF. */
export const CONSOLE_HEADER = 'X-Checkpoint-Console';

/** Who a console session is: a venue manager (their venues) or the health authority (all venues). */
export type ConsoleRole = 'manager' | 'authority';

/** The console's error codes. */
export type ConsoleErrorCode =
  'csrf' | 'signed-out' | 'bad-token' | 'not-found' | 'forbidden' | 'bad-request';

/** A console error answer. */
export interface ConsoleError {
  error: ConsoleErrorCode;
}

/** Schema of ConsoleError. */
export const consoleErrorSchema = {
  type: 'object',
  required: ['error'],
  properties: { error: str },
} as const;

/** A venue as the console lists it. */
export interface VenueSummary {
  id: string;
  name: string;
  category: string;
  region: string;
}

/** Schema of VenueSummary. */
export const venueSummarySchema = {
  type: 'object',
  required: ['id', 'name', 'category', 'region'],
  properties: { id: str, name: str, category: str, region: str },
} as const;

/** POST /session: the one-time token from a granted sign-in link. */
export interface SignInRequest {
  token: string;
}

/** Schema of SignInRequest. */
export const signInRequestSchema = {
  type: 'object',
  required: ['token'],
  additionalProperties: false,
  properties: { token: { type: 'string', minLength: 8, maxLength: 128 } },
} as const;

/** GET /me (and the answer to POST /session): who is signed in and the venues they see. */
export interface Me {
  role: ConsoleRole;
  label: string;
  venues: VenueSummary[];
}

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

/** The colour of a reported code. */
export type ReportColour = 'red' | 'yellow';

/** A report's place in the queue: new → acknowledged → closed. */
export type ReportState = 'new' | 'acknowledged' | 'closed';

/** A report's webhook delivery: none when the venue has no recipient. */
export type DeliveryState = 'pending' | 'delivered' | 'failed' | 'none';

/** How a report's webhook delivery is going. */
export interface ReportDelivery {
  state: DeliveryState;
  attempts: number;
  lastError: string | null;
}

/** A report: an abnormal code found at a venue, held and reported (003 §17, 001 §2(1), 000 §4(5)4). */
export interface Report {
  id: string;
  venueId: string;
  venueName: string;
  region: string;
  deviceId: string;
  recordId: string;
  /** ISO time of the decision. */
  at: string;
  colour: ReportColour;
  maskedName: string | null;
  idLast4: string | null;
  /** The pseudonymous subject id, or null. */
  subject: string | null;
  rule: string;
  cite: string;
  staff: string | null;
  state: ReportState;
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
  closedBy: string | null;
  closedAt: string | null;
  outcome: string | null;
  delivery: ReportDelivery;
}

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

/** GET /reports query: filters, an opaque cursor for the next page, a page size. */
export interface ReportQuery {
  state?: ReportState;
  venue?: string;
  colour?: ReportColour;
  region?: string;
  after?: string;
  limit?: number;
}

/** Schema of ReportQuery. */
export const reportQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    state: { type: 'string', enum: ['new', 'acknowledged', 'closed'] },
    venue: { type: 'string', maxLength: 64 },
    colour: { type: 'string', enum: ['red', 'yellow'] },
    region: { type: 'string', maxLength: 64 },
    after: { type: 'string', maxLength: 64 },
    limit: { type: 'integer', minimum: 1, maximum: 200 },
  },
} as const;

/** GET /reports/changes query: the cursor of the last answer. */
export interface ReportChangesQuery {
  since?: string;
}

/** Schema of ReportChangesQuery. */
export const reportChangesQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: { since: { type: 'string', maxLength: 64 } },
} as const;

/** GET /reports and GET /reports/changes: reports, newest first, and the cursor to continue from. */
export interface ReportPage {
  reports: Report[];
  cursor: string;
}

/** Schema of ReportPage. */
export const reportPageSchema = {
  type: 'object',
  required: ['reports', 'cursor'],
  properties: { reports: { type: 'array', items: reportSchema }, cursor: str },
} as const;

/** POST /reports/:id/close: how the report ended. */
export interface CloseRequest {
  outcome: string;
}

/** Schema of CloseRequest. */
export const closeRequestSchema = {
  type: 'object',
  required: ['outcome'],
  additionalProperties: false,
  properties: { outcome: { type: 'string', minLength: 1, maxLength: 200 } },
} as const;

/** One hour of a venue's decisions. */
export interface StatsHour {
  /** ISO start of the hour. */
  hour: string;
  admits: number;
  denies: number;
  overrides: number;
  manual: number;
  reports: number;
}

/** GET /venues/:id/stats?days=14: today and the last `days` days, per hour. */
export interface VenueStats {
  hours: StatsHour[];
}

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

/** Schema of the stats query. */
export const statsQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: { days: { type: 'integer', minimum: 0, maximum: 90 } },
} as const;

/** A device of a venue, as its manager sees it. */
export interface ConsoleDevice {
  id: string;
  label: string;
  enrolledAt: string;
  lastSyncAt: string | null;
  trustVersion: number | null;
  trustAgeHours: number | null;
  pendingGaps: number;
  forks: number;
  /** The last staff id seen on the device's records, or null. */
  staff: string | null;
  disabled: boolean;
}

/** GET /venues/:id/devices. */
export interface DeviceList {
  devices: ConsoleDevice[];
}

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

/** POST /venues/:id/enrolments. */
export interface EnrolmentRequest {
  ttlHours?: number;
}

/** Schema of EnrolmentRequest. */
export const enrolmentRequestSchema = {
  type: 'object',
  additionalProperties: false,
  properties: { ttlHours: { type: 'integer', minimum: 1, maximum: 720 } },
} as const;

/** A link with its expiry: an enrolment link, or a console sign-in link. */
export interface Link {
  link: string;
  expiresAt: string;
}

/** Schema of Link. */
export const linkSchema = {
  type: 'object',
  required: ['link', 'expiresAt'],
  properties: { link: str, expiresAt: str },
} as const;

/** An enrolment link of a venue (the token itself is never shown again). */
export interface Enrolment {
  id: string;
  createdAt: string;
  expiresAt: string;
  used: boolean;
}

/** GET /venues/:id/enrolments. */
export interface EnrolmentList {
  enrolments: Enrolment[];
}

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

/** POST /devices/:id/disable. */
export interface DeviceDisabled {
  id: string;
  disabled: true;
}

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
  additionalProperties: false,
  properties: { day: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } },
} as const;

/** Abnormal codes at one venue in one hour. */
export interface VenueHour {
  venueId: string;
  venueName: string;
  hour: string;
  red: number;
  yellow: number;
}

/** A device that has not synced for longer than the maximum offline age. */
export interface StaleDevice {
  id: string;
  venueId: string;
  lastSyncAt: string | null;
}

/** GET /summary (authority): trust, and where abnormal codes turn up in the last 24 h. */
export interface Summary {
  trustVersion: number;
  issuers: Array<{ iss: string; kid: string }>;
  revocations: number;
  byVenueHour: VenueHour[];
  staleDevices: StaleDevice[];
}

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

/** The body a webhook receiver gets: POST JSON, signed over the raw body by the server's root key. */
export interface WebhookBody {
  report: Report;
}

/** The webhook's header naming the report (receivers dedupe on it). */
export const WEBHOOK_REPORT_HEADER = 'X-Checkpoint-Report-Id';

/** The webhook's signature header: `ed25519=<base64 signature over the raw body>`. */
export const WEBHOOK_SIGNATURE_HEADER = 'X-Checkpoint-Signature';
