// Hand-built HCQ1 texts carrying CBOR tags that HCQ1 does not allow (issue 11 item 13), signed by a test issuer so
// that a verifier reaches every layer. cbor-x gives these tags meanings of its own: cycles, objects, typed arrays.
import nacl from 'tweetnacl';
import { base45Encode } from '../../src/core/hcq1/base45.ts';
import { PREFIX, toBeSigned } from '../../src/core/hcq1/cose.ts';
import { encodeClaims, protectedHeader } from '../../src/core/hcq1/encode.ts';
import type { HealthClaims } from '../../src/core/hcq1/types.ts';
import { newIssuerKey } from '../../src/core/issuer.ts';
import { kidOf } from '../../src/core/trust.ts';
import { head } from '../../scripts/fuzz/mutate.mjs';

/** The time the attack codes are verified at, ISO and seconds. */
export const AT = '2022-03-01T10:00:00Z';
export const AT_SECONDS = Date.parse(AT) / 1000;

/** The trusted issuer that signs the attack codes: verifying them reaches the claims (spec §3 step 5). */
export const ISSUER = newIssuerKey('CN-ZJ', AT_SECONDS - 86_400, 10, new Uint8Array(32).fill(11));

const CLAIMS: HealthClaims = {
  iss: 'CN-ZJ',
  iat: AT_SECONDS - 60,
  exp: AT_SECONDS + 3600,
  subject: new Uint8Array(16).fill(7),
  colour: 'green',
  colourSince: AT_SECONDS - 30 * 86_400,
  name: '张*三',
  idLast4: '123X',
};

const bstr = (bytes: ArrayLike<number>): number[] => [...head(2, bytes.length), ...Array.from(bytes)];
const text = (s: string): number[] => [...head(3, s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
const tag = (n: number, item: number[]): number[] => [...head(6, n), ...item];

/** `levels` shared arrays, each holding two references to the one before: 2^levels paths to walk, in few bytes. */
function referenceDag(levels: number): number[] {
  const items = [tag(28, [0x81, 0x00])];
  for (let k = 1; k <= levels; k++)
    items.push(tag(28, [0x82, ...tag(29, head(0, k - 1)), ...tag(29, head(0, k - 1))]));
  return [...head(4, items.length), ...items.flat()];
}

/** A tagged CBOR item and the tag a decoder must name when it refuses it. */
export interface TaggedItem {
  name: string;
  tag: number;
  item: number[];
}

/** cbor-x's extensions and their neighbours: each decodes to something other than what HCQ1 allows. */
export const TAGGED_ITEMS: TaggedItem[] = [
  { name: 'a self-referencing array (tags 28/29)', tag: 28, item: tag(28, [0x81, ...tag(29, [0x00])]) },
  { name: 'a self-referencing map (tags 28/29)', tag: 28, item: tag(28, [0xa1, 0x01, ...tag(29, [0x00])]) },
  { name: 'a reference DAG with 2^36 paths (tags 28/29)', tag: 28, item: referenceDag(36) },
  {
    name: 'a generic object, a RegExp (tag 27)',
    tag: 27,
    item: tag(27, [0x83, ...text('RegExp'), ...text('a+'), ...text('g')]),
  },
  {
    name: 'a record (tag 105)',
    tag: 105,
    item: tag(105, [0x83, ...head(0, 0xe000), 0x81, ...text('a'), 0x01]),
  },
  { name: 'a packed-values table (tag 51)', tag: 51, item: tag(51, [0x84, 0x81, 0x01, 0x80, 0x80, 0x00]) },
  { name: 'a typed array posing as bytes (tag 64)', tag: 64, item: tag(64, bstr(new Uint8Array(16))) },
  { name: 'an epoch date (tag 1)', tag: 1, item: tag(1, head(0, AT_SECONDS)) },
  { name: 'a bignum (tag 2)', tag: 2, item: tag(2, bstr([1, 0])) },
  { name: 'a set (tag 258)', tag: 258, item: tag(258, [0x80]) },
  { name: 'self-described CBOR (tag 55799)', tag: 55799, item: tag(55799, [0x00]) },
  { name: 'a tag cbor-x does not know (40009)', tag: 40009, item: tag(40009, [0x00]) },
];

/**
 * Where in a code the item goes: the unsigned header, the signed header, the signed claims (each as the value of
 * an extra key 99), as the signed header's alg (label 1), or around it all.
 */
export type Place = 'unprotected' | 'protected' | 'payload' | 'alg' | 'around';

/** Places inside a code, where a map gains the entry 99: item. */
export const INSIDE: Place[] = ['unprotected', 'protected', 'payload'];

// A one-byte map head (0xa0 | n) with one more entry, 99: item.
const withEntry = (map: Uint8Array, item: number[]): number[] => [
  map[0]! + 1,
  ...map.subarray(1),
  0x18,
  99,
  ...item,
];

/** A COSE_Sign1 signed by ISSUER with `item` at `place` (`around`: the tag-18 item inside the item's tag). */
export function attackText(place: Place, item: number[]): string {
  const kid = kidOf(ISSUER.key.publicKey);
  const prot = protectedHeader(kid);
  const protectedBytes = new Uint8Array(
    place === 'protected'
      ? withEntry(prot, item)
      : place === 'alg'
        ? [0xa2, 0x01, ...item, 0x04, ...bstr(kid)]
        : prot,
  );
  const claims = encodeClaims(CLAIMS);
  const payload = new Uint8Array(place === 'payload' ? withEntry(claims, item) : claims);
  const signature = nacl.sign.detached(toBeSigned(protectedBytes, payload), ISSUER.secretKey);
  const unprotected = place === 'unprotected' ? [0xa1, 0x18, 99, ...item] : [0xa0];
  const cose = [0xd2, 0x84, ...bstr(protectedBytes), ...unprotected, ...bstr(payload), ...bstr(signature)];
  // `around` keeps the item's tag head and puts the whole COSE_Sign1 where its content was.
  const bytes = place === 'around' ? [...tagHead(item), ...cose] : cose;
  return PREFIX + base45Encode(new Uint8Array(bytes));
}

// The head of the item's outermost tag.
function tagHead(item: number[]): number[] {
  if (item[0]! >> 5 !== 6) throw new RangeError('only a tagged item can go around the code');
  const ai = item[0]! & 31;
  return item.slice(0, ai < 24 ? 1 : ai === 24 ? 2 : ai === 25 ? 3 : 5);
}
