// A JSON text signed under a domain prefix (a bundle body, an uploaded batch): the signature is checked over the
// text's exact bytes before the text is parsed, so a text not signed by the key costs one check, whatever it holds.
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { fromBase64 } from './bytes.js';
import type { SignatureVerifier } from './bundle.js';
import { err, ok, type Result } from './result.js';

/** The bytes signed for `text`: the domain prefix, then the text in UTF-8. */
export function prefixedBytes(prefix: Uint8Array, text: string): Uint8Array {
  const bytes = utf8ToBytes(text);
  const out = new Uint8Array(prefix.length + bytes.length);
  out.set(prefix, 0);
  out.set(bytes, prefix.length);
  return out;
}

/** Why a signed text was not opened: its signature does not check, or it is not JSON (as bundles and batches say). */
export type OpenFailure = { kind: 'bad-signature' } | { kind: 'malformed'; detail: string };

/** A kind of signed text: the domain prefix it is signed under, and the detail of a failure to parse it. */
export interface SignedKind {
  prefix: Uint8Array;
  notJson: string;
}

/** Checks the Base64 `signature` over a `kind` of `text` by `publicKey`, and only then parses the text. */
export async function openSignedJson(
  kind: SignedKind,
  text: string,
  signature: string,
  publicKey: Uint8Array,
  ed: SignatureVerifier,
): Promise<Result<unknown, OpenFailure>> {
  const bytes = fromBase64(signature);
  if (!bytes || bytes.length !== 64) return err({ kind: 'bad-signature' });
  if (!(await ed.verify(prefixedBytes(kind.prefix, text), bytes, publicKey)))
    return err({ kind: 'bad-signature' });
  try {
    return ok(JSON.parse(text) as unknown);
  } catch {
    return err({ kind: 'malformed', detail: kind.notJson });
  }
}
