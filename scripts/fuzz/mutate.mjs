// Mutations for the fuzz targets (scripts/fuzz-targets.mjs), as fast-check arbitraries: a list of edits drawn
// from the seed, applied to bytes, to text or to a JSON value. Deterministic for a given fast-check seed.
import fc from 'fast-check';

// CBOR heads that decoders get wrong: cbor-x's shared references (28/29), indefinite lengths and breaks, huge
// lengths, 64-bit and negative integers, half floats, undefined, nested COSE tags, dates, typed arrays.
const CBOR_TOKENS = [
  [0xd8, 0x1c],
  [0xd8, 0x1d, 0x00],
  [0xd8, 0x1c, 0x81, 0xd8, 0x1d, 0x00],
  [0x9f],
  [0xbf],
  [0xff],
  [0x7f],
  [0x5f],
  [0x1b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
  [0x3b, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
  [0x5a, 0xff, 0xff, 0xff, 0xff],
  [0x9b, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00],
  [0xf9, 0x3c, 0x00],
  [0xfb, 0x7f, 0xf8, 0, 0, 0, 0, 0, 0],
  [0xf7],
  [0xf8, 0x20],
  [0xd2],
  [0xc1, 0x00],
  [0xd8, 0x40, 0x41, 0x00],
  [0xd9, 0xd9, 0xf7],
  [0x1c],
];

/** Edits to a byte string: bit flips, byte writes, inserted CBOR heads, deletions, duplications, truncation. */
export const byteEdits = fc.array(
  fc.oneof(
    fc.record({ op: fc.constant('flip'), at: fc.nat(), bit: fc.nat({ max: 7 }) }),
    fc.record({ op: fc.constant('set'), at: fc.nat(), value: fc.nat({ max: 255 }) }),
    fc.record({ op: fc.constant('insert'), at: fc.nat(), bytes: fc.constantFrom(...CBOR_TOKENS) }),
    fc.record({ op: fc.constant('delete'), at: fc.nat(), length: fc.integer({ min: 1, max: 16 }) }),
    fc.record({ op: fc.constant('duplicate'), at: fc.nat(), length: fc.integer({ min: 1, max: 64 }) }),
    fc.record({ op: fc.constant('truncate'), at: fc.nat() }),
  ),
  { minLength: 1, maxLength: 4 },
);

/** The bytes with the edits applied in order (positions wrap around the current length). */
export function applyByteEdits(bytes, edits) {
  let b = Array.from(bytes);
  for (const e of edits) {
    const at = b.length === 0 ? 0 : e.at % b.length;
    if (e.op === 'flip' && b.length) b[at] ^= 1 << e.bit;
    else if (e.op === 'set' && b.length) b[at] = e.value;
    else if (e.op === 'insert') b.splice(at, 0, ...e.bytes);
    else if (e.op === 'delete') b.splice(at, e.length);
    else if (e.op === 'duplicate') b.splice(at, 0, ...b.slice(at, at + e.length));
    else if (e.op === 'truncate') b = b.slice(0, at);
  }
  return new Uint8Array(b);
}

// Characters worth trying in text: Base45's own, its near misses, JSON's structure, and what breaks decoders.
const CHARS = [
  ...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:',
  ...'abcz~"\\{}[],\u0000\n\t',
  '\u00e9',
  '\u4e2d',
  '\ud83d',
  '\ufffd',
  '\ud83d\ude00',
];

/** Edits to a text: characters replaced, inserted or deleted, runs repeated, the text cut. */
export const textEdits = fc.array(
  fc.oneof(
    fc.record({ op: fc.constant('set'), at: fc.nat(), char: fc.constantFrom(...CHARS) }),
    fc.record({ op: fc.constant('insert'), at: fc.nat(), text: fc.string({ unit: 'binary', maxLength: 4 }) }),
    fc.record({ op: fc.constant('delete'), at: fc.nat(), length: fc.integer({ min: 1, max: 8 }) }),
    fc.record({
      op: fc.constant('repeat'),
      at: fc.nat(),
      length: fc.integer({ min: 1, max: 40 }),
      times: fc.integer({ min: 2, max: 40 }),
    }),
    fc.record({ op: fc.constant('truncate'), at: fc.nat() }),
  ),
  { minLength: 1, maxLength: 3 },
);

/** The text with the edits applied in order. */
export function applyTextEdits(text, edits) {
  let t = text;
  for (const e of edits) {
    const at = t.length === 0 ? 0 : e.at % t.length;
    if (e.op === 'set') t = t.slice(0, at) + e.char + t.slice(at + 1);
    else if (e.op === 'insert') t = t.slice(0, at) + e.text + t.slice(at);
    else if (e.op === 'delete') t = t.slice(0, at) + t.slice(at + e.length);
    else if (e.op === 'repeat') t = t.slice(0, at) + t.slice(at, at + e.length).repeat(e.times) + t.slice(at);
    else if (e.op === 'truncate') t = t.slice(0, at);
  }
  return t;
}

// Values that cross type and range boundaries in JSON documents.
const ODD_VALUES = [
  null,
  true,
  false,
  0,
  -1,
  1.5,
  2 ** 53,
  -(2 ** 31),
  1e308,
  '',
  'x'.repeat(2000),
  [],
  {},
  '2022-03-01T10:00:00Z',
  '0'.repeat(64),
];

/** Edits to a JSON value at a node chosen by index: replaced, deleted, duplicated, retyped, or a key added. */
export const jsonEdits = fc.array(
  fc.oneof(
    fc.record({
      op: fc.constant('replace'),
      node: fc.nat(),
      value: fc.oneof(fc.constantFrom(...ODD_VALUES), fc.jsonValue({ maxDepth: 2 })),
    }),
    fc.record({ op: fc.constant('delete'), node: fc.nat() }),
    fc.record({ op: fc.constant('duplicate'), node: fc.nat() }),
    fc.record({ op: fc.constant('nudge'), node: fc.nat(), by: fc.constantFrom(1, -1, 0.5, 1e6) }),
    fc.record({
      op: fc.constant('add'),
      node: fc.nat(),
      key: fc.constantFrom('__proto__', 'constructor', 'hash', 'seq', 'extra'),
      value: fc.jsonValue({ maxDepth: 1 }),
    }),
  ),
  { minLength: 1, maxLength: 3 },
);

/** Every node of a JSON value as [parent, key] pairs, the root as [null, null], in a fixed order. */
function nodes(value) {
  const out = [[null, null]];
  const walk = (v) => {
    if (v === null || typeof v !== 'object') return;
    for (const k of Object.keys(v)) {
      out.push([v, Array.isArray(v) ? Number(k) : k]);
      walk(v[k]);
    }
  };
  walk(value);
  return out;
}

/** A deep copy of the value with the edits applied in order. */
export function applyJsonEdits(value, edits) {
  const root = { v: structuredClone(value) };
  for (const e of edits) {
    const all = nodes(root.v);
    const [parent, key] = all[e.node % all.length];
    const holder = parent ?? root;
    const k = parent ? key : 'v';
    const current = holder[k];
    if (e.op === 'replace') holder[k] = structuredClone(e.value);
    else if (e.op === 'delete' && parent) {
      if (Array.isArray(parent)) parent.splice(key, 1);
      else delete parent[key];
    } else if (e.op === 'duplicate' && Array.isArray(parent)) parent.splice(key, 0, structuredClone(current));
    else if (e.op === 'nudge' && typeof current === 'number') holder[k] = current + e.by;
    else if (e.op === 'nudge' && typeof current === 'string') holder[k] = current + String(e.by);
    else if (e.op === 'add' && current && typeof current === 'object' && !Array.isArray(current))
      Object.defineProperty(current, e.key, {
        value: e.value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
  }
  return root.v;
}

/** One CBOR item, as bytes, from a grammar that includes tags, floats, simple values and indefinite lengths. */
export const cborItem = fc.letrec((tie) => ({
  item: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.nat({ max: 2 ** 32 }).map((n) => head(0, n)),
    fc.nat({ max: 2 ** 32 }).map((n) => head(1, n)),
    fc.uint8Array({ maxLength: 20 }).map((b) => [...head(2, b.length), ...b]),
    fc.constantFrom('v', 's', 'c', 'cs', 'n', 'id', 'na', 'vx', 'px', '', 'é').map((s) => utf8Text(s)),
    fc.constantFrom(...CBOR_TOKENS.filter((t) => t[0] >= 0xf7 || t[0] === 0x1b || t[0] === 0x3b)),
    fc.array(tie('item'), { maxLength: 4 }).map((items) => [...head(4, items.length), ...items.flat()]),
    fc
      .array(fc.tuple(tie('item'), tie('item')), { maxLength: 4 })
      .map((kv) => [...head(5, kv.length), ...kv.flat(2)]),
    fc
      .tuple(fc.constantFrom(0, 1, 2, 18, 27, 28, 29, 64, 105, 258, 55799), tie('item'))
      .map(([t, i]) => [...head(6, t), ...i]),
    fc.array(tie('item'), { maxLength: 3 }).map((items) => [0x9f, ...items.flat(), 0xff]),
    // cbor-x's value sharing: an array holding an item and a reference (tag 29) to itself or to an earlier share.
    tie('item').map((item) => [0xd8, 0x1c, 0x82, ...item, 0xd8, 0x1d, 0x00]),
    fc.nat({ max: 3 }).map((id) => [0xd8, 0x1d, id]),
  ),
})).item;

/** A CBOR head (RFC 8949 §3): major type and argument, shortest form. */
export function head(major, n) {
  const m = major << 5;
  if (n < 24) return [m | n];
  if (n < 0x100) return [m | 24, n];
  if (n < 0x10000) return [m | 25, n >> 8, n & 0xff];
  if (n < 0x100000000) return [m | 26, n >>> 24, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
  return [m | 27, 0, 0, 0, 1, 0, 0, 0, 0];
}

function utf8Text(s) {
  const bytes = new TextEncoder().encode(s);
  return [...head(3, bytes.length), ...bytes];
}
