// `checkpoint console grant | revoke`: one-time sign-in links to the console (/console) for a venue manager or
// the health authority, and revoking the sessions they opened. Both are audit-log rows.
import type { ConsoleRole } from '../../core/console-wire.js';
import { DB_FLAGS, withDb } from '../../server/db/open.js';
import { publicUrlOf } from '../../server/enrol-link.js';
import { EXIT, UsageError, emit, refuse, subcommands } from '../io.js';
import { stringFlags } from './flags.js';

const HELP = `checkpoint console grant --role manager --venue ID [--venue ID2 …] [--label NAME] [--ttl-hours 12]
                         [--base-url URL] [--data DIR | --database-url URL]
checkpoint console grant --role authority [--label NAME] [--ttl-hours 12] …
checkpoint console revoke --label NAME | --all [--data DIR | --database-url URL]
  grant: prints {"link", "expiresAt"}: a sign-in link to the console, usable once within 15 minutes; the
  session it opens lasts --ttl-hours (default 12, at most 720). A manager sees and acts for the venues given;
  the authority sees every venue and acknowledges and closes reports. --label names the person in the audit
  log (default: the role and venues).
  revoke: ends the sessions (and unused links) of a label, or all of them; prints {"revoked": N}.`;

const HOUR = 3_600_000;

/** `checkpoint console`: the command. */
export const consoleCommand = subcommands(
  {
    summary: 'console sign-in links and sessions (console grant --role manager|authority, console revoke)',
    help: HELP,
  },
  {
    ...DB_FLAGS,
    ...stringFlags('role', 'label', 'ttl-hours', 'base-url'),
    venue: { type: 'string', multiple: true },
    all: { type: 'boolean' },
  },
  {
    grant: {
      async run(values, _, io) {
        const role = values.role;
        if (role !== 'manager' && role !== 'authority')
          throw new UsageError('--role manager or --role authority is required');
        const venueIds = [...new Set(values.venue ?? [])];
        if (role === 'manager' && venueIds.length === 0)
          throw new UsageError('--role manager needs --venue ID');
        if (role === 'authority' && venueIds.length > 0)
          throw new UsageError('--role authority sees every venue: drop --venue');
        const ttlHours = values['ttl-hours'] === undefined ? 12 : Number(values['ttl-hours']);
        if (!Number.isInteger(ttlHours) || ttlHours < 1 || ttlHours > 720)
          throw new UsageError(`--ttl-hours ${values['ttl-hours']}: a whole number of hours, 1 to 720`);
        const label = values.label ?? (role === 'manager' ? `manager:${venueIds.join(',')}` : 'authority');
        const out = await withDb(values, async (db) => {
          for (const id of venueIds) if (!(await db.venues.get(id))) return id;
          const { token, expiresAt } = await db.console.grant({
            role: role as ConsoleRole,
            venueIds,
            label,
            sessionTtlMs: ttlHours * HOUR,
          });
          await db.console.audit({
            at: Date.now(),
            label: 'cli',
            role: 'admin',
            action: 'console.grant',
            target: label,
            detail: { role, venueIds, ttlHours },
          });
          const link = `${await publicUrlOf(db, values['base-url'])}/console/#signin=${token}`;
          return { link, expiresAt: new Date(expiresAt).toISOString() };
        });
        if (typeof out === 'string') return refuse(io, `checkpoint console: no venue ${out}`);
        emit(io, out);
        return EXIT.ok;
      },
    },
    revoke: {
      async run(values, _, io) {
        if (!values.all === !values.label) throw new UsageError('either --label NAME or --all');
        const which = values.label ? { label: values.label } : { all: true as const };
        const revoked = await withDb(values, async (db) => {
          const n = await db.console.revoke(which);
          await db.console.audit({
            at: Date.now(),
            label: 'cli',
            role: 'admin',
            action: 'console.revoke',
            target: values.label ?? '*',
            detail: { revoked: n },
          });
          return n;
        });
        emit(io, { revoked });
        return EXIT.ok;
      },
    },
  },
);
