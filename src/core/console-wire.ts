// The console API's messages (docs/console-api: /api/console/v1), declared once: the types the console page uses
// and the JSON schemas the server validates with and publishes as OpenAPI. Pure data, no DOM and no Node.

const str = { type: 'string' } as const;
const int = { type: 'integer', minimum: 0 } as const;
const bool = { type: 'boolean' } as const;
const nullableStr = { type: ['string', 'null'] } as const;

/** The schema of an object whose every property is required (the answers: every field is always there). */
const every = <P extends Record<string, unknown>>(properties: P) =>
  ({ type: 'object', required: Object.keys(properties), properties }) as const;

/** The console's base path. */
export const CONSOLE_API = '/api/console/v1';

/** The header every state-changing console request carries (with a same-origin Origin), against CSRF. */
export const CONSOLE_HEADER = 'X-Checkpoint-Console';

/** Who a console session is. */
export type ConsoleRole = 'manager' | 'authority';

/** A report's state in the queue: new → acknowledged → closed. */
export type ReportState = 'new' | 'acknowledged' | 'closed';

/** The colour of a reported code. */
export type ReportColour = 'red' | 'yellow';

/** The error codes the console API answers with. */
export type ConsoleErrorCode =
  'signed-out' | 'bad-token' | 'csrf' | 'forbidden' | 'not-found' | 'invalid-request';

/** An error answer of the console API. */
export interface ConsoleProblem {
  error: ConsoleErrorCode | string;
  message?: string;
}

/** Schema of ConsoleProblem. */
export const consoleProblemSchema = {
  type: 'object',
  required: ['error'],
  properties: { error: str, message: str },
} as const;

/** A venue as the console lists it. */
export interface VenueSummary {
  id: string;
  name: string;
  category: string;
  region: string;
}

const venueSummarySchema = every({ id: str, name: str, category: str, region: str });

/** POST /session: the one-time sign-in token from the link's fragment. */
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

/** GET /me (and the answer to a sign-in): the session's role, label and venues (the authority: all). */
export interface Me {
  role: ConsoleRole;
  label: string;
  venues: VenueSummary[];
}

/** Schema of Me. */
export const meSchema = every({
  role: { type: 'string', enum: ['manager', 'authority'] },
  label: str,
  venues: { type: 'array', items: venueSummarySchema },
});

/** Where the report's webhook delivery stands. */
export interface ReportDelivery {
  state: 'pending' | 'delivered' | 'failed' | 'none';
  attempts: number;
  lastError: string | null;
}

/** A report: a red or yellow code held at a venue (003 §17, 001 §2(1), 000 §4(5)4), as the records hold it. */
export interface Report {
  id: string;
  venueId: string;
  venueName: string;
  region: string;
  deviceId: string;
  recordId: string;
  at: string;
  colour: ReportColour;
  maskedName: string | null;
  idLast4: string | null;
  /** The issuer's pseudonymous subject id, or null. */
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
export const reportSchema = every({
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
  delivery: every({
    state: { type: 'string', enum: ['pending', 'delivered', 'failed', 'none'] },
    attempts: int,
    lastError: nullableStr,
  }),
});

/** GET /reports query: filters, the page's cursor and size. */
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
    venue: str,
    colour: { type: 'string', enum: ['red', 'yellow'] },
    region: str,
    after: str,
    limit: { type: 'integer', minimum: 1, maximum: 200 },
  },
} as const;

/** GET /reports (newest first) and GET /reports/changes?since= (changed or new since the cursor). */
export interface ReportPage {
  reports: Report[];
  /** Opaque: hand it back as `after` (next page) or `since` (changes). */
  cursor: string;
}

/** Schema of ReportPage. */
export const reportPageSchema = every({ reports: { type: 'array', items: reportSchema }, cursor: str });

/** POST /reports/:id/close: what came of the report. */
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

/** One hour of a venue's checks. */
export interface HourStats {
  /** ISO, the start of the hour. */
  hour: string;
  admits: number;
  denies: number;
  overrides: number;
  manual: number;
  reports: number;
}

/** GET /venues/:id/stats?days=14: today and the last `days` days, per hour, from the records. */
export interface VenueStats {
  hours: HourStats[];
}

/** Schema of VenueStats. */
export const venueStatsSchema = every({
  hours: {
    type: 'array',
    items: every({ hour: str, admits: int, denies: int, overrides: int, manual: int, reports: int }),
  },
});

/** A venue's device as the console shows it. */
export interface DeviceSummary {
  id: string;
  label: string | null;
  enrolledAt: string;
  lastSyncAt: string | null;
  trustVersion: number | null;
  trustAgeHours: number | null;
  pendingGaps: number;
  forks: number;
  /** The last staff id seen, or null. */
  staff: string | null;
  disabled: boolean;
}

/** GET /venues/:id/devices. */
export interface DeviceList {
  devices: DeviceSummary[];
}

/** Schema of DeviceList. */
export const deviceListSchema = every({
  devices: {
    type: 'array',
    items: every({
      id: str,
      label: nullableStr,
      enrolledAt: str,
      lastSyncAt: nullableStr,
      trustVersion: { type: ['integer', 'null'] },
      trustAgeHours: { type: ['number', 'null'] },
      pendingGaps: int,
      forks: int,
      staff: nullableStr,
      disabled: bool,
    }),
  },
});

/** POST /devices/:id/disable. */
export interface DeviceDisabled {
  id: string;
  disabled: true;
}

/** Schema of DeviceDisabled. */
export const deviceDisabledSchema = every({ id: str, disabled: { type: 'boolean', enum: [true] } });

/** POST /venues/:id/enrolments. */
export interface EnrolmentRequest {
  ttlHours?: number;
}

/** Schema of EnrolmentRequest. */
export const enrolmentRequestSchema = {
  type: 'object',
  additionalProperties: false,
  properties: { ttlHours: { type: 'number', exclusiveMinimum: 0, maximum: 24 * 30 } },
} as const;

/** The answer to POST /venues/:id/enrolments: the link a device opens to enrol. */
export interface EnrolmentLink {
  link: string;
  expiresAt: string;
}

/** Schema of EnrolmentLink. */
export const enrolmentLinkSchema = every({ link: str, expiresAt: str });

/** One enrolment link of a venue (its token is never shown again). */
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
export const enrolmentListSchema = every({
  enrolments: { type: 'array', items: every({ id: str, createdAt: str, expiresAt: str, used: bool }) },
});

/** Red and yellow codes at one venue in one hour. */
export interface VenueHourCount {
  venueId: string;
  venueName: string;
  /** ISO, the start of the hour. */
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

/** GET /summary (the authority). */
export interface AuthoritySummary {
  trustVersion: number;
  issuers: Array<{ iss: string; kid: string }>;
  revocations: number;
  /** The last 24 hours. */
  byVenueHour: VenueHourCount[];
  staleDevices: StaleDevice[];
}

/** Schema of AuthoritySummary. */
export const authoritySummarySchema = every({
  trustVersion: int,
  issuers: { type: 'array', items: every({ iss: str, kid: str }) },
  revocations: int,
  byVenueHour: {
    type: 'array',
    items: every({ venueId: str, venueName: str, hour: str, red: int, yellow: int }),
  },
  staleDevices: { type: 'array', items: every({ id: str, venueId: str, lastSyncAt: nullableStr }) },
});
