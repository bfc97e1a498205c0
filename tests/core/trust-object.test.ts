// Shared trust objects (docs/bundles.md "Snapshots and deltas"): built once, named by SHA-256, signed by the root;
// a device reads one only when its bytes are the ones the signed venue body names and the root signed them.
import { describe, expect, it } from 'vitest';
import { issuerJson } from '../../src/core/bundle.js';
import { naclEd25519 } from '../../src/core/ed25519.js';
import { columnsOf, countOf } from '../../src/core/revocation-list.js';
import {
  buildTrustObject,
  openTrustObject,
  trustObjectPath,
  type TrustObjectHeader,
  type TrustPointer,
} from '../../src/core/trust-object.js';
import { issuer, other, root } from '../support/keys.js';

const list = columnsOf(
  Array.from({ length: 100 }, (_, i) => ({
    iss: 'CN-ZJ',
    subject: Uint8Array.from({ length: 16 }, (_, j) => (i * 7 + j * 13) & 0xff),
    before: 1_700_000_000 + i,
  })),
);
const header: TrustObjectHeader = { kind: 'delta', version: 9, since: 4, issuers: [issuerJson(issuer)] };
const built = buildTrustObject(header, list, root.secretKey);
const pointer: TrustPointer = {
  kind: 'delta',
  version: 9,
  since: 4,
  hash: built.hash,
  size: built.bytes.length,
};

describe('trust objects', () => {
  it('open to what was built, under their path', async () => {
    expect(trustObjectPath(pointer)).toBe(`/trust/deltas/${built.hash}`);
    expect(trustObjectPath({ kind: 'full', hash: built.hash })).toBe(`/trust/snapshots/${built.hash}`);
    const opened = await openTrustObject(built.bytes, pointer, root.publicKey, naclEd25519);
    if (!opened.ok) throw new Error(opened.error.kind);
    expect(opened.value).toMatchObject({ kind: 'delta', version: 9, since: 4 });
    expect(opened.value.issuers.map((k) => k.kid)).toEqual([issuer.kid]);
    expect(countOf(opened.value.revocations)).toBe(100);
  });

  it('are the same bytes whoever builds them (content-addressed: two servers store one object)', () => {
    expect(buildTrustObject(header, list, root.secretKey).hash).toBe(built.hash);
  });

  const flip = (at: number) => {
    const b = built.bytes.slice();
    b[at < 0 ? b.length + at : at]! ^= 1;
    return b;
  };
  it.each([
    ['a flipped byte in the header', flip(10), pointer, 'wrong-hash'],
    ['a flipped byte in the list', flip(200), pointer, 'wrong-hash'],
    ['a flipped byte in the signature', flip(-1), pointer, 'bad-signature'],
    ['a cut object', built.bytes.subarray(0, 100), pointer, 'wrong-hash'],
    ['another hash named', built.bytes, { ...pointer, hash: '0'.repeat(64) }, 'wrong-hash'],
    [
      'another version named (an older object under a newer pointer)',
      built.bytes,
      { ...pointer, version: 10 },
      'malformed',
    ],
    ['another base named', built.bytes, { ...pointer, since: 3 }, 'malformed'],
    ['a snapshot named', built.bytes, { ...pointer, kind: 'full', since: 0 }, 'malformed'],
  ] as const)('refuses %s', async (_, bytes, expected, kind) => {
    const opened = await openTrustObject(bytes, expected as TrustPointer, root.publicKey, naclEd25519);
    expect(opened.ok ? 'opened' : opened.error.kind).toBe(kind);
  });

  it('refuses an object another key signed, with its own correct hash', async () => {
    const forged = buildTrustObject(header, list, other.secretKey);
    const opened = await openTrustObject(
      forged.bytes,
      { ...pointer, hash: forged.hash },
      root.publicKey,
      naclEd25519,
    );
    expect(opened.ok ? 'opened' : opened.error.kind).toBe('bad-signature');
  });
});
