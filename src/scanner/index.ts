// The scanner's public API: camera, decoding worker, scan loop, scanner gun. Importing it starts nothing.
// How the app uses it (ui/Scan/ScanScreen.tsx, ui/App.tsx): one decoder while the scan screen is open, camera and
// loop only while the page is visible, the gun on the window; every code goes to the checkpoint model, which
// alone drops repeats (one filter for camera, gun and paste: dedup.ts).
//   const decoder = createDecoder();
//   pauseWhenHidden(async (signal) => {
//     const cam = await startCamera(video, { signal, deviceId });
//     if (!cam.ok) { show(cam.error); return null; }
//     const loop = startScanning(video, { decoder, signal, onText: (t) => checkpoint.scan(t, 'camera') });
//     return { stop: () => { loop.stop(); cam.value.stop(); } };
//   });
//   listenScannerGun(window, (t) => checkpoint.scan(t, 'gun'), { signal });
export {
  startCamera,
  openCamera,
  cameraConstraints,
  cameraError,
  type CameraError,
  type CameraHandle,
  type CameraOptions,
} from './camera.js';
export { createDecoder, type Decoder, type DecoderOptions } from './decoder.js';
export { startEarly, type EarlyOptions, type EarlyStart } from './early.js';
export { createRepeatFilter, DEFAULT_REPEAT_MS, type RepeatFilter } from './dedup.js';
export { startScanning, type FoundOutcome, type ScanHandle, type ScanOptions } from './scan-loop.js';
export {
  createGunParser,
  isTextEntry,
  listenScannerGun,
  pastedCode,
  type GunOptions,
  type GunParser,
  type GunTiming,
} from './scanner-gun.js';
export { pauseWhenHidden, type PauseOptions, type Stoppable } from './visibility.js';
export { centreSquare, type Rect } from './crop.js';
export {
  ALL_READERS,
  type DecodeOptions,
  type DecodeOutcome,
  type Reader,
  type ReaderStatus,
  type Frame,
  type Region,
} from './types.js';
