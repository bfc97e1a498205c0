// Sealed boxes: round trip, tamper and wrong-key refusal, and byte compatibility with libsodium itself.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import nacl from 'tweetnacl';
import { openSealed, seal, SEAL_OVERHEAD } from '../../src/core/seal.js';

const text = (s: string) => new TextEncoder().encode(s);
const LIBSODIUM = '/usr/lib/x86_64-linux-gnu/libsodium.so.23';

// Python's ctypes calls libsodium's own crypto_box_seal_open / crypto_box_seal on the bytes we give it.
function libsodium(op: 'open' | 'seal', a: Uint8Array, pk: Uint8Array, sk?: Uint8Array): Uint8Array | null {
  const script = `
import ctypes, sys, base64
s = ctypes.CDLL(${JSON.stringify(LIBSODIUM)}); s.sodium_init()
op, a, pk, sk = sys.argv[1], base64.b64decode(sys.argv[2]), base64.b64decode(sys.argv[3]), base64.b64decode(sys.argv[4])
if op == 'open':
    out = ctypes.create_string_buffer(len(a) - 48)
    r = s.crypto_box_seal_open(out, a, ctypes.c_ulonglong(len(a)), pk, sk)
else:
    out = ctypes.create_string_buffer(len(a) + 48)
    r = s.crypto_box_seal(out, a, ctypes.c_ulonglong(len(a)), pk)
print(base64.b64encode(out.raw).decode() if r == 0 else 'FAIL')
`;
  const b64 = (u: Uint8Array) => Buffer.from(u).toString('base64');
  const outText = execFileSync('python3', ['-c', script, op, b64(a), b64(pk), b64(sk ?? new Uint8Array())], {
    encoding: 'utf8',
  }).trim();
  return outText === 'FAIL' ? null : new Uint8Array(Buffer.from(outText, 'base64'));
}

describe('seal / openSealed', () => {
  it('opens with the recipient key and yields the message', () => {
    const authority = nacl.box.keyPair();
    const sealed = seal(text('张三 330102199001011234'), authority.publicKey);
    expect(sealed.length).toBe(text('张三 330102199001011234').length + SEAL_OVERHEAD);
    const opened = openSealed(sealed, authority);
    expect(opened.ok && new TextDecoder().decode(opened.value)).toBe('张三 330102199001011234');
  });

  it('refuses another key, a flipped bit and a truncated box', () => {
    const authority = nacl.box.keyPair();
    const sealed = seal(text('secret'), authority.publicKey);
    expect(openSealed(sealed, nacl.box.keyPair())).toEqual({ ok: false, error: 'not-for-this-key' });
    const flipped = sealed.slice();
    flipped[40] = (flipped[40] ?? 0) ^ 1;
    expect(openSealed(flipped, authority)).toEqual({ ok: false, error: 'not-for-this-key' });
    expect(openSealed(sealed.subarray(0, 20), authority)).toEqual({ ok: false, error: 'too-short' });
  });

  it('seals differently each time (fresh ephemeral key) and wipes the ephemeral secret', () => {
    const authority = nacl.box.keyPair();
    const eph = nacl.box.keyPair();
    const a = seal(text('same'), authority.publicKey, eph);
    expect(Array.from(eph.secretKey).every((b) => b === 0)).toBe(true);
    expect(a.subarray(0, 32)).toEqual(eph.publicKey);
    expect(seal(text('same'), authority.publicKey)).not.toEqual(seal(text('same'), authority.publicKey));
  });

  it.runIf(existsSync(LIBSODIUM))('is crypto_box_seal: libsodium opens ours and we open libsodium’s', () => {
    const authority = nacl.box.keyPair();
    const ours = seal(text('sealed by tweetnacl'), authority.publicKey);
    const opened = libsodium('open', ours, authority.publicKey, authority.secretKey);
    expect(opened && new TextDecoder().decode(opened)).toBe('sealed by tweetnacl');

    const theirs = libsodium('seal', text('sealed by libsodium'), authority.publicKey);
    expect(theirs).not.toBeNull();
    const back = openSealed(theirs ?? new Uint8Array(), authority);
    expect(back.ok && new TextDecoder().decode(back.value)).toBe('sealed by libsodium');
  });
});
