// Shared end-to-end helpers: Chromium with a fake camera, QR camera videos, test-only Vite pages.
export {
  BASE_ARGS,
  CHROMIUM_PATH,
  fakeCameraArgs,
  launchChromium,
  type LaunchOptions,
  type LaunchedChromium,
} from '../../../scripts/chromium.mjs';
export { imageToY4m, makeQrY4m, sequenceY4m, type QrY4m, type QrY4mOptions } from './y4m.js';
export { buildAndServe, type ServedFixture } from './vite-fixture.js';
export { typeWithTiming, type TypingOptions } from './keyboard.js';
