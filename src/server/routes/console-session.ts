// The console's sign-in: a granted one-time token opens a session (a cookie); sign-out ends it; /me says who.
import {
  CONSOLE_API_BASE,
  consoleErrorSchema,
  meSchema,
  signInRequestSchema,
  type Me,
  type SignInRequest,
  type VenueSummary,
} from '../../core/console-wire.js';
import { POLICIES } from '../../core/policy/index.js';
import {
  audited,
  clearSessionCookie,
  consoleRoute,
  fromConsolePage,
  refuseConsole,
  setSessionCookie,
} from '../console-auth.js';
import type { ConsoleSession } from '../db/console.js';
import type { ServerDb } from '../db/index.js';
import type { Route } from '../openapi.js';

/** Who a session is, with the venues it sees (the authority: all of them). */
export async function meOf(db: ServerDb, session: ConsoleSession): Promise<Me> {
  const venues: VenueSummary[] = (await db.venues.list())
    .filter((v) => session.role === 'authority' || session.venueIds.includes(v.id))
    .map((v) => ({ id: v.id, name: v.name, category: v.category, region: POLICIES[v.policy]?.region ?? '' }));
  return { role: session.role, label: session.label, venues };
}

/** The sign-in, sign-out and /me routes. */
export function consoleSessionRoutes(db: ServerDb): Route[] {
  const signIn: Route<SignInRequest> = {
    method: 'POST',
    url: `${CONSOLE_API_BASE}/session`,
    summary: 'Signs in to the console with the one-time token of a granted link; sets the session cookie',
    schema: { body: signInRequestSchema, response: { 200: meSchema, '4xx': consoleErrorSchema } },
    handler: async (request, reply) => {
      if (!(await fromConsolePage(db, request))) return refuseConsole(reply, 'csrf');
      const opened = await db.console.signIn(request.body.token);
      if (!opened.ok) return refuseConsole(reply, 'bad-token');
      const { id, session } = opened.value;
      await setSessionCookie(db, request, reply, id, session.expiresAt - Date.now());
      await audited(db, { session }, 'session.sign-in', session.label);
      return meOf(db, session);
    },
  };
  return [
    signIn as Route,
    consoleRoute(db, {
      method: 'DELETE',
      path: '/session',
      summary: 'Signs out: ends the session and clears its cookie',
      schema: {},
      handler: async (request, reply, user) => {
        await db.console.endSession(user.session.idHash);
        await audited(db, user, 'session.sign-out', user.session.label);
        await clearSessionCookie(db, request, reply);
        return reply.code(204).send();
      },
    }),
    consoleRoute(db, {
      method: 'GET',
      path: '/me',
      summary: 'Who is signed in, and the venues they see',
      schema: { response: { 200: meSchema } },
      handler: (_request, _reply, user) => meOf(db, user.session),
    }),
  ];
}
