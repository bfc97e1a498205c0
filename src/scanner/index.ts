// The scanner's public API: camera, decoding worker, scan loop, scanner gun. Importing it starts nothing.
export {
  startCamera,
  cameraConstraints,
  cameraError,
  type CameraError,
  type CameraHandle,
  type CameraOptions,
} from './camera.js';
export { createDecoder, type Decoder, type DecoderOptions } from './decoder.js';
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
  ALL_ENGINES,
  type DecodeOptions,
  type DecodeOutcome,
  type Engine,
  type EngineStatus,
  type Frame,
  type Region,
} from './types.js';
