// Who is asking the console API, and whether they may: the session cookie (HttpOnly, SameSite=Strict, Secure
// over HTTPS), the CSRF check on every change (our header and our own Origin), and a manager's venues.
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  CONSOLE_API_BASE,
  CONSOLE_COOKIE,
  CONSOLE_HEADER,
  consoleErrorSchema,
  type ConsoleError,
  type ConsoleErrorCode,
  type ConsoleRole,
} from '../core/console-wire.js';
import type { ConsoleSession } from './db/console.js';
import type { ServerDb } from './db/index.js';
import type { VenueScope } from './db/reports.js';
import { publicUrlOf } from './enrol-link.js';
import type { Route } from './openapi.js';

/** A console request's signed-in user and the venues they may see. */
export interface ConsoleUser {
  session: ConsoleSession;
  /** null: every venue (the authority). */
  scope: VenueScope;
}

const STATUS: Record<ConsoleErrorCode, number> = {
  csrf: 403,
  forbidden: 403,
  'signed-out': 401,
  'bad-token': 401,
  'not-found': 404,
  'bad-request': 400,
};

/** Sends a console refusal: `{ "error": code }` with its status. */
export function refuseConsole(reply: FastifyReply, error: ConsoleErrorCode): FastifyReply {
  return reply.code(STATUS[error]).send({ error } satisfies ConsoleError);
}

/** Whether the console cookie must be Secure: the request came over HTTPS, or the server's public URL is HTTPS. */
async function secure(db: ServerDb, request: FastifyRequest): Promise<boolean> {
  return request.protocol === 'https' || (await publicUrlOf(db)).startsWith('https:');
}

/** Sets the session cookie (the session id; the database holds only its hash). */
export async function setSessionCookie(
  db: ServerDb,
  request: FastifyRequest,
  reply: FastifyReply,
  id: string,
  maxAgeMs: number,
): Promise<void> {
  reply.setCookie(CONSOLE_COOKIE, id, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    maxAge: Math.max(0, Math.round(maxAgeMs / 1000)),
    secure: await secure(db, request),
  });
}

/** Clears the session cookie. */
export async function clearSessionCookie(
  db: ServerDb,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<void> {
  await setSessionCookie(db, request, reply, '', 0);
}

/**
 * True when a state-changing request comes from the console page itself: it carries our header, and its
 * Origin is this server's (as addressed, or its public URL); without an Origin only a same-origin fetch passes.
 */
export async function fromConsolePage(db: ServerDb, request: FastifyRequest): Promise<boolean> {
  if (request.headers[CONSOLE_HEADER.toLowerCase()] !== '1') return false;
  const origin = request.headers.origin;
  if (origin === undefined) return request.headers['sec-fetch-site'] === 'same-origin';
  const own = [`${request.protocol}://${request.headers.host ?? ''}`, new URL(await publicUrlOf(db)).origin];
  return own.includes(origin);
}

/**
 * The signed-in user of a console request, or null once a refusal is sent: 403 csrf for a change that is not
 * from the console page, 401 signed-out without a live session.
 */
export async function consoleUser(
  db: ServerDb,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<ConsoleUser | null> {
  const changes = request.method !== 'GET' && request.method !== 'HEAD';
  if (changes && !(await fromConsolePage(db, request))) {
    refuseConsole(reply, 'csrf');
    return null;
  }
  const id = request.cookies[CONSOLE_COOKIE];
  const session = id ? await db.console.session(id) : null;
  if (!session) {
    refuseConsole(reply, 'signed-out');
    return null;
  }
  return { session, scope: session.role === 'authority' ? null : session.venueIds };
}

/** Whether the user may see a venue (a manager: only their own). */
export const seesVenue = (user: ConsoleUser, venueId: string): boolean =>
  user.scope === null || user.scope.includes(venueId);

/** Writes the audit-log row of a change the user (the session's holder) made. */
export function audited(
  db: ServerDb,
  user: Pick<ConsoleUser, 'session'>,
  action: string,
  target: string,
  detail: Record<string, unknown> = {},
): Promise<void> {
  return db.console.audit({
    at: Date.now(),
    label: user.session.label,
    role: user.session.role,
    action,
    target,
    detail,
  });
}

/** A console route as declared: its path below the base, who it serves, and a handler that runs only for them. */
export interface ConsoleRouteSpec<Body, Found = undefined> extends Omit<Route<Body>, 'url' | 'handler'> {
  path: string;
  /** The one role the route serves: the other is refused 403 forbidden. */
  only?: ConsoleRole;
  handler(
    request: FastifyRequest<{ Body: Body }>,
    reply: FastifyReply,
    user: ConsoleUser,
    found: Found,
  ): unknown;
}

// Every console request in this order: the user (401 signed-out, or 403 csrf for a change not from the page), what
// the route is on (404 not-found: a manager never learns that another venue's thing exists), the role (403), then
// the handler.
function routeOf<Body, Found>(
  db: ServerDb,
  spec: ConsoleRouteSpec<Body, Found>,
  find: (request: FastifyRequest, user: ConsoleUser) => Promise<Found | null>,
): Route<Body> {
  const { path, only, handler, ...rest } = spec;
  return {
    ...rest,
    url: `${CONSOLE_API_BASE}${path}`,
    schema: { ...rest.schema, response: { '4xx': consoleErrorSchema, ...rest.schema.response } },
    handler: async (request, reply) => {
      const user = await consoleUser(db, request, reply);
      if (!user) return reply;
      const found = await find(request, user);
      if (found === null) return refuseConsole(reply, 'not-found');
      if (only && user.session.role !== only) return refuseConsole(reply, 'forbidden');
      return handler(request, reply, user, found);
    },
  };
}

/** A console API route: signed-in users only (of one role, if `only` says), changes only from the console page. */
export const consoleRoute = <Body = unknown>(db: ServerDb, spec: ConsoleRouteSpec<Body>): Route<Body> =>
  routeOf(db, spec, async () => undefined);

/**
 * A console route on what the request's :id names: its handler runs with it only when `find` gives it to the
 * user (it exists and they may see it), else 404 not-found.
 */
export const consoleRouteOn =
  <T>(db: ServerDb, find: (id: string, user: ConsoleUser) => Promise<T | null>) =>
  <Body = unknown>(spec: ConsoleRouteSpec<Body, T>): Route<Body> =>
    routeOf(db, spec, (request, user) => find((request.params as { id: string }).id, user));
