// Ed25519 verification: WebCrypto where the runtime has it, tweetnacl (loaded on first use) everywhere else.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fromHex } from '../../src/core/bytes.ts';
import { naclEd25519, webCryptoEd25519 } from '../../src/core/ed25519.ts';

// RFC 8032 §7.1, test 2: one byte (0x72) signed by a known key.
const KEY = fromHex('3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c')!;
const MESSAGE = fromHex('72')!;
const SIGNATURE = fromHex(
  '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00',
)!;

afterEach(() => vi.unstubAllGlobals());

describe('Ed25519 verifiers', () => {
  it('Node 20 offers WebCrypto Ed25519, so the fast path is the one taken here', async () => {
    expect((await webCryptoEd25519())?.name).toBe('webcrypto');
  });

  for (const [name, make] of [
    ['tweetnacl', async () => naclEd25519],
    ['WebCrypto', async () => (await webCryptoEd25519())!],
  ] as const) {
    it(`${name} accepts RFC 8032 test 2 and refuses it with one bit changed, or with the wrong lengths`, async () => {
      const ed = await make();
      expect(await ed.verify(MESSAGE, SIGNATURE, KEY)).toBe(true);
      const flipped = SIGNATURE.slice();
      flipped[10]! ^= 1;
      expect(await ed.verify(MESSAGE, flipped, KEY)).toBe(false);
      expect(await ed.verify(new Uint8Array([0x73]), SIGNATURE, KEY)).toBe(false);
      expect(await ed.verify(MESSAGE, SIGNATURE.slice(0, 63), KEY)).toBe(false);
      expect(await ed.verify(MESSAGE, SIGNATURE, KEY.slice(0, 31))).toBe(false);
    });
  }

  it('WebCrypto refuses a public key that is not a curve point instead of throwing', async () => {
    const ed = (await webCryptoEd25519())!;
    expect(await ed.verify(MESSAGE, SIGNATURE, new Uint8Array(32).fill(0xff))).toBe(false);
  });

  it('is not offered where the runtime names Ed25519 but cannot verify with it (the probe fails)', async () => {
    vi.stubGlobal('crypto', {
      subtle: {
        importKey: async () => ({}),
        verify: async () => false,
      },
    });
    expect(await webCryptoEd25519()).toBeNull();
  });

  it('is not offered where the runtime has no Ed25519 at all', async () => {
    vi.stubGlobal('crypto', {
      subtle: {
        importKey: async () => {
          throw new Error('NotSupportedError: Unrecognized algorithm name');
        },
        verify: async () => true,
      },
    });
    expect(await webCryptoEd25519()).toBeNull();
    vi.stubGlobal('crypto', undefined);
    expect(await webCryptoEd25519()).toBeNull();
  });
});
