// `checkpoint keys root` and `keys authority`: the server's bundle-signing root and the health authority's sealing key.
import { writeFile } from 'node:fs/promises';
import nacl from 'tweetnacl';
import { toBase64 } from '../../core/bytes.js';
import { rootKeyId } from '../../core/bundle.js';
import { DB_FLAGS, withDb } from '../../server/db/open.js';
import { EXIT, UsageError, emit, parseFlags, type CliIO } from '../io.js';

/** Help for the two server key subcommands (shown by `checkpoint keys --help` via keys.ts). */
export const SERVER_KEYS_HELP = `checkpoint keys root [--data DIR | --database-url URL]
  The root key that signs trust bundles: made on first use (or by \`serve\`), then always the same. Prints
  its public key and kid, which enrolled devices pin.
checkpoint keys authority --out FILE [--data DIR | --database-url URL]
  Makes the health authority's X25519 key pair for sealing manual entries. FILE gets both keys (keep it
  with the authority, not on the server); the server keeps only the public key and sends it in bundles.`;

/** `keys root`: makes the root key if there is none, and shows it. */
export async function root(args: string[], io: CliIO): Promise<number> {
  const { values } = parseFlags(args, DB_FLAGS);
  const key = await withDb(values, (s) => s.meta.rootKey());
  emit(io, { publicKey: toBase64(key.publicKey), keyId: rootKeyId(key.publicKey), created: key.created });
  return EXIT.ok;
}

/** `keys authority --out FILE`: a new sealing key pair; the public half goes into the server's bundles. */
export async function authority(args: string[], io: CliIO): Promise<number> {
  const { values } = parseFlags(args, { ...DB_FLAGS, out: { type: 'string' } });
  if (!values.out) throw new UsageError('--out FILE is required (the authority key file, kept secret)');
  const pair = nacl.box.keyPair();
  try {
    await writeFile(
      values.out,
      JSON.stringify({ publicKey: toBase64(pair.publicKey), secretKey: toBase64(pair.secretKey) }, null, 2) +
        '\n',
      { mode: 0o600, flag: 'wx' },
    );
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(
      `--out ${values.out}: ${code === 'EEXIST' ? 'the file exists; refusing to overwrite it' : `cannot write (${code})`}`,
    );
  }
  const version = await withDb(values, (s) => s.trust.setAuthorityKey(pair.publicKey));
  emit(io, { publicKey: toBase64(pair.publicKey), out: values.out, trustVersion: version });
  return EXIT.ok;
}
