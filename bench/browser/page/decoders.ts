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

/**
 * Checkpoint as the app runs it: the scanner's worker, sent what the scan loop sends. In Chromium that is a
 * `VideoFrame` of the camera's buffer (here an I420 frame made from the pixels: the worker reads its luma plane);
 * where there is no VideoFrame, an ImageBitmap of the video (the worker draws it on a canvas).
 */
export async function checkpointDecoder(
  sent: 'video-frame' | 'bitmap' = 'video-frame',
): Promise<{ decode: Decode; engines: string }> {
  const decoder = createDecoder();
  const status = await decoder.readers();
  const engines = Object.entries(status)
    .map(([e, s]) => `${e}: ${s.available ? 'yes' : s.reason}`)
    .join('; ');
  return {
    engines,
    decode: async (img) => {
      // Made before the clock starts: the scan loop wraps the camera's buffer (new VideoFrame(video)) or has
      // createImageBitmap(video) done off the main thread.
      const frame = sent === 'video-frame' ? i420Frame(img) : await createImageBitmap(img);
      const start = performance.now();
      const out = await decoder.decode(frame);
      const timing = {
        ms: performance.now() - start,
        workerMs: out.status === 'aborted' ? 0 : out.ms,
        region: out.status === 'found' ? `${out.engine}/${out.region}` : 'none',
      };
      return { text: out.status === 'found' ? out.text : null, timing };
    },
  };
}

const i420s = new WeakMap<ImageData, Uint8Array<ArrayBuffer>>();

/** The pixels as a camera's I420 frame: BT.601 luma (as the decoder's own grey levels), chroma flat. */
function i420Frame(img: ImageData): VideoFrame {
  let data = i420s.get(img);
  if (!data) {
    const luma = greys(img);
    data = new Uint8Array(luma.length + 2 * (img.width >> 1) * (img.height >> 1)).fill(128);
    data.set(luma);
    i420s.set(img, data);
  }
  return new VideoFrame(data, {
    format: 'I420',
    codedWidth: img.width,
    codedHeight: img.height,
    timestamp: 0,
  });
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
