// The engines: the native adapter over a BarcodeDetector, @zxing/library on real QR pixels, a wasm that cannot load.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { Pixels } from '../../src/scanner/crop.js';
import { jsReader, nativeReader, wasmReader, type BarcodeDetectorCtor } from '../../src/scanner/readers.js';
import { blankPixels, onGround, qrPixels } from './qr-image.js';

const TEXT = 'HCQ1:RRQT 9P60GO0$/1GDH:7O5-K8CKV 9.70+M80X53G93F3TLIF9I3F3SLI8UC1';

/** A stand-in BarcodeDetector that supports `formats` and reports `found` for every image. */
function fakeDetector(
  formats: string[],
  found: Array<{ rawValue: string; format: string }>,
): BarcodeDetectorCtor {
  return class {
    static getSupportedFormats = () => Promise.resolve(formats);
    constructor(readonly options: { formats: string[] }) {}
    detect = () => Promise.resolve(found);
  };
}

describe('nativeReader', () => {
  it('is unavailable where there is no BarcodeDetector', async () => {
    expect(await nativeReader(undefined).probe()).toEqual({
      available: false,
      reason: 'BarcodeDetector is not available here',
    });
  });

  it('is unavailable where the detector cannot read QR codes (e.g. Chromium on Linux with the flag on)', async () => {
    expect(await nativeReader(fakeDetector(['ean_13'], [])).probe()).toMatchObject({ available: false });
  });

  it('is unavailable, not broken, when asking for the formats throws', async () => {
    const ctor = fakeDetector([], []);
    ctor.getSupportedFormats = () => Promise.reject(new Error('no backend'));
    expect(await nativeReader(ctor).probe()).toEqual({
      available: false,
      reason: 'BarcodeDetector failed: no backend',
    });
  });

  it('returns the first QR code the detector reports, ignoring other formats', async () => {
    const engine = nativeReader(
      fakeDetector(
        ['qr_code'],
        [
          { rawValue: '4006381333931', format: 'ean_13' },
          { rawValue: TEXT, format: 'qr_code' },
        ],
      ),
    );
    expect(await engine.probe()).toEqual({ available: true });
    expect(await engine.read(blankPixels(64, 64))).toEqual({ text: TEXT, inverted: false });
  });

  it('returns null when the detector finds nothing', async () => {
    expect(await nativeReader(fakeDetector(['qr_code'], [])).read(blankPixels(64, 64))).toBeNull();
  });
});

describe('jsReader (@zxing/library)', () => {
  it('reads a QR code', async () => {
    expect(await jsReader().read(qrPixels(TEXT))).toEqual({ text: TEXT, inverted: false });
  });

  it('reads a light-on-dark code on its inverted retry', async () => {
    expect(await jsReader().read(qrPixels(TEXT, { invert: true }))).toEqual({ text: TEXT, inverted: true });
  });

  it('returns null, without throwing, for an image without a code', async () => {
    expect(await jsReader().read(blankPixels(200, 200))).toBeNull();
  });

  it('can be used again after a failure (the reader is reset)', async () => {
    const engine = jsReader();
    await engine.read(blankPixels(200, 200));
    expect(await engine.read(qrPixels(TEXT))).toMatchObject({ text: TEXT });
  });
});

describe('wasmReader', () => {
  it('reports a wasm that cannot be fetched as unavailable with the reason, and reads nothing', async () => {
    const engine = wasmReader('/nowhere/zxing_reader.wasm');
    const status = await engine.probe();
    expect(status).toMatchObject({ available: false });
    expect(status.available ? '' : status.reason).toMatch(/zxing-wasm failed to load/);
    expect(await engine.read(qrPixels(TEXT))).toBeNull();
  });

  // The real engine, its .wasm given as bytes (Node has no fetch of a file path).
  const wasmFile = createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm');
  const engine = wasmReader(new Uint8Array(readFileSync(wasmFile)).buffer);
  /** The pixels with their grey levels carried along, as a camera's luma plane gives them. */
  const withGrey = (
    px: Pixels,
    grey = Uint8Array.from({ length: px.width * px.height }, (_, i) => px.data[i * 4]!),
  ) => ({
    ...px,
    grey,
  });
  const code = onGround(qrPixels(TEXT, { scale: 3 }), 320, 240);
  const inverted = onGround(qrPixels(TEXT, { scale: 3, invert: true }), 320, 240);

  it.each([
    { name: 'RGBA only', img: code, binarizer: 'local', found: { text: TEXT, inverted: false } },
    {
      name: 'grey carried along',
      img: withGrey(code),
      binarizer: 'local',
      found: { text: TEXT, inverted: false },
    },
    {
      name: 'grey, global binarizer',
      img: withGrey(code),
      binarizer: 'global',
      found: { text: TEXT, inverted: false },
    },
    {
      name: 'grey, light on dark',
      img: withGrey(inverted),
      binarizer: 'local',
      found: { text: TEXT, inverted: true },
    },
    { name: 'grey of a blank frame', img: withGrey(blankPixels(320, 240)), binarizer: 'local', found: null },
  ] as const)('reads $name', async ({ img, binarizer, found }) => {
    expect(await engine.probe()).toEqual({ available: true });
    expect(await engine.read(img, binarizer)).toEqual(found);
  });

  it('reads the grey levels when they are carried along, and the RGBA when they do not fit its size', async () => {
    // RGBA of a blank frame, grey levels of a code: only a read of the grey finds it.
    const grey = withGrey(code).grey;
    expect(await engine.read({ ...blankPixels(320, 240), grey })).toEqual({ text: TEXT, inverted: false });
    expect(await engine.read({ ...code, grey: grey.subarray(1) })).toEqual({ text: TEXT, inverted: false });
    expect(await engine.read({ ...blankPixels(320, 240), grey: grey.subarray(1) })).toBeNull();
  });
});
