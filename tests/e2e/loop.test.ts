// The whole loop in real Chromium: `checkpoint serve`, `trust add`, `venue add`, enrol a phone from the link,
// scan codes from a fake camera and a scanner gun with the network off, reconnect, and `checkpoint export`
// holds each decision exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConsoleMessage } from 'playwright-core';
import type { DecisionRecord } from '../../src/core/log.js';
import { decision, go, gunType, records } from './fixtures/app/helpers.js';
import { buildApp } from './fixtures/app/serve.js';
import { CLI, cliChild, cliIssuer, ensureBuilt, ROOT, venueAddArgs } from '../support/cli.js';
import { signedCode } from '../support/codes.js';
import { freePort } from '../support/serve.js';
import { launchChromium, makeQrY4m, type LaunchedChromium } from './harness/index.js';

let dir: string;
let port: number;
let server: ChildProcess | null = null;
let chromium: LaunchedChromium | null = null;

function cli(...args: string[]): Record<string, unknown> {
  return JSON.parse(cliChild([...args, '--data', join(dir, 'data')]).stdout) as Record<string, unknown>;
}

/** One Content-Security-Policy violation as the browser described it. */
interface Violation {
  directive: string;
  blocked: string;
  file?: string;
  line?: number;
  column?: number;
}

const CSP_REPORT = 'CSP violation ';

/** Runs in the page before its scripts: reports each violation of the page's policy to the console. */
function reportViolations(prefix: string): void {
  document.addEventListener(
    'securitypolicyviolation',
    (e) =>
      console.error(
        prefix +
          JSON.stringify({
            directive: e.effectiveDirective,
            blocked: e.blockedURI,
            file: e.sourceFile,
            line: e.lineNumber,
            column: e.columnNumber,
          }),
      ),
    true,
  );
}

/**
 * The violations that are not cbor-x's probe. On import, cbor-x (which decodes bundles) runs
 * `try{Function('')}catch{…}` to learn whether it may compile its record readers; under this policy it may not,
 * the browser reports that, and cbor-x decodes without compiling. Any other violation is a real one.
 */
async function unexpected(violations: Violation[]): Promise<Violation[]> {
  const out: Violation[] = [];
  for (const v of violations) {
    if (v.directive === 'script-src' && v.blocked === 'eval' && v.file && v.line && v.column) {
      const line = (await (await fetch(v.file)).text()).split('\n')[v.line - 1] ?? '';
      if (line.slice(Math.max(0, v.column - 40), v.column + 40).includes('try{Function(``)}catch{')) continue;
    }
    out.push(v);
  }
  return out;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cp-loop-'));
  ensureBuilt();
  const outDir = join(dir, 'dist');
  await buildApp(outDir);
  port = await freePort();
  server = spawn(
    process.execPath,
    [
      CLI,
      'serve',
      '--port',
      String(port),
      '--host',
      '127.0.0.1',
      '--data',
      join(dir, 'data'),
      '--dist',
      outDir,
      '--public-url',
      `http://127.0.0.1:${port}`,
    ],
    {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  await new Promise<void>((resolve, reject) => {
    server!.stdout!.on('data', (d: Buffer) => d.toString().includes('"url"') && resolve());
    server!.once('exit', (code) => reject(new Error(`serve exited ${code}`)));
  });
}, 180_000);

afterAll(async () => {
  await chromium?.close();
  server?.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

describe('serve → enrol → scan offline → reconnect → export', () => {
  it('exports each decision the phone took exactly once', async () => {
    const issuer = cliIssuer(dir, join(dir, 'data'));
    expect(issuer.added).toMatchObject({ changed: 1 });
    const venue = cli(...venueAddArgs('Office tower', 'office'));
    const enrolUrl = String(venue.enrolUrl);
    expect(enrolUrl.startsWith(`http://127.0.0.1:${port}/enrol#token=`)).toBe(true);

    // The issuer key is valid from the moment `keys issuer` made it: codes are made after that.
    const iat = Math.floor(Date.now() / 1000) + 1;
    const video = await makeQrY4m(signedCode(issuer.secret, { iat }));
    chromium = await launchChromium({ cameraY4m: video.y4m });
    const page = await chromium.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));

    // Every Content-Security-Policy violation, in the page (across reloads) and in its workers, is reported to
    // the console as JSON, where this test collects it; each decoder worker also says whether it may compile wasm.
    const violations: Violation[] = [];
    const collect = (m: ConsoleMessage) => {
      if (m.text().startsWith(CSP_REPORT)) violations.push(JSON.parse(m.text().slice(CSP_REPORT.length)));
    };
    await chromium.context.addInitScript(reportViolations, CSP_REPORT);
    page.on('console', collect);
    const wasmChecks: Promise<string>[] = [];
    page.on('worker', (worker) => {
      worker.on('console', collect);
      const check = worker.evaluate(
        async ([report, isDecoder]) => {
          self.addEventListener('securitypolicyviolation', (e) =>
            console.error(
              report + JSON.stringify({ directive: e.effectiveDirective, blocked: e.blockedURI }),
            ),
          );
          if (!isDecoder) return 'not the decoder';
          // The smallest valid module: compiling it is what the zxing-wasm engine needs from the policy.
          const empty = Uint8Array.of(0, 0x61, 0x73, 0x6d, 1, 0, 0, 0);
          return WebAssembly.compile(empty).then(
            () => 'compiled',
            (e: unknown) => `refused: ${String(e)}`,
          );
        },
        [CSP_REPORT, /\/assets\/worker-[^/]+\.js$/.test(worker.url())] as const,
      );
      wasmChecks.push(check.catch((e: unknown) => `worker gone: ${String(e)}`));
    });

    // Enrol from the link, as a phone opening it would; the app goes on to the scan screen by itself.
    const shell = await page.goto(enrolUrl);
    // The server's policy is in force: the checks below are not passing for want of one.
    expect(shell?.headers()['content-security-policy']).toContain("script-src 'self' 'wasm-unsafe-eval';");
    // Permissions-Policy parsed as meant (Chromium's document.featurePolicy): the camera for this origin only.
    expect(
      await page.evaluate(() => {
        const policy = (document as { featurePolicy?: { allowsFeature(f: string): boolean } }).featurePolicy;
        return [policy?.allowsFeature('camera'), policy?.allowsFeature('microphone')];
      }),
    ).toEqual([true, false]);
    await page.locator('[data-enrol=done]').waitFor({ timeout: 30_000 });
    await page.locator('.nav').waitFor({ timeout: 30_000 });
    expect(new URL(page.url()).pathname).toBe('/');
    const devices = cli('device', 'list') as { devices: { id: string; venueId: string }[] };
    expect(devices.devices).toHaveLength(1);
    expect(devices.devices[0]?.venueId).toBe(venue.id);
    await page.evaluate(async () => void (await navigator.serviceWorker.ready));

    // The network goes away; the app starts again from its precache, the camera shows a green code,
    // then a scanner gun types a red one.
    await chromium.context.setOffline(true);
    await page.reload();
    await page.locator('.nav').waitFor({ timeout: 30_000 });
    expect(await decision(page)).toMatchObject({ decision: 'admit', result: 'ok', logged: 'true' });
    await page.locator('.result__buttons .button--big').click();
    await gunType(
      page,
      signedCode(issuer.secret, { iat, colour: 'red', subject: new Uint8Array(16).fill(4) }),
    );
    await page.locator('[data-decision=deny]').waitFor({ timeout: 30_000 });
    await page.locator('.result__buttons .button--big').click();
    await go(page, 'log');
    const held = await records(page);
    const pending = held.filter((r) => r.synced === 0);
    // At least the two decisions taken offline wait for the network (the camera may have logged one online too).
    expect(pending.map((r) => r.decision)).toEqual(expect.arrayContaining(['admit', 'deny']));
    expect(new Set(held.map((r) => r.deviceId))).toEqual(new Set([devices.devices[0]!.id]));

    // Back online: the `online` event starts the upload; every record is acknowledged.
    await chromium.context.setOffline(false);
    // Polled as the list still waiting, so that a failure names what was left behind and when it was decided.
    const waiting = async () =>
      (await records(page)).filter((r) => r.synced !== 1).map((r) => `${r.seq} ${r.decision} at ${r.at}`);
    await expect.poll(waiting, { timeout: 30_000 }).toEqual([]);
    const onDevice = await records(page);

    const exported = cli('export', '--format', 'json') as { records: DecisionRecord[] };
    const ids = exported.records.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(onDevice.map((r) => r.id).sort());
    expect(exported.records.map((r) => r.decision).sort()).toEqual(onDevice.map((r) => r.decision).sort());
    await expect.poll(() => page.locator('[data-sync-state]').getAttribute('data-pending')).toBe('0');
    expect(errors).toEqual([]);

    // The decoder worker ran under the policy and may compile wasm; nothing anywhere broke the policy.
    const checked = await Promise.all(wasmChecks);
    expect(checked).toContain('compiled');
    // A worker the app closed before it answered says nothing; one that answers must not be refused.
    expect(checked.filter((c) => c.startsWith('refused'))).toEqual([]);
    // And the app says so in Settings: it decodes with the wasm engine, not the JavaScript fallback.
    await go(page, 'settings');
    await expect.poll(() => page.locator('[data-decoder]').getAttribute('data-decoder')).toBe('wasm');
    expect(await unexpected(violations)).toEqual([]);
    // The collector sees a violation when there is one: an injected inline script is refused, not run.
    const before = violations.length;
    const ran = await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'document.documentElement.dataset.injected = "ran"';
      document.head.append(script);
      return document.documentElement.dataset.injected ?? 'refused';
    });
    expect(ran).toBe('refused');
    await expect
      .poll(() => violations.slice(before))
      .toEqual([expect.objectContaining({ directive: 'script-src-elem', blocked: 'inline' })]);
  }, 180_000);
});
