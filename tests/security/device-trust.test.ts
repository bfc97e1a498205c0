// Issue 11 item 1, in real Chromium against a real `checkpoint serve`: on an enrolled device, Settings → trust
// loaded keys and revocations files with no PIN, replacing the signed bundle's (a forged code then verified, an
// empty file wiped the revocations). Once enrolled, trust comes only from signed bundles: fetched, or a bundle
// file (`checkpoint bundle export`) verified against the pinned root, never rolling back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Page } from 'playwright-core';
import type { SignedBundle, VenueBody } from '../../src/core/bundle.js';
import { parseIssuerSecretFile, type IssuerSecret } from '../../src/core/issuer.js';
import type { DecisionRecord } from '../../src/core/log.js';
import { revocationsFileJson } from '../../src/core/revocations.js';
import { keysFileJson } from '../../src/core/trust.js';
import { buildAndServeApp } from '../e2e/fixtures/app/serve.js';
import { decision, go, gunType, makeTrustFiles, records } from '../e2e/fixtures/app/helpers.js';
import { launchChromium, type LaunchedChromium } from '../e2e/harness/index.js';
import { nowSeconds, signedCode } from '../support/codes.js';
import { cliChild as checkpoint, ensureBuilt, venueAddArgs } from '../support/cli.js';
import { serveChild, type ServeChild } from '../support/serve.js';

let dir: string;
let serve: ServeChild | null = null;
let chromium: LaunchedChromium | null = null;
const errors: string[] = [];

const where = () => ({ data: join(dir, 'data') });
const cli = (...args: string[]) => JSON.parse(checkpoint(args, where()).stdout) as Record<string, unknown>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cp-device-trust-'));
  ensureBuilt();
  // The app as a venue's phones load it from the server (production build, service worker), then `serve`.
  const built = await buildAndServeApp();
  await built.close();
  serve = await serveChild(where(), ['--dist', built.outDir]);
}, 300_000);
afterAll(async () => {
  await chromium?.close();
  await serve?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** A new issuer key made with the CLI, its secret read back for signing codes. */
function issuer(iss: string, name: string): { secret: IssuerSecret; keys: string } {
  const keys = join(dir, `${name}.keys.json`);
  checkpoint(['keys', 'issuer', '--iss', iss, '--out', join(dir, `${name}.json`), '--public-out', keys]);
  const secret = parseIssuerSecretFile(JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')));
  if (!secret.ok) throw new Error(secret.error);
  return { secret: secret.value, keys };
}

let holders = 0;
/**
 * A code made just now (the CLI's issuer keys are valid from the second they were made), each for a holder of its
 * own unless `over` names one: the same text twice within seconds would be taken for one scan.
 */
const code = (secret: IssuerSecret, over: Parameters<typeof signedCode>[1] = {}) =>
  signedCode(secret, {
    iat: nowSeconds() + 1,
    subject: new Uint8Array(16).fill(0x80 + (++holders % 100)),
    ...over,
  });

async function scan(page: Page, code: string): Promise<{ decision: string | null; result: string | null }> {
  await go(page, 'scan');
  await gunType(page, code);
  const shown = await decision(page);
  await page.locator('.result__buttons .button--big').click();
  return { decision: shown.decision, result: shown.result };
}

describe('an enrolled device', () => {
  it('takes no unsigned trust file, and takes a signed bundle file only from its own server and venue', async () => {
    const zj = issuer('CN-ZJ', 'zj');
    cli('trust', 'add', zj.keys);
    const revokedHolder = new Uint8Array(16).fill(4);
    cli(
      'revoke',
      '--iss',
      'CN-ZJ',
      '--subject',
      '04'.repeat(16),
      '--before',
      new Date(Date.now() + 3600_000).toISOString(),
    );
    const venue = cli(...venueAddArgs('Library', 'library'));
    const other = cli(...venueAddArgs('Mall', 'mall'));

    chromium = await launchChromium({ args: ['--use-fake-ui-for-media-stream'] });
    const page = await chromium.context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(String(venue.enrolUrl));
    await page.locator('[data-enrol=done]').waitFor({ timeout: 30_000 });
    await page.locator('.nav').waitFor({ timeout: 30_000 });
    await go(page, 'settings');
    await page.selectOption('select[name=language]', 'en');
    await go(page, 'scan');
    expect(await scan(page, code(zj.secret))).toEqual({ decision: 'admit', result: 'ok' });
    expect(await scan(page, code(zj.secret, { subject: revokedHolder }))).toEqual({
      decision: 'deny',
      result: 'revoked',
    });

    // The attack: whoever holds the device loads a forger's keys and an empty revocations list by hand.
    const forger = (await makeTrustFiles()).issuer;
    writeFileSync(join(dir, 'forger.keys.json'), JSON.stringify(keysFileJson([forger.key])));
    writeFileSync(join(dir, 'empty.revocations.json'), JSON.stringify(revocationsFileJson([])));
    await go(page, 'settings');
    await page.locator('.trust-files').waitFor();
    for (const [input, file] of [
      ['input[name=keys]', 'forger.keys.json'],
      ['input[name=revocations]', 'empty.revocations.json'],
    ] as const)
      if ((await page.locator(input).count()) > 0)
        await page.setInputFiles(input, join(dir, file), { timeout: 3000 }).catch(() => undefined);
    await page.waitForTimeout(500);
    expect(await scan(page, code(forger))).toEqual({ decision: 'deny', result: 'unknown-key' });
    expect(await scan(page, code(zj.secret, { subject: revokedHolder }))).toEqual({
      decision: 'deny',
      result: 'revoked',
    });

    // The next shift starts; who is on it goes on every record from now on.
    await go(page, 'scan');
    await page.fill('.shift input[name=staff]', '017');
    await page.locator('.shift button[type=submit]').click();

    // A venue without a network, on a later day (the app now comes from its service worker): the server's bundle
    // file, carried over. A new issuer (Shanghai) comes with it.
    await page.evaluate(async () => void (await navigator.serviceWorker.ready));
    await chromium.context.setOffline(true);
    await page.reload();
    await page.locator('.app[data-models="ready"]').waitFor();
    const sh = issuer('CN-SH', 'sh');
    cli('trust', 'add', sh.keys);
    const file = join(dir, 'library.bundle.json');
    const exported = cli('bundle', 'export', '--venue', String(venue.id), '--out', file);
    const load = async (path: string) => {
      await go(page, 'settings');
      await page.setInputFiles('input[name=bundle]', path);
      return page.locator(`.trust-files [data-file="${basename(path)}"]`).textContent();
    };

    // Altered (the forger's key slipped into the signed venue body, or a byte of the snapshot beside it flipped),
    // another venue's, or older: refused, nothing changes.
    const exportedFile = JSON.parse(readFileSync(file, 'utf8')) as { bundle: SignedBundle; object: string };
    const body = JSON.parse(exportedFile.bundle.body) as VenueBody;
    body.issuers.push({
      iss: forger.key.iss,
      kid: forger.key.kid,
      publicKey: Buffer.from(forger.key.publicKey).toString('base64'),
      notBefore: '2020-01-01T00:00:00Z',
      notAfter: '2040-01-01T00:00:00Z',
      revoked: false,
    });
    const altered = { ...exportedFile, bundle: { ...exportedFile.bundle, body: JSON.stringify(body) } };
    writeFileSync(join(dir, 'altered.json'), JSON.stringify(altered));
    expect(await load(join(dir, 'altered.json'))).toContain('signature');
    const object = Buffer.from(exportedFile.object, 'base64');
    object[object.length - 100]! ^= 1;
    writeFileSync(
      join(dir, 'flipped.json'),
      JSON.stringify({ ...exportedFile, object: object.toString('base64') }),
    );
    expect(await load(join(dir, 'flipped.json'))).toContain('not the data its signed part names');
    const theirs = join(dir, 'mall.bundle.json');
    cli('bundle', 'export', '--venue', String(other.id), '--out', theirs);
    expect(await load(theirs)).toContain('another venue');
    expect(await scan(page, code(sh.secret))).toEqual({ decision: 'deny', result: 'unknown-key' });

    expect(await load(file)).toContain(`version ${String(exported.version)}`);
    expect(await scan(page, code(sh.secret))).toEqual({ decision: 'admit', result: 'ok' });
    expect(await scan(page, code(forger))).toEqual({ decision: 'deny', result: 'unknown-key' });

    // An older bundle (an earlier export kept by someone) cannot roll the device back.
    const newer = join(dir, 'library.newer.json');
    cli('trust', 'add', issuer('CN-GD', 'gd').keys);
    cli('bundle', 'export', '--venue', String(venue.id), '--out', newer);
    expect(await load(newer)).toContain('loaded');
    expect(await load(file)).toContain('refused');

    // The records reach the server with who decided on them.
    await chromium.context.setOffline(false);
    // Back online, staff press "Sync now" (the `online` event starts one too; a busy machine may have given up).
    await go(page, 'log');
    await page.locator('.sync__now:not([disabled])').click({ timeout: 30_000 });
    await expect
      .poll(async () => (await records(page)).every((r) => r.synced === 1), { timeout: 60_000 })
      .toBe(true);
    const stored = JSON.parse(checkpoint(['export', '--format', 'json'], where()).stdout) as {
      records: DecisionRecord[];
    };
    // The server keeps who decided, as the device wrote it: the records of the new shift carry it.
    const staff = (r: DecisionRecord) => [r.seq, r.staff ?? null];
    expect(stored.records.map(staff).sort()).toEqual((await records(page)).map(staff).sort());
    expect(stored.records.filter((r) => r.staff === '017').length).toBeGreaterThanOrEqual(3);
    expect(errors).toEqual([]);
  }, 300_000);
});
