// `checkpoint trust add FILE | list`: the issuer keys the server puts in its signed bundles.
import { keysFileJson, parseKeysFile } from '../../core/trust.js';
import { DB_FLAGS, withDb } from '../../server/db/open.js';
import { EXIT, UsageError, emit, readJson, subcommands } from '../io.js';

const HELP = `checkpoint trust add FILE [--data DIR | --database-url URL]
checkpoint trust list [--data DIR | --database-url URL]
  add: trusts the issuer keys of a keys.json (spec §4); a key already known is updated (e.g. revoked).
  list: the trusted keys, as a keys.json, with the current trust version.
  The database is SQLite in --data (default ./data), or PostgreSQL with --database-url (or DATABASE_URL when --data is not given).`;

/** `checkpoint trust`: the command. */
export const trust = subcommands(
  { summary: 'trust issuer keys on the server (trust add FILE, trust list)', help: HELP },
  DB_FLAGS,
  {
    add: {
      words: ['FILE'],
      async run(values, [file], io) {
        if (!file) throw new UsageError('trust add FILE: the keys.json to trust');
        const parsed = parseKeysFile(await readJson(file, 'FILE'));
        if (!parsed.ok) throw new UsageError(`${file}: ${parsed.error}`);
        const result = await withDb(values, (s) => s.trust.addIssuers(parsed.value));
        emit(io, { ...result, issuers: keysFileJson(parsed.value).issuers });
        return EXIT.ok;
      },
    },
    list: {
      async run(values, _, io) {
        const out = await withDb(values, async (s) => ({
          version: await s.trust.version(),
          ...keysFileJson(await s.trust.listIssuers()),
        }));
        emit(io, out);
        return EXIT.ok;
      },
    },
  },
);
