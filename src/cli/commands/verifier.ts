// Builds a verification context from --keys / --revocations / --at / --skew files and flags.
import { DEFAULT_SKEW, type VerifyContext } from '../../core/hcq1/verify.js';
import { RevocationSet, parseRevocationsFile } from '../../core/revocations.js';
import { TrustSet, parseKeysFile } from '../../core/trust.js';
import { UsageError, parseIsoSeconds, readJson } from '../io.js';
import { stringFlags } from './flags.js';

/** The flags every verifying command accepts. */
export const verifierFlags = stringFlags('keys', 'revocations', 'at', 'skew');

/** A VerifyContext from those flags; errors name the file or flag at fault. */
export async function verifierFromFlags(values: {
  keys?: string | undefined;
  revocations?: string | undefined;
  at?: string | undefined;
  skew?: string | undefined;
}): Promise<VerifyContext> {
  if (!values.keys) throw new UsageError('--keys FILE is required (a keys.json, spec §4)');
  const keys = parseKeysFile(await readJson(values.keys, '--keys'));
  if (!keys.ok) throw new UsageError(`--keys ${values.keys}: ${keys.error}`);
  let revocations: RevocationSet | undefined;
  if (values.revocations) {
    const entries = parseRevocationsFile(await readJson(values.revocations, '--revocations'));
    if (!entries.ok) throw new UsageError(`--revocations ${values.revocations}: ${entries.error}`);
    revocations = RevocationSet.from(entries.value);
  }
  const skew = values.skew === undefined ? DEFAULT_SKEW : Number(values.skew);
  if (!Number.isInteger(skew) || skew < 0)
    throw new UsageError(`--skew ${values.skew}: expected whole seconds ≥ 0`);
  const now = values.at ? parseIsoSeconds(values.at, '--at') : Math.floor(Date.now() / 1000);
  return { trust: TrustSet.from(keys.value), ...(revocations ? { revocations } : {}), now, skew };
}
