// `checkpoint bundle export`: the signed bundle a venue's devices would fetch, as a file, for a venue without a
// network. Devices verify it against the root key pinned at enrolment, exactly as a fetched one.
import { writeFile } from 'node:fs/promises';
import { bundleFor } from '../../server/bundles.js';
import { DB_FLAGS, withDb } from '../../server/db/open.js';
import { EXIT, UsageError, emit, parseFlags, type Command } from '../io.js';

const HELP = `checkpoint bundle export --venue ID --out FILE [--data DIR | --database-url URL]
  Writes the signed bundle a device of venue ID fetches from \`serve\` (a full snapshot: issuer keys,
  revocations, the venue's category and policy, the authority key), signed by the server's root key.
  Load it on an enrolled device in Settings → Trust data: the device checks the signature against the
  root key it pinned at enrolment and refuses a bundle older than the one it holds, or another venue's.
  Prints {"venueId", "version", "issuedAt", "keyId", "out"}; exit 1 when there is no such venue.`;

/** `checkpoint bundle`: the command. */
export const bundle: Command = {
  summary: 'write the signed bundle of a venue to a file (bundle export --venue ID --out FILE)',
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parseFlags(
      args,
      { ...DB_FLAGS, venue: { type: 'string' }, out: { type: 'string' } },
      true,
    );
    const [sub, ...extra] = positionals;
    if (sub !== 'export') throw new UsageError('expected a subcommand: export');
    if (extra.length) throw new UsageError(`unexpected argument ${extra[0]}`);
    if (!values.venue) throw new UsageError('--venue ID is required');
    if (!values.out) throw new UsageError('--out FILE is required');
    const venueId = values.venue;
    const made = await withDb(values, async (db) => {
      const venue = await db.venues.get(venueId);
      // Since 0: the full snapshot, which a device takes over any older version it holds.
      return venue ? bundleFor(db, venue, 0) : null;
    });
    if (!made) {
      io.stderr(`checkpoint bundle: no venue ${venueId}\n`);
      return EXIT.refused;
    }
    try {
      await writeFile(values.out, JSON.stringify(made.bundle) + '\n');
    } catch (e) {
      throw new UsageError(
        `--out ${values.out}: cannot write the file (${(e as NodeJS.ErrnoException).code})`,
      );
    }
    const body = JSON.parse(made.bundle.body) as { issuedAt: string };
    emit(io, {
      venueId,
      version: made.version,
      issuedAt: body.issuedAt,
      keyId: made.bundle.keyId,
      out: values.out,
    });
    return EXIT.ok;
  },
};
