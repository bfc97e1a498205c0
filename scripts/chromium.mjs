// Debian's Chromium through playwright-core with the flags every browser run uses: the end-to-end tests and the bench.
import { chromium } from 'playwright-core';

/** Where Debian installs Chromium; override with CHROMIUM_PATH. */
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

// Chromium keeps only the last value of a switch, so a second --disable-features would drop the one Playwright passes
// (these names, as of playwright-core 1.65): ours repeats them. tests/e2e/chromium.test.ts fails if Playwright's
// list grows and this one does not.
const PLAYWRIGHT_DISABLED = [
  'AvoidUnnecessaryBeforeUnloadCheckSync',
  'DestroyProfileOnBrowserClose',
  'HttpsUpgrades',
  'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay',
  'MediaRouter',
  'PaintHolding',
  'ThirdPartyStoragePartitioning',
  'AvoidCorsURLLoaderRestartOnRedirect',
  'TcpPortRandomizationWin',
  'OptimizationHints',
  'NetworkTimeServiceQuerying',
  'AimEnabled',
  'PreconnectToSearch',
  'msForceBrowserSignIn',
  'msEdgeUpdateLaunchServicesPreferredVersion',
];
// Headless Chromium 156 loads desktop Chrome's omnibox popup, a WebUI page, into a renderer of its own
// (`--top-chrome-webui`) at launch. It spent ~3 s of CPU during each app start measured by the bench, on a
// 2-core machine, and a phone's installed app has no omnibox: the start took 2.7 s with it, 1.5 s without
// (docs/performance.md, session 8).
const NO_DESKTOP_OMNIBOX = ['WebUIOmniboxPopup', 'WebUIOmniboxAimPopup', 'WebUIOmniboxFullPopup'];

/**
 * Flags for a quiet, reproducible headless Chromium (no sandbox in containers, no network chatter, none of
 * desktop Chrome's own pages competing with the app for the CPU).
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
  `--disable-features=${[...PLAYWRIGHT_DISABLED, ...NO_DESKTOP_OMNIBOX].join(',')}`,
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
