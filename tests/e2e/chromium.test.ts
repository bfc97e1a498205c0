// The browser every e2e test and the bench run: Chromium as launched by scripts/chromium.mjs, read back from
// its processes' command lines.
import { execFileSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium, type LaunchedChromium } from './harness/index.js';

let chrome: LaunchedChromium;
beforeAll(async () => {
  chrome = await launchChromium();
  const page = await chrome.context.newPage();
  await page.goto('about:blank');
});
afterAll(async () => chrome?.close());

/** The command lines of this launch's processes: the browser (a child of this test) and what it started. */
function processes(): { browser: string; others: string[] } {
  const rows = execFileSync('ps', ['-eo', 'ppid=,args='], { encoding: 'utf8' }).split('\n');
  const browser = rows
    .map((r) => r.trim().split(/\s+(.*)/s))
    .find(([ppid, args]) => Number(ppid) === process.pid && args && !args.includes('--type='))?.[1];
  if (!browser) throw new Error('no browser process among this test process children');
  const profile = /--user-data-dir=(\S+)/.exec(browser)?.[1];
  if (!profile) throw new Error(`the browser has no --user-data-dir: ${browser}`);
  return { browser, others: rows.filter((r) => r.includes(profile) && r.includes('--type=')) };
}

it('keeps every feature Playwright disables: Chromium reads only the last --disable-features', () => {
  const lists = [...processes().browser.matchAll(/--disable-features=(\S+)/g)].map((m) => m[1]!.split(','));
  expect(lists.length).toBeGreaterThan(0);
  const last = lists.at(-1)!;
  for (const earlier of lists) expect(last).toEqual(expect.arrayContaining(earlier));
});

it('starts no desktop Chrome page beside the app (the omnibox popup WebUI took a core during its start)', async () => {
  // Unpatched, the omnibox's renderer appears within a second or two of the launch.
  for (let i = 0; i < 6; i++) {
    expect(processes().others.filter((args) => args.includes('--top-chrome-webui'))).toEqual([]);
    await sleep(500);
  }
  expect(processes().others.some((args) => args.includes('--type=renderer'))).toBe(true);
});
