// Spec §1.3: a COSE_Sign1 is "CBOR tag 18. Decoders also accept it untagged"; no other tag appears in HCQ1, and
// "wrong COSE structure or types" is `malformed` (§3 step 1; a wrong type in the claims, step 5). cbor-x turns
// tags into cycles (28/29), objects (27, 105), typed arrays (64...), dates, bigints and sets: every one is refused
// before cbor-x sees it (issue 11 item 13).
import { describe, expect, it } from 'vitest';
import { cborDecode } from '../../../src/core/hcq1/cbor.ts';
import { scanCbor } from '../../../src/core/hcq1/cbor-kinds.ts';
import { decodeHcq1 } from '../../../src/core/hcq1/decode.ts';
import { verificationJson } from '../../../src/core/hcq1/json.ts';
import { verifyHcq1 } from '../../../src/core/hcq1/verify.ts';
import { naclEd25519 } from '../../../src/core/ed25519.ts';
import { TrustSet } from '../../../src/core/trust.ts';
import {
  AT_SECONDS,
  INSIDE,
  ISSUER,
  TAGGED_ITEMS,
  attackText,
  type Place,
} from '../../security/hcq1-attacks.ts';

const ctx = { trust: TrustSet.from([ISSUER.key]), now: AT_SECONDS, ed25519: naclEd25519 };

describe('the attack builder', () => {
  it.each<Place>(INSIDE)('makes a code that verifies ok with a plain uint at %s', async (place) => {
    const text = attackText(place, [0x01]);
    expect(await verifyHcq1(text, ctx)).toMatchObject({ result: 'ok' });
    expect(decodeHcq1(text)).toMatchObject({ ok: true });
  });
});

describe('a code carrying a tag HCQ1 does not allow is malformed, whatever cbor-x would make of it', () => {
  const cases = TAGGED_ITEMS.flatMap((t) => INSIDE.map((place) => ({ ...t, place })));

  it.each(cases)('$name in the $place header or claims', async ({ tag, item, place }) => {
    const text = attackText(place, item);
    const v = await verifyHcq1(text, ctx);
    expect(v).toMatchObject({
      result: 'malformed',
      detail: expect.stringContaining(`CBOR tag ${tag} at byte`),
    });
    expect('claims' in v).toBe(false);
    expect(() => JSON.stringify(verificationJson(v))).not.toThrow();
    const d = decodeHcq1(text);
    expect(d).toMatchObject({
      ok: false,
      result: 'malformed',
      detail: expect.stringContaining(`CBOR tag ${tag}`),
    });
    expect(() => JSON.stringify(d)).not.toThrow();
  });

  const outermostTagged = TAGGED_ITEMS.filter((t) => t.item[0]! >> 5 === 6);

  it.each(outermostTagged)('$name around the COSE_Sign1', async ({ tag, item }) => {
    const v = await verifyHcq1(attackText('around', item), ctx);
    expect(v).toMatchObject({
      result: 'malformed',
      detail: `CBOR tag ${tag} at byte 0, where HCQ1 allows none but COSE_Sign1's 18 around the code`,
    });
  });
});

// The first tag of one CBOR item, the allowed root tag excepted, as scanCbor finds it.
const firstTag = (bytes: Uint8Array, rootTag?: number) => {
  const scan = scanCbor(bytes, rootTag);
  return scan === 'not well-formed' ? scan : scan.tag;
};

describe('scanCbor: the first tag of one CBOR item, the allowed root tag excepted', () => {
  it.each([
    { name: 'no tag', bytes: [0x82, 0x01, 0x02], rootTag: undefined, found: null },
    { name: 'tag 18 at the root, allowed', bytes: [0xd2, 0x80], rootTag: 18, found: null },
    {
      name: 'tag 18 at the root, not allowed',
      bytes: [0xd2, 0x80],
      rootTag: undefined,
      found: { tag: 18, at: 0 },
    },
    { name: 'tag 18 inside tag 18', bytes: [0xd2, 0xd2, 0x80], rootTag: 18, found: { tag: 18, at: 1 } },
    {
      name: 'tag 29 in a map value',
      bytes: [0xa1, 0x01, 0xd8, 0x1d, 0x00],
      rootTag: 18,
      found: { tag: 29, at: 2 },
    },
    {
      name: 'a tag inside an indefinite array',
      bytes: [0x9f, 0x01, 0xc1, 0x00, 0xff],
      rootTag: 18,
      found: { tag: 1, at: 2 },
    },
    {
      name: 'an 8-byte tag number',
      bytes: [0xdb, 0, 0, 0, 0, 0, 0, 1, 0, 0x00],
      rootTag: 18,
      found: { tag: 256, at: 0 },
    },
    {
      name: 'tag-like bytes inside a byte string',
      bytes: [0x43, 0xd8, 0x1c, 0x80],
      rootTag: undefined,
      found: null,
    },
    {
      name: 'an indefinite-length tag head',
      bytes: [0xdf, 0x00],
      rootTag: undefined,
      found: 'not well-formed',
    },
    { name: 'a truncated tag', bytes: [0x81, 0xd8], rootTag: undefined, found: 'not well-formed' },
    {
      name: 'trailing bytes after the item',
      bytes: [0x01, 0xc1, 0x00],
      rootTag: undefined,
      found: 'not well-formed',
    },
  ])('$name', ({ bytes, rootTag, found }) => {
    expect(firstTag(new Uint8Array(bytes), rootTag)).toEqual(found);
  });

  it('walks items nested deeper than any HCQ1 text without refusing them for depth', () => {
    const deep = new Uint8Array([...new Array(600).fill(0x81), 0x00]);
    expect(firstTag(deep)).toBeNull();
    expect(cborDecode(deep)).toMatchObject({ ok: true });
  });
});

describe('cborDecode', () => {
  it('names the tag and its offset, so the error says what was refused', () => {
    expect(cborDecode(new Uint8Array([0x82, 0x01, 0xd8, 0x1c, 0x80]))).toEqual({
      ok: false,
      tag: 28,
      detail: 'CBOR tag 28 at byte 2, where HCQ1 allows none',
    });
  });

  it('says "not well-formed" without a tag for input that is not CBOR', () => {
    expect(cborDecode(new Uint8Array([0x82, 0x01]))).toEqual({ ok: false, detail: 'not well-formed CBOR' });
  });
});
