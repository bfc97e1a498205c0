// Which CBOR major type each value of a document had. cbor-x decodes the float 1.0 and the integer 1 to the same
// JavaScript number; spec §2 calls a float where it says uint a wrong type (`malformed`), so claims are checked here.

/** The kind of a CBOR item as encoded: its major type, with major type 7 split into floats and simple values. */
export type CborKind = 'uint' | 'negint' | 'bytes' | 'text' | 'array' | 'map' | 'tag' | 'float' | 'simple';

/** A document's kinds: maps keyed by their integer or text keys, arrays by position, other items by kind. */
export type KindTree =
  | { kind: 'map'; entries: Map<number | string, KindTree> }
  | { kind: 'array'; items: KindTree[] }
  | { kind: Exclude<CborKind, 'map' | 'array'> };

const MAJOR: CborKind[] = ['uint', 'negint', 'bytes', 'text', 'array', 'map', 'tag', 'simple'];
const BREAK = 0xff;
const MAX_DEPTH = 32;

class Reader {
  pos = 0;
  constructor(private readonly bytes: Uint8Array) {}

  byte(): number {
    const b = this.bytes[this.pos++];
    if (b === undefined) throw new RangeError('truncated');
    return b;
  }

  /** The argument of a head with additional information `ai`; null for indefinite length (31). */
  argument(ai: number): number | null {
    if (ai < 24) return ai;
    if (ai === 31) return null;
    const size = ai === 24 ? 1 : ai === 25 ? 2 : ai === 26 ? 4 : ai === 27 ? 8 : 0;
    if (size === 0) throw new RangeError('reserved additional information');
    let n = 0;
    for (let i = 0; i < size; i++) n = n * 256 + this.byte();
    return n;
  }

  skipBytes(n: number): Uint8Array {
    if (this.pos + n > this.bytes.length) throw new RangeError('truncated');
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** Skips one item, building nothing; true as soon as it meets a float. */
  findFloat(depth: number): boolean {
    if (depth > MAX_DEPTH) throw new RangeError('nested too deeply');
    const head = this.byte();
    const major = head >> 5;
    const ai = head & 31;
    if (major === 7) {
      if (ai === 25 || ai === 26 || ai === 27) return true;
      if (ai === 24) this.byte();
      return false;
    }
    const arg = this.argument(ai);
    if (major === 2 || major === 3) {
      if (arg === null) throw new RangeError('indefinite-length string');
      this.skipBytes(arg);
      return false;
    }
    if (major === 4 || major === 5) {
      const items = arg === null ? Infinity : major === 5 ? arg * 2 : arg;
      for (let i = 0; arg === null ? this.bytes[this.pos] !== BREAK : i < items; i++)
        if (this.findFloat(depth + 1)) return true;
      if (arg === null) this.pos++;
      return false;
    }
    if (arg === null) throw new RangeError('indefinite length on a number or tag');
    return major === 6 ? this.findFloat(depth + 1) : false;
  }

  item(depth: number): { tree: KindTree; key: number | string | null } {
    if (depth > MAX_DEPTH) throw new RangeError('nested too deeply');
    const head = this.byte();
    const major = head >> 5;
    const ai = head & 31;
    if (major === 7) {
      if (ai === 25 || ai === 26 || ai === 27) {
        this.skipBytes(ai === 25 ? 2 : ai === 26 ? 4 : 8);
        return { tree: { kind: 'float' }, key: null };
      }
      if (ai === 24) this.byte();
      return { tree: { kind: 'simple' }, key: null };
    }
    const arg = this.argument(ai);
    if (arg === null && (major < 2 || major === 6))
      throw new RangeError('indefinite length on a number or tag');
    switch (major) {
      case 0:
        return { tree: { kind: 'uint' }, key: arg };
      case 1:
        return { tree: { kind: 'negint' }, key: arg === null ? null : -1 - arg };
      case 2:
      case 3: {
        // cbor-x refuses indefinite-length strings, and so does this, so both agree on what is well-formed.
        if (arg === null) throw new RangeError('indefinite-length string');
        const content = this.skipBytes(arg);
        const key = major === 3 ? textKey(content) : null;
        return { tree: { kind: major === 2 ? 'bytes' : 'text' }, key };
      }
      case 4: {
        const items: KindTree[] = [];
        for (let i = 0; arg === null ? this.bytes[this.pos] !== BREAK : i < arg; i++)
          items.push(this.item(depth + 1).tree);
        if (arg === null) this.pos++;
        return { tree: { kind: 'array', items }, key: null };
      }
      case 5: {
        const entries = new Map<number | string, KindTree>();
        for (let i = 0; arg === null ? this.bytes[this.pos] !== BREAK : i < arg; i++) {
          const { key } = this.item(depth + 1);
          const { tree } = this.item(depth + 1);
          // As in cbor-x's Map, a repeated key's last value is the one that counts.
          if (key !== null) entries.set(key, tree);
        }
        if (arg === null) this.pos++;
        return { tree: { kind: 'map', entries }, key: null };
      }
      default:
        this.item(depth + 1);
        return { tree: { kind: MAJOR[major] as 'tag' }, key: null };
    }
  }
}

// The spec's text keys are ASCII; any other key is kept as a string no ASCII key can equal (the core has no
// TextDecoder: its tsconfig leaves out the DOM and Node).
function textKey(bytes: Uint8Array): string {
  if (bytes.every((b) => b < 0x80)) return String.fromCharCode(...bytes);
  return '\u0000' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Whether one CBOR item filling `bytes` holds a float anywhere (true too when it is not well-formed, so that the
 * caller looks closer). Allocates nothing: the common case, a code without floats, costs one pass.
 */
export function containsFloat(bytes: Uint8Array): boolean {
  try {
    const reader = new Reader(bytes);
    return reader.findFloat(0) || reader.pos !== bytes.length;
  } catch {
    return true;
  }
}

/** The kinds of one CBOR item filling `bytes`; null when it is not well-formed. */
export function cborKinds(bytes: Uint8Array): KindTree | null {
  try {
    const reader = new Reader(bytes);
    const { tree } = reader.item(0);
    return reader.pos === bytes.length ? tree : null;
  } catch {
    return null;
  }
}

/** The kind at `path` (map keys and array positions) in `tree`, or undefined when nothing is there. */
export function kindAt(tree: KindTree, path: readonly (number | string)[]): CborKind | undefined {
  let node: KindTree | undefined = tree;
  for (const step of path) {
    if (node?.kind === 'map') node = node.entries.get(step);
    else if (node?.kind === 'array' && typeof step === 'number') node = node.items[step];
    else return undefined;
  }
  return node?.kind;
}
