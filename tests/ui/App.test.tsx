// @vitest-environment happy-dom
// The shell paints before the decision models have loaded: the camera starts at once, a code scanned meanwhile is
// decided as soon as the models are there, the screens that need it wait, and a failed load says so.
import { afterEach, describe, expect, it } from 'vitest';
import { act } from 'preact/test-utils';
import { deferModels } from '../../src/models/deferred.js';
import type { AppServices, ModelServices, ShellServices } from '../../src/ui/context.js';
import { healthCode, rig } from './services.js';
import { click, mount, settle, type, waitFor } from './render.js';

afterEach(() => {
  document.body.innerHTML = '';
});

/** The rig's services with its models behind a promise the test settles. */
function loadingLater(services: AppServices) {
  let resolve: (e: ModelServices) => void = () => undefined;
  let reject: (e: Error) => void = () => undefined;
  const deferred = deferModels(
    new Promise<ModelServices>((res, rej) => {
      resolve = res;
      reject = rej;
    }),
  );
  const { checkpoint, trust, logbook, log } = services;
  const shell: ShellServices = {
    ...services,
    models: deferred.models,
    modelsFailed: deferred.failed,
    scan: deferred.scan,
  };
  return {
    shell,
    load: () => act(() => resolve({ checkpoint, trust, logbook, log })),
    fail: (why: string) => act(() => reject(new Error(why))),
  };
}

const submitPaste = (root: HTMLElement) =>
  act(() => (root.querySelector('.scan__paste') as HTMLFormElement).requestSubmit());

describe('the shell before the models', () => {
  it('starts the camera at once and decides a code scanned meanwhile as soon as the models have loaded', async () => {
    const r = await rig({ language: 'en' });
    const later = loadingLater(r.services);
    const root = await mount(later.shell);
    await settle();
    expect(root.querySelector('.app')?.getAttribute('data-models')).toBe('loading');
    expect(r.cameraStarts).toBe(1);
    expect(root.querySelector('.scan .screen__loading')?.textContent).toBe('Loading the checks…');

    await type(root.querySelector('#paste'), healthCode(r.issuer));
    await submitPaste(root);
    await settle();
    expect(await r.records()).toHaveLength(0);
    expect(root.querySelector('[data-decision]')).toBeNull();

    await later.load();
    // The decision shows once it is logged (a write to the device's database).
    await waitFor(root, '[data-decision]');
    expect(root.querySelector('.app')?.getAttribute('data-models')).toBe('ready');
    expect(await r.records()).toHaveLength(1);
    expect(root.querySelector('[data-decision]')?.getAttribute('data-decision')).toBe('admit');
    // The scan screen stays mounted when the models arrive: the camera is not restarted.
    expect(r.cameraStarts).toBe(1);
    expect(root.querySelector('.trust')?.textContent).toBe('Trust data 1 h old');
  });

  it('shows manual entry, the log and settings only once the models are there', async () => {
    const r = await rig({ language: 'en' });
    const later = loadingLater(r.services);
    const root = await mount(later.shell);
    const nav = root.querySelectorAll('.nav__item');
    for (const i of [1, 2, 3]) {
      await click(nav[i]);
      expect(root.querySelector('.screen .screen__loading')?.textContent).toBe('Loading the checks…');
    }
    await later.load();
    // The settings screen's code is loaded on first open (a separate chunk).
    await waitFor(root, 'select[name=language]');
    expect(root.querySelector('.screen .screen__loading')).toBeNull();
    expect(root.querySelector('select[name=language]')).not.toBeNull();
  });

  it('says the checks could not load, and why, when the models fail; the camera keeps running', async () => {
    const r = await rig({ language: 'en' });
    const later = loadingLater(r.services);
    const root = await mount(later.shell);
    await type(root.querySelector('#paste'), healthCode(r.issuer));
    await submitPaste(root);
    await later.fail('Failed to fetch dynamically imported module');
    await settle();
    const alert = root.querySelector('.scan .screen__loading--failed');
    expect(alert?.getAttribute('role')).toBe('alert');
    expect(alert?.textContent).toBe(
      'The checks could not load (Failed to fetch dynamically imported module). Reload the page.',
    );
    expect(await r.records()).toHaveLength(0);
    expect(root.querySelector('[data-decision]')).toBeNull();
    expect(r.cameraStarts).toBe(1);
  });
});
