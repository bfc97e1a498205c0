// @vitest-environment happy-dom
// The other screens: languages switch at run time, manual entry seals and masks, the log lists only what is
// in view, settings keep a PIN only as a hash, and the scan screen explains a blocked camera.
import { afterEach, describe, expect, it } from 'vitest';
import { act } from 'preact/test-utils';
import nacl from 'tweetnacl';
import { checkCharacter } from '../../src/core/identity.js';
import { fromBase64 } from '../../src/core/bytes.js';
import { openSealed } from '../../src/core/seal.js';
import { checkPin, hashPin } from '../../src/models/pin.js';
import { type DecisionEntry, chainRecord } from '../../src/core/log.js';
import type { StoredRecord } from '../../src/store/db.js';
import { appendDecision } from '../../src/store/log.js';
import { dexieOutbox } from '../../src/sync/outbox.js';
import { entry } from '../support/entries.js';
import { rig } from './services.js';
import { click, mount, settle, type, waitFor } from './render.js';

const nav = (root: HTMLElement, i: number) => root.querySelectorAll('.nav__item')[i];

afterEach(() => {
  document.body.innerHTML = '';
});

describe('languages', () => {
  it('switches between zh-CN, zh-TW and en at run time from Settings', async () => {
    const r = await rig();
    const root = await mount(r.services);
    expect(nav(root, 0)?.textContent).toBe('扫码');
    await click(nav(root, 3));
    await waitFor(root, 'select[name=language]');
    const select = root.querySelector('select[name=language]') as HTMLSelectElement;
    await act(() => {
      select.value = 'zh-TW';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await settle();
    expect(nav(root, 0)?.textContent).toBe('掃碼');
    expect(root.querySelector('h1')?.textContent).toBe('設定');
    await act(() => {
      select.value = 'en';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await settle();
    expect(nav(root, 0)?.textContent).toBe('Scan');
    expect(document.documentElement.lang).toBe('en');
  });
});

describe('the scan screen', () => {
  it('says the camera is blocked and offers the gun and paste instead', async () => {
    const r = await rig({ language: 'en' });
    const root = await mount(r.services);
    await settle();
    expect(root.querySelector('.scan__status--error')?.textContent).toContain('The camera is blocked');
    expect(root.querySelector('.trust')?.textContent).toBe('Trust data 1 h old');
  });

  it('shows the reports waiting to send until they are synced (003 §17: reported at once)', async () => {
    const r = await rig({ language: 'en' });
    const reported: Partial<DecisionEntry> = { colour: 'red', decision: 'deny', actions: ['hold', 'report'] };
    await appendDecision(entry(new Date().toISOString(), reported), r.db);
    const root = await mount(r.services);
    const notice = await waitFor(root, '[data-reports-waiting]');
    expect(notice.textContent).toBe('1 report(s) waiting to send');
    const outbox = dexieOutbox(r.db);
    await outbox.markSynced((await outbox.pending()).map((x) => x.id));
    await act(() => r.services.logbook.refresh());
    expect(root.querySelector('[data-reports-waiting]')).toBeNull();
  });

  it('checks a pasted code', async () => {
    const r = await rig({ language: 'en' });
    const root = await mount(r.services);
    await type(root.querySelector('#paste'), 'not a code');
    await act(() => (root.querySelector('.scan__paste') as HTMLFormElement).requestSubmit());
    // The decision shows once it is logged (a write to the device's database).
    const decision = await waitFor(root, '[data-decision]');
    expect(decision.getAttribute('data-result')).toBe('malformed');
  });
});

describe('manual entry', () => {
  const validId = () => {
    const body = '33010619800101001';
    return body + (checkCharacter(body) ?? '');
  };

  // Fills the form; every declaration question answered "no" unless told to leave them untouched.
  async function fill(root: HTMLElement, number: string, answer = true) {
    await type(root.querySelector('input[name=number]'), number);
    await type(root.querySelector('input[name=name]'), '陈美玲');
    await type(root.querySelector('input[name=phone]'), '13900001111');
    if (answer) for (const no of root.querySelectorAll('.yesno input[value=no]')) await click(no);
    await act(() => (root.querySelector('form.form') as HTMLFormElement).requestSubmit());
    await settle();
  }

  async function withAuthority(settings: Parameters<typeof rig>[0]) {
    const r = await rig({ supervisorPin: hashPin('2468'), ...settings });
    const authority = nacl.box.keyPair();
    await r.services.trust.loadAuthorityFile(
      { publicKey: Buffer.from(authority.publicKey).toString('base64') },
      '2468',
    );
    return { r, authority };
  }

  it('refuses an untouched declaration, which is not "all no", and logs nothing', async () => {
    const { r } = await withAuthority({ language: 'en', category: 'public-transport' });
    const root = await mount(r.services);
    await click(nav(root, 1));
    await waitFor(root, 'input[name=number]');
    await fill(root, validId(), false);
    expect(root.querySelector('.form-error[role=alert]')?.textContent).toBe(
      'Answer every declaration question, yes or no, before deciding',
    );
    expect(await r.records()).toEqual([]);
  });

  // 001 §1(1): 近14天内有境外旅居史的人员 → 红码: travel abroad is asked apart from domestic risk areas.
  it('asks travel abroad as its own question, and records every answer and a family member’s declaration', async () => {
    const { r } = await withAuthority({ language: 'en', category: 'public-transport' });
    const root = await mount(r.services);
    await click(nav(root, 1));
    await waitFor(root, 'input[name=number]');
    const legends = [...root.querySelectorAll('.yesno legend')].map((l) => l.textContent);
    expect(legends).toEqual([
      'Fever (≥ 37.3 °C), dry cough, fatigue or other symptoms now',
      'Contact with a confirmed, suspected or asymptomatic case in the last 14 days',
      'Stayed in a medium- or high-risk area in China in the last 14 days',
      'Travelled or stayed abroad in the last 14 days',
    ]);
    await click(root.querySelector('input[name=proxy]'));
    for (const q of ['fever', 'contact', 'risk-area'])
      await click(root.querySelector(`input[name=declared-${q}][value=no]`));
    await click(root.querySelector('input[name=declared-abroad][value=yes]'));
    await fill(root, validId(), false);
    await waitFor(root, '[data-decision]');
    const [record] = await r.records();
    expect(record).toMatchObject({
      proxy: true,
      declaration: { fever: false, contact: false, 'risk-area': false, abroad: true },
      colour: 'red',
      decision: 'deny',
    });
  });

  it('refuses a resident number with a wrong check digit and logs nothing', async () => {
    const r = await rig({ language: 'en' });
    const root = await mount(r.services);
    await click(nav(root, 1));
    await waitFor(root, 'input[name=number]');
    const bad = validId().slice(0, 17) + (validId().endsWith('0') ? '1' : '0');
    await fill(root, bad);
    expect(root.querySelector('.form-error[role=alert]')?.textContent).toContain('not valid');
    expect(await r.records()).toEqual([]);
  });

  it('refuses without the authority key, since nothing may be kept in clear', async () => {
    const r = await rig({ language: 'en' });
    const root = await mount(r.services);
    await click(nav(root, 1));
    await waitFor(root, 'input[name=number]');
    await fill(root, validId());
    expect(root.querySelector('.form-error[role=alert]')?.textContent).toContain(
      'health authority’s key is missing',
    );
    expect(await r.records()).toEqual([]);
  });

  it('logs masked forms and a sealed box that only the authority opens, then shows the decision', async () => {
    const { r, authority } = await withAuthority({ language: 'en', category: 'public-transport' });
    const root = await mount(r.services);
    await click(nav(root, 1));
    await waitFor(root, 'input[name=number]');
    await fill(root, validId());
    await waitFor(root, '[data-decision]');
    const [record] = await r.records();
    expect(record).toMatchObject({ source: 'manual', maskedName: '陈*玲', idLast4: validId().slice(-4) });
    expect(JSON.stringify(record)).not.toContain('陈美玲');
    expect(JSON.stringify(record)).not.toContain(validId());
    const opened = openSealed(fromBase64(record?.sealed ?? '') ?? new Uint8Array(), authority);
    expect(opened.ok && JSON.parse(new TextDecoder().decode(opened.value))).toMatchObject({
      name: '陈美玲',
      number: validId(),
      phone: '13900001111',
    });
    expect(root.querySelector('[data-decision]')?.getAttribute('data-result')).toBe('manual');
    expect((root.querySelector('input[name=name]') as HTMLInputElement | null)?.value ?? '').toBe('');
  });
});

describe('the log screen', () => {
  it('shows today’s counts and renders only a window of a long list', async () => {
    const r = await rig({ language: 'en' });
    // A long day, chained as the device chains its records, stored in one go.
    const day: StoredRecord[] = [];
    for (let i = 0; i < 2000; i++) {
      const scanned = entry(new Date().toISOString(), {
        decision: i % 10 === 0 ? 'deny' : 'admit',
        idLast4: String(i).padStart(4, '0'),
      });
      day.push({
        ...chainRecord(scanned, { id: `r${i}`, deviceId: 'd', prev: day.at(-1) ?? null }),
        synced: 0,
      });
    }
    await r.db.records.bulkAdd(day);
    const root = await mount(r.services);
    await click(nav(root, 2));
    // The log screen's code is loaded on first open (a separate chunk).
    await waitFor(root, '[data-stat]');
    await settle();
    expect(root.querySelector('[data-stat=admitted]')?.textContent).toBe('1800');
    expect(root.querySelector('[data-stat=denied]')?.textContent).toBe('200');
    expect(root.querySelector('[data-stat=pending]')?.textContent).toBe('2000');
    const rows = root.querySelectorAll('.vlist [role=listitem]');
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThan(30);
    await type(root.querySelector('input[type=search]'), '0042');
    expect(root.querySelectorAll('.vlist .row').length).toBe(1);
  });

  it('lists the newest records without waiting for the log to be counted', async () => {
    const r = await rig({ language: 'en' });
    for (const at of ['2026-11-30T08:00:00Z', '2026-11-30T09:00:00Z']) await appendDecision(entry(at), r.db);
    // On a long log, counting every record and reading today's take longer than the newest page: here they never end.
    const models = r.services.models.value;
    if (!models) throw new Error('the rig has no models');
    models.logbook.refresh = () => new Promise<void>(() => undefined);
    const root = await mount(r.services);
    await click(nav(root, 2));
    await waitFor(root, '.vlist .row');
    expect(root.querySelectorAll('.vlist .row[data-record]')).toHaveLength(2);
    expect(root.querySelector('.log__empty')).toBeNull();
  });

  it('stops marking rows as waiting once a sync has uploaded them while the log is shown', async () => {
    const r = await rig({ language: 'en' });
    for (const at of ['2026-11-30T08:00:00Z', '2026-11-30T09:00:00Z']) await appendDecision(entry(at), r.db);
    const root = await mount(r.services);
    await click(nav(root, 2));
    await waitFor(root, '.vlist .row');
    await settle();
    const waiting = () => root.querySelectorAll('.vlist .row [aria-label="Waiting to sync"]').length;
    expect(waiting()).toBe(2);
    // What the syncer does: the server's acknowledgement marked, then the log's figures read again (onSynced).
    const outbox = dexieOutbox(r.db);
    await outbox.markSynced((await outbox.pending()).map((x) => x.id));
    await act(() => r.services.models.value?.logbook.refresh());
    await settle();
    expect(root.querySelector('[data-stat=pending]')?.textContent).toBe('0');
    expect(waiting()).toBe(0);
  });
});

describe('settings', () => {
  it('keeps the supervisor PIN only as a hash that checks', async () => {
    const r = await rig({ language: 'en' });
    const root = await mount(r.services);
    await click(nav(root, 3));
    await waitFor(root, 'input[name=pin]');
    await type(root.querySelector('input[name=pin]'), '12');
    await act(() => (root.querySelector('form.inline') as HTMLFormElement).requestSubmit());
    await settle();
    expect(root.querySelector('.inline .form-error')?.textContent).toBe('At least 4 digits');
    await type(root.querySelector('input[name=pin]'), '8642');
    await act(() => (root.querySelector('form.inline') as HTMLFormElement).requestSubmit());
    await settle();
    const stored = r.services.settings.settings.value.supervisorPin;
    expect(stored && JSON.stringify(stored)).not.toContain('8642');
    expect(stored && checkPin('8642', stored)).toBe(true);
    expect(root.querySelector('[data-persistence]')?.textContent).toBe('Kept by the browser (persistent)');
  });

  // Every case of the line itself is in Settings/DecoderLine.test.tsx; here, that it follows the scanner.
  it('names the decoder the scanner runs, and warns when only the JavaScript fallback or none can', async () => {
    const r = await rig({ language: 'en' });
    const root = await mount(r.services);
    await settle();
    await click(nav(root, 3));
    const line = await waitFor(root, '[data-decoder]');
    // The scan screen's decoder reported wasm (the rig's worker stand-in: no BarcodeDetector).
    expect(line.getAttribute('data-decoder')).toBe('wasm');
    expect(line.textContent).toBe('Decoder: ZXing C++ (WebAssembly)');
    expect(line.classList.contains('form-note--warn')).toBe(false);

    await act(() => {
      r.services.decoderReaders.value = {
        native: { available: false, reason: 'BarcodeDetector is not available' },
        wasm: { available: false, reason: 'WebAssembly.instantiate refused by CSP' },
        js: { available: true },
      };
    });
    expect(line.getAttribute('data-decoder')).toBe('js');
    expect(line.textContent).toBe('Decoder: @zxing/library (JavaScript fallback, reads fewer hard codes)');
    expect(line.classList.contains('form-note--warn')).toBe(true);
  });
});
