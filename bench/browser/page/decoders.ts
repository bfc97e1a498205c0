// The decoding contenders: Checkpoint as the app runs it, and each library used as its README shows.
import {
  BinaryBitmap,
  DecodeHintType,
  HybridBinarizer,
  QRCodeReader,
  RGBLuminanceSource,
} from '@zxing/library';
import jsQR from 'jsqr';
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import { createDecoder } from '../../../src/scanner/decoder.js';

/** Checkpoint's own account of one decode: round trip, time inside the worker, and where it found the code. */
export interface WorkerTiming {
  ms: number;
  workerMs: number;
  region: string;
}

/** What one decode found; `timing` when the decoder times itself (Checkpoint). */
export interface Decoded {
  text: string | null;
  timing?: WorkerTiming;
}

/** One contender: decodes a frame's pixels. */
export type Decode = (img: ImageData) => Promise<Decoded>;

/** Checkpoint as the app runs it: the scanner's worker, sent an ImageBitmap as the scan loop sends one. */
export async function checkpointDecoder(): Promise<{ decode: Decode; engines: string }> {
  const decoder = createDecoder();
  const status = await decoder.readers();
  const engines = Object.entries(status)
    .map(([e, s]) => `${e}: ${s.available ? 'yes' : s.reason}`)
    .join('; ');
  return {
    engines,
    decode: async (img) => {
      // The scan loop's createImageBitmap(video) happens off the main thread, so it is not part of the timing.
      const bitmap = await createImageBitmap(img);
      const start = performance.now();
      const out = await decoder.decode(bitmap);
      const timing = {
        ms: performance.now() - start,
        workerMs: out.status === 'aborted' ? 0 : out.ms,
        region: out.status === 'found' ? `${out.engine}/${out.region}` : 'none',
      };
      return { text: out.status === 'found' ? out.text : null, timing };
    },
  };
}

function greys(img: ImageData): Uint8ClampedArray {
  const n = img.width * img.height;
  const out = new Uint8ClampedArray(n);
  const d = img.data;
  for (let i = 0, p = 0; i < n; i++, p += 4) out[i] = (d[p]! * 77 + d[p + 1]! * 150 + d[p + 2]! * 29) >> 8;
  return out;
}

/** @zxing/library: QRCodeReader over a HybridBinarizer, TRY_HARDER. */
export const zxingLibrary: Decode = (img) => {
  const reader = new QRCodeReader();
  const hints = new Map<DecodeHintType, unknown>([[DecodeHintType.TRY_HARDER, true]]);
  try {
    const source = new RGBLuminanceSource(greys(img), img.width, img.height);
    return Promise.resolve({
      text: reader.decode(new BinaryBitmap(new HybridBinarizer(source)), hints).getText(),
    });
  } catch {
    return Promise.resolve({ text: null });
  }
};

/** zxing-wasm's readBarcodes, its .wasm loaded first. */
export async function zxingWasm(): Promise<Decode> {
  // Self-hosted .wasm from node_modules, as a careful user would ship it (no CDN at the door).
  await prepareZXingModule({
    overrides: {
      locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? wasmUrl : prefix + path),
    },
    fireImmediately: true,
  });
  return async (img) => {
    const results = await readBarcodes(img, { formats: ['QRCode'], maxNumberOfSymbols: 1 });
    return { text: results.find((r) => r.isValid)?.text ?? null };
  };
}

/** jsQR with its defaults. */
export const jsqr: Decode = (img) =>
  Promise.resolve({ text: jsQR(img.data, img.width, img.height)?.data ?? null });
