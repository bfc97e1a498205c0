// Debian's Chromium through playwright-core with the flags every browser run uses: the end-to-end tests and the bench.
import { chromium } from 'playwright-core';

/** Where Debian installs Chromium; override with CHROMIUM_PATH. */
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/**
 * Flags for a quiet, reproducible headless Chromium (no sandbox in containers, no network chatter).
 * @type {readonly string[]}
 */
export const BASE_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * The flags that make getUserMedia answer with Chromium's fake camera and accept the permission prompt by
 * themselves: the video file `y4m` (played in a loop at its own resolution, whatever the page's constraints ask
 * for), or Chromium's own test pattern without one.
 * @param {string} [y4m]
 * @returns {string[]}
 */
export function fakeCameraArgs(y4m) {
  return [
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    ...(y4m ? [`--use-file-for-fake-video-capture=${y4m}`] : []),
  ];
}

/**
 * Options for `launchChromium`.
 * @typedef {object} LaunchOptions
 * @property {string} [cameraY4m] a .y4m file (see `makeQrY4m`) that getUserMedia returns as the camera, looping
 * @property {string[]} [args] more Chromium flags
 * @property {{ width: number, height: number }} [viewport] the page size (default 360×740, a small phone)
 * @property {import('playwright-core').BrowserContextOptions} [context] more options for the browser context
 */

/**
 * A launched browser with one fresh context (a temporary profile); `close` ends both.
 * @typedef {object} LaunchedChromium
 * @property {import('playwright-core').Browser} browser
 * @property {import('playwright-core').BrowserContext} context
 * @property {() => Promise<void>} close
 */

/**
 * Launches headless Chromium with a fresh profile; with `cameraY4m`, the camera shows that video.
 * @param {LaunchOptions} [opts]
 * @returns {Promise<LaunchedChromium>}
 */
export async function launchChromium(opts = {}) {
  const args = [
    ...BASE_ARGS,
    ...(opts.cameraY4m ? fakeCameraArgs(opts.cameraY4m) : []),
    ...(opts.args ?? []),
  ];
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args });
  const context = await browser.newContext({
    viewport: opts.viewport ?? { width: 360, height: 740 },
    ...opts.context,
  });
  return {
    browser,
    context,
    close: async () => {
      await context.close().catch(() => undefined);
      await browser.close();
    },
  };
}
