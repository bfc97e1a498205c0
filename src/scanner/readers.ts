// The three QR engines behind one small interface. They run in the decoding worker; each loads on first use.
// zxing-wasm types its module as an Emscripten module, whose type is global (not in this tsconfig's `types`).
/// <reference types="emscripten" />
import {
  BINARIZERS,
  CHARACTER_SETS,
  defaultReaderOptions,
  EAN_ADD_ON_SYMBOLS,
  encodeFormats,
  prepareZXingModule,
  readBarcodes,
  TEXT_MODES,
  type ReaderOptions,
  type ZXingReaderModule,
  type ZXingReaderOptions,
} from 'zxing-wasm/reader';
import { luminance, type Pixels } from './crop.js';
import type { Reader, ReaderStatus } from './types.js';
import type { createQrReader as createQrReaderType } from './zxing-js.js';

/**
 * How an engine turns grey levels into black and white: a threshold per neighbourhood (the engines' default,
 * good under uneven light), or one threshold from the histogram of the whole image (a dim, noisy screen).
 */
export type Binarizer = 'local' | 'global';

/**
 * One decoding engine: `probe` says whether it can run here; `read` finds one QR code or null, with one of
 * the `binarizers` it offers ('local' where not told).
 */
export interface ReaderImpl {
  readonly name: Reader;
  readonly binarizers: readonly Binarizer[];
  probe(): Promise<ReaderStatus>;
  read(img: Pixels, binarizer?: Binarizer): Promise<{ text: string; inverted: boolean } | null>;
}

/** The part of the Shape Detection API's BarcodeDetector that we use (not in TypeScript's DOM types). */
export interface BarcodeDetectorLike {
  detect(image: ImageData): Promise<Array<{ rawValue: string; format: string }>>;
}

/** The BarcodeDetector constructor and its static format query. */
export interface BarcodeDetectorCtor {
  new (options: { formats: string[] }): BarcodeDetectorLike;
  getSupportedFormats(): Promise<string[]>;
}

/** The platform's BarcodeDetector (ML Kit on Android, Vision on Apple) when it reads QR codes. */
export function nativeReader(
  ctor: BarcodeDetectorCtor | undefined = (globalThis as { BarcodeDetector?: BarcodeDetectorCtor })
    .BarcodeDetector,
): ReaderImpl {
  let detector: BarcodeDetectorLike | null = null;
  let status: Promise<ReaderStatus> | null = null;
  const probe = (): Promise<ReaderStatus> =>
    (status ??= (async (): Promise<ReaderStatus> => {
      if (!ctor) return { available: false, reason: 'BarcodeDetector is not available here' };
      try {
        const formats = await ctor.getSupportedFormats();
        if (!formats.includes('qr_code'))
          return { available: false, reason: 'BarcodeDetector cannot read QR codes here' };
        detector = new ctor({ formats: ['qr_code'] });
        return { available: true };
      } catch (e) {
        return { available: false, reason: `BarcodeDetector failed: ${describe(e)}` };
      }
    })());
  return probedReader('native', ['local'], probe, async (img) => {
    if (!detector) return null;
    const found = await detector.detect(asImageData(img));
    const qr = found.find((b) => b.format === 'qr_code' && b.rawValue !== '');
    // The platform detectors do not say whether they inverted; inverted codes are left to the ZXing engines.
    return qr ? { text: qr.rawValue, inverted: false } : null;
  });
}

// Ten seconds covers fetching and compiling the ~1 MB wasm on a slow phone; past that, fall back to JS.
const WASM_LOAD_TIMEOUT_MS = 10_000;

/**
 * ZXing-C++ compiled to WebAssembly, its .wasm fetched from the URL `wasm` (self-hosted, never a CDN) or given as
 * its bytes (Node).
 */
export function wasmReader(wasm: string | ArrayBuffer): ReaderImpl {
  let status: Promise<ReaderStatus> | null = null;
  let module: ZXingReaderModule | null = null;
  const options: ReaderOptions = {
    formats: ['QRCode'],
    tryHarder: true,
    tryInvert: true,
    tryRotate: true,
    tryDownscale: true,
    maxNumberOfSymbols: 1,
  };
  const probe = (): Promise<ReaderStatus> =>
    (status ??= (async (): Promise<ReaderStatus> => {
      if (typeof WebAssembly !== 'object')
        return { available: false, reason: 'WebAssembly is not available' };
      try {
        const ready = prepareZXingModule({
          overrides:
            typeof wasm === 'string'
              ? {
                  locateFile: (path: string, prefix: string) =>
                    path.endsWith('.wasm') ? wasm : prefix + path,
                }
              : { wasmBinary: wasm },
          fireImmediately: true,
        });
        module = await withTimeout(ready, WASM_LOAD_TIMEOUT_MS, 'loading the wasm timed out');
        return { available: true };
      } catch (e) {
        return { available: false, reason: `zxing-wasm failed to load: ${describe(e)}` };
      }
    })());
  const global: ReaderOptions = { ...options, binarizer: 'GlobalHistogram' };
  const moduleOptions = { local: toModuleOptions(options), global: toModuleOptions(global) };
  return probedReader('wasm', ['local', 'global'], probe, async (img, binarizer) => {
    // readBarcodes turns an ImageData's RGBA into grey, in JS, into a new array, on every call: a frame made from
    // the camera's luma plane hands its grey levels straight to the module instead.
    if (module && img.grey?.length === img.width * img.height)
      return readGrey(module, img.grey, img.width, img.height, moduleOptions[binarizer]);
    const results = await readBarcodes(asImageData(img), binarizer === 'global' ? global : options);
    const qr = results.find((r) => r.isValid && r.text !== '');
    return qr ? { text: qr.text, inverted: qr.isInverted } : null;
  });
}

/** zxing-wasm's options as its module takes them: what readBarcodes makes of them on each call. */
function toModuleOptions(options: ReaderOptions): ZXingReaderOptions {
  const all = { ...defaultReaderOptions, ...options };
  return {
    ...all,
    formats: encodeFormats(all.formats),
    binarizer: BINARIZERS.indexOf(all.binarizer),
    eanAddOnSymbol: EAN_ADD_ON_SYMBOLS.indexOf(all.eanAddOnSymbol),
    textMode: TEXT_MODES.indexOf(all.textMode),
    characterSet: CHARACTER_SETS.indexOf(all.characterSet),
  };
}

/**
 * One QR read by the module from `width`×`height` grey levels (readBarcodes's own path, less the RGBA). zxing-wasm
 * marks its module's type internal: tests/scanner/readers.test.ts reads real codes through here, so an upgrade
 * that changes it fails there.
 */
function readGrey(
  module: ZXingReaderModule,
  grey: Uint8Array,
  width: number,
  height: number,
  options: ZXingReaderOptions,
): { text: string; inverted: boolean } | null {
  const at = module._malloc(grey.length);
  if (!at) throw new Error(`zxing-wasm could not allocate ${grey.length} bytes`);
  try {
    module.HEAPU8.set(grey, at);
    const results = module.readBarcodesFromPixmap(at, width, height, options);
    for (let i = 0; i < results.size(); i++) {
      const r = results.get(i);
      if (r?.isValid && r.text !== '') return { text: r.text, inverted: r.isInverted };
    }
    return null;
  } finally {
    module._free(at);
  }
}

/**
 * @zxing/library's QR reader (pure JS): HybridBinarizer, TRY_HARDER, then the inverted image. The library
 * is imported on first use, so a worker where wasm runs never loads it.
 */
export function jsReader(): ReaderImpl {
  let reader: Promise<ReturnType<typeof createQrReaderType>> | null = null;
  let status: Promise<ReaderStatus> | null = null;
  const load = () => (reader ??= import('./zxing-js.js').then((m) => m.createQrReader()));
  const probe = (): Promise<ReaderStatus> =>
    (status ??= load().then(
      (): ReaderStatus => ({ available: true }),
      (e: unknown): ReaderStatus => ({
        available: false,
        reason: `@zxing/library failed to load: ${describe(e)}`,
      }),
    ));
  return probedReader('js', ['local', 'global'], probe, async (img, binarizer) => {
    const readQr = await load();
    for (const inverted of [false, true]) {
      const text = readQr(luminance(img, inverted), img.width, img.height, binarizer);
      if (text !== null) return { text, inverted };
    }
    return null;
  });
}

// An engine's reader that reads only where its probe (which loads the engine, once) says it can run.
function probedReader(
  name: Reader,
  binarizers: readonly Binarizer[],
  probe: () => Promise<ReaderStatus>,
  read: (img: Pixels, binarizer: Binarizer) => ReturnType<ReaderImpl['read']>,
): ReaderImpl {
  return {
    name,
    binarizers,
    probe,
    async read(img, binarizer = 'local') {
      return (await probe()).available ? read(img, binarizer) : null;
    },
  };
}

function asImageData(img: Pixels): ImageData {
  if (typeof ImageData !== 'undefined' && img instanceof ImageData) return img;
  // A structural copy suffices for zxing-wasm; the native detector needs a real ImageData.
  if (typeof ImageData === 'undefined') return img as ImageData;
  return new ImageData(img.data, img.width, img.height);
}

function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(message)), ms);
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(describe(e)));
      },
    );
  });
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
