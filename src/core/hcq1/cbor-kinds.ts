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
// Deeper than any HCQ1 text (1024 characters, 682 bytes) can nest, so only the JS stack bounds it.
const MAX_DEPTH = 1024;

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

  /**
   * Skips one item, building nothing; as soon as `stop` holds for a head (major type, additional information,
   * argument: null for floats, simple values and indefinite lengths), the offset of that head, else null.
   */
  skip(
    depth: number,
    stop: (major: number, ai: number, arg: number | null, depth: number) => boolean,
  ): number | null {
    if (depth > MAX_DEPTH) throw new RangeError('nested too deeply');
    const at = this.pos;
    const head = this.byte();
    const major = head >> 5;
    const ai = head & 31;
    if (major === 7) {
      if (stop(major, ai, null, depth)) return at;
      if (ai >= 24 && ai <= 27) this.skipBytes(ai === 24 ? 1 : ai === 25 ? 2 : ai === 26 ? 4 : 8);
      return null;
    }
    const arg = this.argument(ai);
    if (stop(major, ai, arg, depth)) return at;
    if (major === 2 || major === 3) {
      if (arg === null) throw new RangeError('indefinite-length string');
      this.skipBytes(arg);
      return null;
    }
    if (major === 4 || major === 5) {
      const items = arg === null ? Infinity : major === 5 ? arg * 2 : arg;
      for (let i = 0; arg === null ? this.bytes[this.pos] !== BREAK : i < items; i++) {
        const found = this.skip(depth + 1, stop);
        if (found !== null) return found;
      }
      if (arg === null) this.pos++;
      return null;
    }
    if (arg === null) throw new RangeError('indefinite length on a number or tag');
    return major === 6 ? this.skip(depth + 1, stop) : null;
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

/** What one walk of a CBOR item tells before it is decoded: its first stray tag, and whether it holds a float. */
export interface CborScan {
  /** The first tag other than the allowed root tag: its number and byte offset. */
  tag: { tag: number; at: number } | null;
  /** A float anywhere before that tag (or anywhere, when there is none). */
  float: boolean;
}

/**
 * One walk of one CBOR item filling `bytes`, building nothing: the first tag other than `rootTag` on the item
 * itself, and whether a float came before it; 'not well-formed' when the bytes are not one item. cbor-x gives many
 * tags a meaning of its own (28/29 shared references that build cycles, 27 and 105 objects, 64-87 typed arrays, 1
 * dates, 2 bigints, 258 sets, 51 packed tables...) that no configuration turns off, so callers refuse them before
 * decoding; the float lets the claims skip a second walk in the common case, a code without floats.
 */
export function scanCbor(bytes: Uint8Array, rootTag?: number): CborScan | 'not well-formed' {
  let tag = -1;
  let float = false;
  const isStrayTag = (major: number, ai: number, arg: number | null, depth: number): boolean => {
    if (major === 7) {
      float ||= ai >= 25 && ai <= 27;
      return false;
    }
    if (major !== 6 || arg === null || (depth === 0 && arg === rootTag)) return false;
    tag = arg;
    return true;
  };
  try {
    const reader = new Reader(bytes);
    const at = reader.skip(0, isStrayTag);
    if (at !== null) return { tag: { tag, at }, float };
    return reader.pos === bytes.length ? { tag: null, float } : 'not well-formed';
  } catch {
    return 'not well-formed';
  }
}

/**
 * Whether `bytes` are the start of one CBOR item cut short: well-formed as far as they go, but the item needs more
 * bytes than there are. False for a whole item (with or without bytes after it) and for bytes that go wrong.
 */
export function endsEarly(bytes: Uint8Array): boolean {
  try {
    new Reader(bytes).skip(0, () => false);
    return false;
  } catch (e) {
    return e instanceof RangeError && e.message === 'truncated';
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
