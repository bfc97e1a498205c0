// `checkpoint venue add | list | link`: venues, their policy and settings, and one-time enrolment links.
import { POLICIES, parseVenue } from '../../core/policy/index.js';
import { enrolLink, publicUrlOf } from '../../server/enrol-link.js';
import { DB_FLAGS, withDb } from '../../server/db/open.js';
import { parseDuration, stringFlags } from './flags.js';
import type { ServerDb } from '../../server/db/index.js';
import { EXIT, UsageError, emit, refuse, subcommands, type FlagValues } from '../io.js';

const HELP = `checkpoint venue add --name NAME --category CAT --policy NAME [--max-offline-hours H]
                     [--base-url URL] [--expires 24h] [--data DIR | --database-url URL]
checkpoint venue list [--data DIR | --database-url URL]
checkpoint venue link ID [--base-url URL] [--expires 24h]
checkpoint venue webhook --venue ID --url URL [--data DIR | --database-url URL]
  add: a venue with its policy (${Object.keys(POLICIES).join(', ')}) and an enrolment link ("enrolUrl"):
  opened once on a phone, it enrols the phone for this venue; it expires (default 24h).
  link: a new enrolment link for another device of the venue.
  webhook: adds a recipient of the venue's reports: each new report is POSTed to URL as {"report": …},
  signed by the server's root key (X-Checkpoint-Signature: ed25519=…), retried until it is accepted.
  --base-url is the address phones reach the server at (default: what \`serve\` last recorded).`;

/** The --expires of an enrolment link, when given. */
function linkTtl(expires: string | undefined): number | undefined {
  if (expires === undefined) return undefined;
  const ttl = parseDuration(expires);
  if (ttl === null) throw new UsageError(`--expires ${expires}: expected a duration such as 24h or 7d`);
  return ttl;
}

const FLAGS = {
  ...DB_FLAGS,
  ...stringFlags('name', 'category', 'policy', 'max-offline-hours', 'base-url', 'expires', 'venue', 'url'),
};

/** A new enrolment link for a venue, with --base-url and --expires. */
async function link(s: ServerDb, venueId: string, values: FlagValues<typeof FLAGS>) {
  const ttl = linkTtl(values.expires);
  const made = await enrolLink(s, venueId, await publicUrlOf(s, values['base-url']), ttl);
  return { enrolUrl: made.enrolUrl, enrolExpiresAt: made.expiresAt };
}

/** `checkpoint venue`: the command. */
export const venue = subcommands(
  {
    summary:
      'venues and enrolment links (venue add --name --category --policy, venue list, venue link ID, venue webhook)',
    help: HELP,
  },
  FLAGS,
  {
    add: {
      async run(values, _, io) {
        linkTtl(values.expires);
        if (!values.name) throw new UsageError('--name NAME is required');
        if (!values.category) throw new UsageError('--category CAT is required');
        const category = parseVenue(values.category);
        if (!category.ok) throw new UsageError(`--category ${values.category}: not a venue category`);
        if (!values.policy || !POLICIES[values.policy])
          throw new UsageError(`--policy: one of ${Object.keys(POLICIES).join(', ')}`);
        const settings: Record<string, unknown> = {};
        if (values['max-offline-hours'] !== undefined) {
          const h = Number(values['max-offline-hours']);
          if (!(h > 0 && h <= 24 * 30))
            throw new UsageError('--max-offline-hours: a number of hours up to 720');
          settings.maxOfflineHours = h;
        }
        const out = await withDb(values, async (s) => {
          const v = await s.venues.add({
            name: values.name!,
            category: category.value,
            policy: values.policy!,
            settings,
          });
          return { ...v, createdAt: new Date(v.createdAt).toISOString(), ...(await link(s, v.id, values)) };
        });
        emit(io, out);
        return EXIT.ok;
      },
    },
    list: {
      async run(values, _, io) {
        const venues = await withDb(values, (s) => s.venues.list());
        emit(io, { venues: venues.map((v) => ({ ...v, createdAt: new Date(v.createdAt).toISOString() })) });
        return EXIT.ok;
      },
    },
    link: {
      words: ['ID'],
      async run(values, [id], io) {
        linkTtl(values.expires);
        if (!id) throw new UsageError('venue link ID: the venue id');
        const out = await withDb(values, async (s) => {
          if (!(await s.venues.get(id))) return null;
          return { venueId: id, ...(await link(s, id, values)) };
        });
        if (!out) return refuse(io, `checkpoint venue: no venue ${id}`);
        emit(io, out);
        return EXIT.ok;
      },
    },
    webhook: {
      async run(values, _, io) {
        const url = webhookUrl(values.url);
        if (!values.venue) throw new UsageError('--venue ID is required');
        const venueId = values.venue;
        const out = await withDb(values, async (s) =>
          (await s.venues.get(venueId)) ? s.webhooks.addRecipient(venueId, url) : null,
        );
        if (!out) return refuse(io, `checkpoint venue: no venue ${venueId}`);
        emit(io, { venueId, webhooks: out });
        return EXIT.ok;
      },
    },
  },
);

/** A webhook URL from --url: http or https, absolute. */
function webhookUrl(text: string | undefined): string {
  if (!text) throw new UsageError('--url URL is required');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--url ${text}: not an absolute URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new UsageError(`--url ${text}: expected an http or https URL`);
  return url.toString();
}
