// verify.node.per_s: Checkpoint's verifyHcq1 against the Ed25519 libraries alone, over the same codes.
import * as noble from '@noble/ed25519';
import { sha512 } from '@noble/hashes/sha2.js';
import nacl from 'tweetnacl';
import { webcrypto } from 'node:crypto';
import { bestEd25519 } from '../../lib/core/ed25519.js';
import { parseHcq1Text, toBeSigned } from '../../lib/core/hcq1/cose.js';
import { verifyHcq1 } from '../../lib/core/hcq1/verify.js';
import { TrustSet } from '../../lib/core/trust.js';
import { issuers, makeCodes, NOW } from '../common/codes.mjs';
import { runChild } from '../common/child.mjs';
import { interleavedRates } from '../common/stats.mjs';

// @noble/ed25519's synchronous API needs a SHA-512; a user picking it would plug in @noble/hashes like this.
noble.hashes.sha512 = sha512;

await runChild(async ({ quick }, emit) => {
  const keys = issuers();
  const trust = TrustSet.from(keys.map((k) => k.key));
  const codes = makeCodes(quick ? 64 : 256, keys);
  // What the libraries alone are given: the signed bytes, signature and key each code needs checked.
  const jobs = codes.map((text) => {
    const parsed = parseHcq1Text(text);
    if (!parsed.ok) throw new Error(`bench code does not parse: ${parsed.error.detail}`);
    const { cose } = parsed;
    const kid = Buffer.from(cose.kid).toString('hex');
    return {
      msg: toBeSigned(cose.protectedBytes, cose.payload),
      sig: cose.signature,
      pub: trust.get(kid)[0].publicKey,
    };
  });
  const ed = await bestEd25519();
  for (const text of codes) {
    const v = await verifyHcq1(text, { trust, now: NOW });
    if (v.result !== 'ok') throw new Error(`bench code does not verify: ${v.result}`);
  }
  const subtle = webcrypto.subtle;
  // WebCrypto alone, used as a caller would: each issuer key imported once, then verify per code.
  const imported = new Map();
  for (const j of jobs) {
    const id = Buffer.from(j.pub).toString('hex');
    if (!imported.has(id))
      imported.set(id, await subtle.importKey('raw', j.pub, { name: 'Ed25519' }, false, ['verify']));
    j.cryptoKey = imported.get(id);
  }
  const check = (ok) => {
    if (!ok) throw new Error('a contender failed to verify a valid signature');
  };
  const job = (i) => jobs[i % jobs.length];
  const rates = await interleavedRates(
    {
      checkpoint: async (i) =>
        check((await verifyHcq1(codes[i % codes.length], { trust, now: NOW })).result === 'ok'),
      tweetnacl: (i) => check(nacl.sign.detached.verify(job(i).msg, job(i).sig, job(i).pub)),
      '@noble/ed25519': (i) => check(noble.verify(job(i).sig, job(i).msg, job(i).pub)),
      webcrypto: async (i) =>
        check(await subtle.verify({ name: 'Ed25519' }, job(i).cryptoKey, job(i).sig, job(i).msg)),
    },
    { ms: quick ? 250 : 1500, rounds: quick ? 3 : 5 },
  );
  const { checkpoint, ...contenders } = rates;
  emit('verify.node.per_s', {
    value: checkpoint,
    compare: contenders,
    note: `Checkpoint = verifyHcq1 (Base45, COSE, claims, checks) with bestEd25519 = ${ed.name}; contenders verify the signature alone. Target: 0.8× the fastest contender (the issue states it for the page; applied here too).`,
    detail: {
      codes: codes.length,
      codeChars: [Math.min(...codes.map((c) => c.length)), Math.max(...codes.map((c) => c.length))],
    },
  });
});
