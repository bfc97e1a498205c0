// The database's update on Chromium's own IndexedDB, not only on fake-indexeddb: a device whose log version 5 of
// the app wrote opens it with today's. Dexie's upgrade runs in a real versionchange transaction over LevelDB,
// whose rules (it commits once no request is pending, an index dropped in it) fake-indexeddb only imitates.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { updatedFromVersion5 } from '../support/update-v5.js';
import { buildAndServe, launchChromium, type ServedFixture } from './harness/index.js';

const fixtureRoot = fileURLToPath(new URL('./fixtures/store/', import.meta.url));
let served: ServedFixture;

beforeAll(async () => {
  served = await buildAndServe(fixtureRoot);
});
afterAll(async () => {
  await served?.close();
});

it('marks the unacknowledged records of a version 5 log that file a report (003 §17), changes nothing else, and drops the actions index', async () => {
  const chromium = await launchChromium();
  try {
    const page = await chromium.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(served.url);
    await page.waitForFunction(() => 'storeFixture' in window);
    const seen = await page.evaluate(() => window.storeFixture.updateFromVersion5());
    expect(seen).toEqual(updatedFromVersion5(seen.before));
    expect(errors).toEqual([]);
  } finally {
    await chromium.close();
  }
});
