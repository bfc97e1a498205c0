// `checkpoint keys issuer`: makes an issuer key file (spec §4, with secretKey).
import { writeFile } from 'node:fs/promises';
import { keysFileJson } from '../../core/trust.js';
import { issuerSecretFileJson, newIssuerKey } from '../../core/issuer.js';
import { EXIT, UsageError, emit, parseFlags, type CliIO, type Command } from '../io.js';
import { stringFlags } from './flags.js';
import { SERVER_KEYS_HELP, authority, root } from './keys-server.js';

const HELP = `checkpoint keys issuer --iss ISS --out FILE [--public-out FILE] [--years N]
  Makes a new Ed25519 issuer key. FILE is a keys.json (spec §4) whose one issuer also carries
  "secretKey": keep it secret. --public-out also writes the public keys.json that verifiers trust.
  ISS is the issuing region, ISO 3166-2 (CN-ZJ, CN-YN, CN-CQ, ...).`;

async function writeNew(file: string, flag: string, value: unknown): Promise<void> {
  try {
    // 0600 and exclusive create: a secret key is never silently overwritten or left world-readable.
    await writeFile(file, JSON.stringify(value, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(
      `${flag} ${file}: ${code === 'EEXIST' ? 'the file exists; refusing to overwrite it' : `cannot write (${code})`}`,
    );
  }
}

async function issuer(args: string[], io: CliIO): Promise<number> {
  const { values } = parseFlags(args, stringFlags('iss', 'out', 'public-out', 'years'));
  if (!values.iss || !/^[A-Z]{2}-[A-Z0-9]{1,3}$/.test(values.iss))
    throw new UsageError('--iss: expected an ISO 3166-2 region code such as CN-ZJ');
  if (!values.out) throw new UsageError('--out FILE is required');
  const years = values.years === undefined ? 10 : Number(values.years);
  if (!(years > 0 && years <= 50))
    throw new UsageError(`--years ${values.years}: expected a number from 1 to 50`);
  const secret = newIssuerKey(values.iss, Math.floor(Date.now() / 1000), years);
  await writeNew(values.out, '--out', issuerSecretFileJson(secret));
  if (values['public-out']) await writeNew(values['public-out'], '--public-out', keysFileJson([secret.key]));
  const pub = keysFileJson([secret.key]).issuers[0];
  emit(io, { ...pub, out: values.out, ...(values['public-out'] ? { publicOut: values['public-out'] } : {}) });
  return EXIT.ok;
}

/** Subcommands of `checkpoint keys`. */
export const keySubcommands: Record<string, (args: string[], io: CliIO) => Promise<number>> = {
  issuer,
  root,
  authority,
};

/** `checkpoint keys`: key files for issuers (and, with the server, root and authority keys). */
export const keys: Command = {
  summary: 'make key files (keys issuer --iss ISS --out FILE)',
  help: `${HELP}\n${SERVER_KEYS_HELP}`,
  async run(args, io) {
    const [sub, ...rest] = args;
    const run = sub ? keySubcommands[sub] : undefined;
    if (!run) throw new UsageError(`expected a subcommand: ${Object.keys(keySubcommands).join(', ')}`);
    return run(rest, io);
  },
};
