// Debian's Chromium through playwright-core, with the flags the project uses for every browser run.
import { chromium } from 'playwright-core';

/** Where Debian installs Chromium; override with CHROMIUM_PATH. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Quiet, reproducible headless flags (no sandbox in containers, no network chatter). */
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

/** Flags that make getUserMedia answer with Chromium's fake camera (a file when `file` is given), no prompt. */
export function fakeCameraArgs(file) {
  return [
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    ...(file ? [`--use-file-for-fake-video-capture=${file}`] : []),
  ];
}

/**
 * Launches Chromium with a fresh temporary profile; `args` are added to the base flags, `contextOptions`
 * to playwright's newContext (default: a 360×740 phone viewport).
 */
export async function launch(args = [], contextOptions = {}) {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...BASE_ARGS, ...args],
  });
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, ...contextOptions });
  return {
    browser,
    context,
    close: async () => {
      await context.close().catch(() => undefined);
      await browser.close();
    },
  };
}
