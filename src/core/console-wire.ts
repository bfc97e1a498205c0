// The console's HTTP API (issue 13; docs/server.md, "Console API"; base path /api/console/v1), declared once: the types
// the console page uses, and (re-exported from console-schemas.ts) the JSON schemas the server validates with. Pure
// data: the page and the server both import this one module.
export * from './console-schemas.js';

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

/** A venue as the console lists it. */
export interface VenueSummary {
  id: string;
  name: string;
  category: string;
  region: string;
}

/** POST /session: the one-time token from a granted sign-in link. */
export interface SignInRequest {
  token: string;
}

/** GET /me (and the answer to POST /session): who is signed in and the venues they see. */
export interface Me {
  role: ConsoleRole;
  label: string;
  venues: VenueSummary[];
}

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
  /** The id of the rule that asked for the report (or the first rule that decided). */
  rule: string;
  /** That rule's citation, e.g. "003 §17"; empty when the policy is unknown where the report was made. */
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

/** GET /reports query: filters, an opaque cursor for the next page, a page size (1–200, default 50). */
export interface ReportQuery {
  state?: ReportState;
  venue?: string;
  colour?: ReportColour;
  region?: string;
  after?: string;
  limit?: number;
}

/** GET /reports/changes query: the cursor of the last answer (of /reports or /reports/changes). */
export interface ReportChangesQuery {
  since?: string;
}

/** GET /reports and GET /reports/changes: reports, newest first, and the cursor to continue from. */
export interface ReportPage {
  reports: Report[];
  cursor: string;
}

/** POST /reports/:id/close: how the report ended. */
export interface CloseRequest {
  outcome: string;
}

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

/** POST /venues/:id/enrolments. */
export interface EnrolmentRequest {
  ttlHours?: number;
}

/** A link with its expiry: an enrolment link, or a console sign-in link. */
export interface Link {
  link: string;
  expiresAt: string;
}

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

/** POST /devices/:id/disable. */
export interface DeviceDisabled {
  id: string;
  disabled: true;
}

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

/** The body a webhook receiver gets: POST JSON, signed over the raw body by the server's root key. */
export interface WebhookBody {
  report: Report;
}

/** The webhook's header naming the report (receivers dedupe on it). */
export const WEBHOOK_REPORT_HEADER = 'X-Checkpoint-Report-Id';

/** The webhook's signature header: `ed25519=<base64 signature over the raw body>`. */
export const WEBHOOK_SIGNATURE_HEADER = 'X-Checkpoint-Signature';
