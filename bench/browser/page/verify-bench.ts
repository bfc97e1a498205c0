// HCQ1 verification measured in the page: verifyHcq1 against the Ed25519 libraries alone, over the same codes.
import * as noble from '@noble/ed25519';
import { sha512 } from '@noble/hashes/sha2.js';
import nacl from 'tweetnacl';
import { interleavedRates } from '../../common/stats.mjs';
import { fromBase64 } from '../../../src/core/bytes.js';
import { bestEd25519 } from '../../../src/core/ed25519.js';
import { parseHcq1Text, toBeSigned } from '../../../src/core/hcq1/cose.js';
import { verifyHcq1 } from '../../../src/core/hcq1/verify.js';
import { TrustSet, type IssuerKey } from '../../../src/core/trust.js';

/** An issuer key as JSON (public key in Base64). */
export type KeyJson = Omit<IssuerKey, 'publicKey'> & { publicKey: string };

/** HCQ1 verifications per second: verifyHcq1 against the Ed25519 libraries alone, over the same codes. */
export async function verifyBench(opts: {
  texts: string[];
  keys: KeyJson[];
  now: number;
  ms: number;
  rounds: number;
}): Promise<{ rates: Record<string, number>; ed25519: string }> {
  // @noble/ed25519's synchronous verify needs a SHA-512; this is how its README says to provide one.
  noble.hashes.sha512 = sha512;
  const trust = TrustSet.from(opts.keys.map((k) => ({ ...k, publicKey: fromBase64(k.publicKey)! })));
  const jobs = await Promise.all(
    opts.texts.map(async (text) => {
      const parsed = parseHcq1Text(text);
      if (!parsed.ok) throw new Error(parsed.error.detail);
      const { cose } = parsed;
      const kid = [...cose.kid].map((b) => b.toString(16).padStart(2, '0')).join('');
      const pub = trust.get(kid)[0]!.publicKey;
      const key = await crypto.subtle.importKey('raw', pub as BufferSource, { name: 'Ed25519' }, false, [
        'verify',
      ]);
      return { msg: toBeSigned(cose.protectedBytes, cose.payload), sig: cose.signature, pub, key };
    }),
  );
  const check = (ok: boolean) => {
    if (!ok) throw new Error('a contender failed to verify a valid signature');
  };
  const job = (i: number) => jobs[i % jobs.length]!;
  const ops: Record<string, (i: number) => unknown> = {
    checkpoint: async (i) =>
      check((await verifyHcq1(opts.texts[i % opts.texts.length]!, { trust, now: opts.now })).result === 'ok'),
    tweetnacl: (i) => check(nacl.sign.detached.verify(job(i).msg, job(i).sig, job(i).pub)),
    '@noble/ed25519': (i) => check(noble.verify(job(i).sig, job(i).msg, job(i).pub)),
    webcrypto: async (i) =>
      check(
        await crypto.subtle.verify(
          { name: 'Ed25519' },
          job(i).key,
          job(i).sig as BufferSource,
          job(i).msg as BufferSource,
        ),
      ),
  };
  const rates = await interleavedRates(ops, { ms: opts.ms, rounds: opts.rounds });
  return { rates, ed25519: (await bestEd25519()).name };
}
