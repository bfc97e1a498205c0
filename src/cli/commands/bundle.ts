// `checkpoint bundle export`: the signed bundle a venue's devices would fetch, as a file, for a venue without a
// network. Devices verify it against the root key pinned at enrolment, exactly as a fetched one.
import { writeFile } from 'node:fs/promises';
import { toBase64 } from '../../core/bytes.js';
import { venueBundleFor } from '../../server/bundles.js';
import { DB_FLAGS, withDb } from '../../server/db/open.js';
import { EXIT, UsageError, emit, refuse, subcommands } from '../io.js';
import { stringFlags } from './flags.js';

const HELP = `checkpoint bundle export --venue ID --out FILE [--data DIR | --database-url URL]
  Writes the signed bundle a device of venue ID fetches from \`serve\` (the venue's category, policy and
  authority key, with the full trust snapshot: issuer keys, revocations), signed by the server's root key.
  Load it on an enrolled device in Settings → Trust data: the device checks the signature against the
  root key it pinned at enrolment and refuses a bundle older than the one it holds, or another venue's.
  Prints {"venueId", "version", "issuedAt", "keyId", "out"}; exit 1 when there is no such venue.`;

/** `checkpoint bundle`: the command. */
export const bundle = subcommands(
  {
    summary: 'write the signed bundle of a venue to a file (bundle export --venue ID --out FILE)',
    help: HELP,
  },
  { ...DB_FLAGS, ...stringFlags('venue', 'out') },
  {
    export: {
      async run(values, _, io) {
        if (!values.venue) throw new UsageError('--venue ID is required');
        if (!values.out) throw new UsageError('--out FILE is required');
        const venueId = values.venue;
        const made = await withDb(values, async (db) => {
          const venue = await db.venues.get(venueId);
          if (!venue) return null;
          // Since 0: the per-venue body and the full snapshot it points to, which a device takes over any older
          // version it holds. The snapshot travels in the file (Base64), since there is nothing to fetch it from.
          const made = await venueBundleFor(db, venue, 0);
          const body = JSON.parse(made.bundle.body) as { shared: { hash: string } };
          const meta = await db.trustObjects.get(body.shared.hash);
          const object = meta ? await db.trustObjects.read(meta, 0, meta.size) : new Uint8Array(0);
          return { ...made, object: toBase64(object) };
        });
        if (!made) return refuse(io, `checkpoint bundle: no venue ${venueId}`);
        try {
          await writeFile(values.out, JSON.stringify({ bundle: made.bundle, object: made.object }) + '\n');
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
    },
  },
);
