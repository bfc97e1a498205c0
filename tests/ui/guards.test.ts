// @vitest-environment happy-dom
// Settings locked behind the supervisor PIN (issue 11 items 1 and 2): decision settings and trust files wait for
// the PIN, changing the PIN takes the current one, and an enrolled device shows its venue read-only and takes
// only signed bundle files. Who is on shift is asked for on the scan screen and shown on each decision.
import { afterEach, describe, expect, it } from 'vitest';
import { act } from 'preact/test-utils';
import { hashPin } from '../../src/models/pin.js';
import { healthCode, rig } from './services.js';
import { click, mount, settle, type, waitFor } from './render.js';

const nav = (root: HTMLElement, i: number) => root.querySelectorAll('.nav__item')[i];
const submit = (root: HTMLElement) =>
  act(() => (root.querySelector('.supervisor form') as HTMLFormElement).requestSubmit());

afterEach(() => {
  document.body.innerHTML = '';
});

async function settings(pin = '2468', over = {}) {
  const r = await rig({ language: 'en', category: 'office', supervisorPin: hashPin(pin), ...over });
  const root = await mount(r.services);
  await click(nav(root, 3));
  await waitFor(root, '.supervisor');
  return { r, root };
}

const disabled = (root: HTMLElement, selector: string) =>
  (root.querySelector(selector) as HTMLInputElement | HTMLSelectElement | null)?.disabled;

describe('settings that change decisions', () => {
  it('are shown locked until the supervisor PIN unlocks them', async () => {
    const { root } = await settings();
    for (const s of [
      'select[name=category]',
      'select[name=policy]',
      'input[name=temperatureEntry]',
      'input[name=keys]',
    ])
      expect([s, disabled(root, s)]).toEqual([s, true]);
    // What is not about decisions stays open.
    for (const s of ['select[name=language]', 'input[name=sound]', 'input[name=staff]'])
      expect([s, disabled(root, s)]).toEqual([s, false]);
  });

  it('stay locked with a wrong PIN, which is said', async () => {
    const { root } = await settings();
    await type(root.querySelector('.supervisor input[name=pin]'), '1111');
    await submit(root);
    await settle();
    expect(root.querySelector('.supervisor .form-error')?.textContent).toBe('Wrong PIN');
    expect(disabled(root, 'select[name=category]')).toBe(true);
  });

  it('change once unlocked, and lock again', async () => {
    const { r, root } = await settings();
    await type(root.querySelector('.supervisor input[name=pin]'), '2468');
    await submit(root);
    await settle();
    expect(root.querySelector('.supervisor')?.getAttribute('data-unlocked')).toBe('true');
    await type(root.querySelector('select[name=category]'), 'museum');
    expect(r.services.settings.settings.value.category).toBe('museum');
    await click(root.querySelector('.supervisor button[name=lock]'));
    expect(disabled(root, 'select[name=category]')).toBe(true);
  });

  it('change the PIN only with the current one: the one that unlocked Settings', async () => {
    const { r, root } = await settings();
    expect(root.querySelector('input[name=newPin]')).toBeNull();
    await type(root.querySelector('.supervisor input[name=pin]'), '2468');
    await submit(root);
    await settle();
    await type(root.querySelector('.supervisor input[name=newPin]'), '1357');
    await submit(root);
    await settle();
    expect(root.querySelector('.supervisor [role=status]')?.textContent).toBe('The PIN is changed.');
    expect(r.services.settings.checkSupervisor('1357').ok).toBe(true);
    expect(r.services.settings.checkSupervisor('2468').ok).toBe(false);
  });
});

describe('an enrolled device', () => {
  it('shows the venue the server set, read-only, and takes only signed bundle files', async () => {
    const r = await rig({ language: 'en', category: 'medical', supervisorPin: hashPin('2468') });
    const snap = r.services.trust.snapshot.value!;
    await r.services.trust.replace({
      ...snap,
      source: 'bundle',
      version: 3,
      venue: { id: 'v1', name: 'Museum', category: 'museum', policy: 'yunnan-2020', settings: {} },
    });
    const root = await mount(r.services);
    await click(nav(root, 3));
    await waitFor(root, '.venue-fixed');
    expect(root.querySelector('select[name=category]')).toBeNull();
    expect(root.querySelector('[data-category]')?.getAttribute('data-category')).toBe('museum');
    expect(root.querySelector('[data-policy]')?.getAttribute('data-policy')).toBe('yunnan-2020');
    expect(
      [...root.querySelectorAll('.trust-files input[type=file]')].map((i) => i.getAttribute('name')),
    ).toEqual(['bundle']);
    expect(disabled(root, 'input[name=bundle]')).toBe(false);
  });
});

describe('who is on shift', () => {
  it('is asked for on the scan screen, written on the decision and shown in its small print', async () => {
    const r = await rig({ language: 'en', category: 'office' });
    const root = await mount(r.services);
    await settle();
    expect(root.querySelector('.shift--ask label')?.textContent).toBe('Who is on shift?');
    await type(root.querySelector('.shift--ask input'), ' 李工 017 ');
    await act(() => (root.querySelector('.shift--ask') as HTMLFormElement).requestSubmit());
    await settle();
    expect(root.querySelector('.shift')?.getAttribute('data-staff')).toBe('李工 017');
    await act(() => r.services.checkpoint.scan(healthCode(r.issuer)));
    await waitFor(root, '[data-decision]');
    expect(root.querySelector('.result__staff')?.textContent).toBe('Checked by 李工 017');
    expect((await r.records())[0]?.staff).toBe('李工 017');
  });
});

describe('a misread', () => {
  it('asks to read the code again over the scan screen: no decision screen, nothing red', async () => {
    const r = await rig({ language: 'en', category: 'office' });
    const root = await mount(r.services);
    await act(() => r.services.checkpoint.scan(healthCode(r.issuer).slice(0, 90), 'gun'));
    await waitFor(root, '[data-notice=misread]');
    expect(root.querySelector('[data-notice=misread] strong')?.textContent).toBe('Read again');
    expect(root.querySelector('[data-decision]')).toBeNull();
    expect((await r.records()).map((x) => x.result)).toEqual(['misread']);
    await click(root.querySelector('[data-notice] button'));
    expect(root.querySelector('[data-notice]')).toBeNull();
  });
});
