// The decoder and the camera started before the scan screen is drawn, for it to take over: on a slow phone the
// worker's wasm and the camera's opening then overlap the app's own start instead of following it.
import type { Result } from '../core/result.js';
import { openCamera, type CameraError } from './camera.js';
import { createDecoder, type Decoder } from './decoder.js';

/** What was started early; each part is taken once, by the first scan screen. */
export interface EarlyStart {
  /** Begins opening the camera (`deviceId`, or null for the default rear one) if the page is visible. */
  openCamera(deviceId: string | null): void;
  /** The decoder started early, the first time; null after (the screen then starts its own). */
  takeDecoder(): Decoder | null;
  /**
   * The camera stream being opened, the first time and only for the camera it was opened for; null otherwise.
   * A stream not taken is stopped: when another camera is asked for, when the page is hidden, after `giveUpMs`.
   */
  takeCamera(deviceId: string | null): Promise<Result<MediaStream, CameraError>> | null;
}

/** Options for `startEarly`. */
export interface EarlyOptions {
  /** A stream nobody has taken by then is stopped: a phone must not film for nothing. */
  giveUpMs?: number;
  doc?: Document;
  /** Stand-ins for tests. */
  open?: typeof openCamera;
  decoder?: () => Decoder;
}

type Opening = { deviceId: string | null; stream: Promise<Result<MediaStream, CameraError>> };

/** Starts the decoder now; the camera when `openCamera` is called. */
export function startEarly(opts: EarlyOptions = {}): EarlyStart {
  const doc = opts.doc ?? document;
  let decoder: Decoder | null = (opts.decoder ?? createDecoder)();
  let camera: Opening | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const release = () => {
    doc.removeEventListener('visibilitychange', onHidden);
    clearTimeout(timer);
    const left = camera;
    camera = null;
    void left?.stream.then((o) => o.ok && o.value.getTracks().forEach((t) => t.stop()));
  };
  const onHidden = () => {
    if (doc.visibilityState === 'hidden') release();
  };
  return {
    openCamera(deviceId) {
      if (camera || doc.visibilityState !== 'visible') return;
      camera = { deviceId, stream: (opts.open ?? openCamera)(deviceId ?? undefined) };
      doc.addEventListener('visibilitychange', onHidden);
      timer = setTimeout(release, opts.giveUpMs ?? 10_000);
    },
    takeDecoder() {
      const d = decoder;
      decoder = null;
      return d;
    },
    takeCamera(deviceId) {
      const c = camera;
      if (c?.deviceId === deviceId) camera = null;
      release();
      return c?.deviceId === deviceId ? c.stream : null;
    },
  };
}
