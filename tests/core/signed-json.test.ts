// A signed JSON text (a bundle body, an uploaded batch) is parsed only once its signature checks, under its prefix.
import nacl from 'tweetnacl';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { toBase64 } from '../../src/core/bytes.ts';
import { naclEd25519 } from '../../src/core/ed25519.ts';
import { openSignedJson, prefixedBytes, type SignedKind } from '../../src/core/signed-json.ts';

const KIND: SignedKind = { prefix: utf8ToBytes('checkpoint-test/1\n'), notJson: 'the text is not JSON' };
const keys = nacl.sign.keyPair();
const sign = (text: string, prefix = KIND.prefix, secretKey = keys.secretKey) =>
  toBase64(nacl.sign.detached(prefixedBytes(prefix, text), secretKey));

describe('prefixedBytes', () => {
  it('is the prefix, then the text in UTF-8', () => {
    expect(prefixedBytes(utf8ToBytes('p\n'), '张')).toEqual(Uint8Array.from([0x70, 0x0a, 0xe5, 0xbc, 0xa0]));
  });
});

describe('openSignedJson', () => {
  const text = '{"a":[1,"二"]}';

  it('parses a text signed under its prefix by the key', async () => {
    expect(await openSignedJson(KIND, text, sign(text), keys.publicKey, naclEd25519)).toEqual({
      ok: true,
      value: { a: [1, '二'] },
    });
  });

  it.each([
    ['signed under another prefix', () => sign(text, utf8ToBytes('checkpoint-other/1\n'))],
    ['signed by another key', () => sign(text, KIND.prefix, nacl.sign.keyPair().secretKey)],
    ['signed over another text', () => sign('{"a":[1]}')],
    ['a signature that is not Base64', () => '!!!'],
    ['a signature of the wrong length', () => toBase64(new Uint8Array(63))],
  ])('refuses a text %s as a bad signature', async (_, signature) => {
    expect(await openSignedJson(KIND, text, signature(), keys.publicKey, naclEd25519)).toEqual({
      ok: false,
      error: { kind: 'bad-signature' },
    });
  });

  it('names a signed text that is not JSON with its kind’s detail, and an unsigned one only as a bad signature', async () => {
    const broken = '{"a":';
    expect(await openSignedJson(KIND, broken, sign(broken), keys.publicKey, naclEd25519)).toEqual({
      ok: false,
      error: { kind: 'malformed', detail: 'the text is not JSON' },
    });
    expect(await openSignedJson(KIND, broken, sign(text), keys.publicKey, naclEd25519)).toEqual({
      ok: false,
      error: { kind: 'bad-signature' },
    });
  });
});
