// Launching Debian's Chromium for end-to-end tests, optionally with a fake camera fed from a Y4M file.
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

/** Where Debian installs Chromium; override with CHROMIUM_PATH. */
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** Flags for a quiet, reproducible headless Chromium (no sandbox in containers, no network chatter). */
export const BASE_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Options for `launchChromium`. */
export interface LaunchOptions {
  /** A .y4m file (see `makeQrY4m`) that getUserMedia will return as the camera, looping. */
  cameraY4m?: string;
  /** Extra Chromium flags. */
  args?: string[];
  /** The page size of the context (default 360×740, a small phone). */
  viewport?: { width: number; height: number };
}

/** A launched browser with one fresh context (a temporary profile); `close` ends both. */
export interface LaunchedChromium {
  browser: Browser;
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * The Chromium flags that replace the camera with `y4m` and accept the permission prompt by themselves.
 * Chromium plays the file in a loop at its own resolution, whatever the page's constraints ask for.
 */
export function fakeCameraArgs(y4m: string): string[] {
  return [
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    `--use-file-for-fake-video-capture=${y4m}`,
  ];
}

/** Launches headless Chromium with a fresh profile; with `cameraY4m`, the camera shows that video. */
export async function launchChromium(opts: LaunchOptions = {}): Promise<LaunchedChromium> {
  const args = [
    ...BASE_ARGS,
    ...(opts.cameraY4m ? fakeCameraArgs(opts.cameraY4m) : []),
    ...(opts.args ?? []),
  ];
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args });
  const context = await browser.newContext({ viewport: opts.viewport ?? { width: 360, height: 740 } });
  return {
    browser,
    context,
    close: async () => {
      await context.close().catch(() => undefined);
      await browser.close();
    },
  };
}
