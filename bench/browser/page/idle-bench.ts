// Idle scanning in the page: the app's camera + decoder worker + scan loop, or a plain zxing-wasm loop at the
// camera's frame rate (the contender), started and stopped by bench/idle.mjs, which measures the CPU.
import { readBarcodes } from 'zxing-wasm/reader';
import { createDecoder, startCamera, startScanning } from '../../../src/scanner/index.js';
import { zxingWasm } from './decoders.js';

/** What ran while idle: frames the loop saw, decoded and skipped. */
export interface IdleCounts {
  frames: number;
  decoded: number;
  skipped: number;
  found: number;
}

let stopCurrent: (() => IdleCounts) | null = null;

function video(): HTMLVideoElement {
  const v = document.querySelector('video') ?? document.body.appendChild(document.createElement('video'));
  v.muted = true;
  v.playsInline = true;
  return v;
}

/**
 * Starts idle scanning with `kind`: 'checkpoint' (the app's modules), 'zxing-wasm' (a plain loop), or
 * 'camera' (the camera shown, nothing scanning: the baseline both are measured above).
 */
export async function idleStart(kind: 'checkpoint' | 'zxing-wasm' | 'camera'): Promise<void> {
  const el = video();
  const ctl = new AbortController();
  const cam = await startCamera(el, { signal: ctl.signal });
  if (!cam.ok) throw new Error(`camera: ${JSON.stringify(cam.error)}`);
  await el.play().catch(() => undefined);
  const counts: IdleCounts = { frames: 0, decoded: 0, skipped: 0, found: 0 };
  if (kind === 'checkpoint') {
    const decoder = createDecoder({ signal: ctl.signal });
    await decoder.readers();
    startScanning(el, {
      decoder,
      signal: ctl.signal,
      onText: () => counts.found++,
      onOutcome: (o) => {
        counts.frames++;
        if (o.status === 'none' && o.skipped) counts.skipped++;
        else counts.decoded++;
      },
    });
  } else if (kind === 'zxing-wasm') {
    await zxingWasm();
    const canvas = document.createElement('canvas');
    const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
    const tick = async () => {
      if (ctl.signal.aborted) return;
      canvas.width = el.videoWidth;
      canvas.height = el.videoHeight;
      if (canvas.width > 0) {
        ctx.drawImage(el, 0, 0);
        const img = ctx.getImageData(0, 0, canvas.width, canvas.height);
        const found = await readBarcodes(img, { formats: ['QRCode'], maxNumberOfSymbols: 1 });
        counts.frames++;
        counts.decoded++;
        if (found.some((r) => r.isValid)) counts.found++;
      }
      if (!ctl.signal.aborted) el.requestVideoFrameCallback(() => void tick());
    };
    el.requestVideoFrameCallback(() => void tick());
  }
  stopCurrent = () => {
    ctl.abort();
    return counts;
  };
}

/** Stops what idleStart started and says what it did. */
export function idleStop(): IdleCounts | null {
  const counts = stopCurrent?.() ?? null;
  stopCurrent = null;
  return counts;
}
