// The checkpoint's guards (issue 11 items 2–4): who was on shift is on every record, the venue of an enrolled
// device is the signed bundle's, a clock set back decides nothing, and a cut read is read again, not refused.
import { describe, expect, it } from 'vitest';
import { signal } from '@preact/signals';
import { naclEd25519 } from '../../src/core/ed25519.js';
import { newIssuerKey } from '../../src/core/issuer.js';
import type { DecisionEntry } from '../../src/core/log.js';
import { ok } from '../../src/core/result.js';
import { createCheckpoint } from '../../src/models/checkpoint.js';
import { createClockGuard } from '../../src/models/clock-guard.js';
import { hashPin } from '../../src/models/pin.js';
import { createTrustModel } from '../../src/models/trust.js';
import type { TrustSnapshot } from '../../src/store/db.js';
import { DEFAULT_SETTINGS, type Settings } from '../../src/store/settings.js';
import { signedCode } from '../support/codes.js';
import { storedRecord } from '../support/entries.js';

const NOW = Date.UTC(2021, 11, 1, 8);
const nowS = NOW / 1000;
const issuer = newIssuerKey('CN-YN', nowS - 86400 * 365);
// A Yunnan green code stays valid 14 days from its colour's start (002 §4(1)): this one turned a day ago.
const code = (colour: 'green' | 'red' = 'green') =>
  signedCode(issuer, { iat: nowS - 120, colour, colourSince: nowS - 86400 }, nowS);

async function setup(
  opts: { settings?: Partial<Settings>; trust?: Partial<TrustSnapshot>; floor?: number } = {},
) {
  const logged: DecisionEntry[] = [];
  const clock = { now: NOW };
  const settings = signal<Settings>({
    ...DEFAULT_SETTINGS,
    policy: 'yunnan-2020',
    category: 'office',
    supervisorPin: hashPin('2468'),
    ...opts.settings,
  });
  const trust = createTrustModel(null, async () => undefined);
  await trust.replace({
    keys: [issuer.key],
    revocations: [],
    authorityKey: null,
    updatedAt: NOW - 3600_000,
    source: 'file',
    version: null,
    maxOfflineSeconds: null,
    ...opts.trust,
  });
  const guard = createClockGuard({
    initial: opts.floor ?? 0,
    signedTime: () => (trust.snapshot.value?.source === 'bundle' ? trust.snapshot.value.updatedAt : 0),
    save: async () => undefined,
  });
  const model = createCheckpoint({
    settings,
    trust,
    clock: guard,
    ed25519: naclEd25519,
    now: () => clock.now,
    feedback: () => undefined,
    append: async (entry) => {
      logged.push(entry);
      return ok(storedRecord(entry, `r${logged.length}`, logged.length));
    },
  });
  return { model, logged, settings, clock };
}

describe('who decided', () => {
  it('writes the staff member on shift on each record and each override, and shows it', async () => {
    const { model, logged, settings } = await setup({ settings: { staff: '王工 017' } });
    await model.scan(code('red'));
    expect(model.current.value?.entry.staff).toBe('王工 017');
    settings.value = { ...settings.value, staff: 'supervisor 2' };
    expect((await model.override('admit', 'paper test seen', '2468')).ok).toBe(true);
    expect(logged.map((e) => e.staff)).toEqual(['王工 017', 'supervisor 2']);
  });

  it('leaves the field out while nobody has said who is on shift', async () => {
    const { model, logged } = await setup();
    await model.scan(code());
    expect('staff' in logged[0]!).toBe(false);
  });
});

describe('the venue of an enrolled device', () => {
  const bundle: Partial<TrustSnapshot> = {
    source: 'bundle',
    version: 4,
    updatedAt: NOW - 60_000,
    venue: { id: 'server-venue', name: 'Office', category: 'office', policy: 'yunnan-2020', settings: {} },
  };

  // 012 (Yunnan): a red code is refused everywhere except at medical venues, where it is sent to the fever clinic.
  it('is the signed bundle’s, whatever Settings say: a "medical" Settings category does not admit red', async () => {
    const { model, logged } = await setup({
      trust: bundle,
      settings: { category: 'medical', venueId: 'local' },
    });
    await model.scan(code('red'));
    expect(model.current.value?.decision).toBe('deny');
    expect(logged[0]).toMatchObject({ venueId: 'server-venue', policy: 'yunnan-2020' });
  });
});

describe('a clock set back', () => {
  it('decides nothing and says so when the clock is more than 5 minutes behind the last signed bundle', async () => {
    const { model, logged } = await setup({
      trust: { source: 'bundle', version: 2, updatedAt: NOW + 3600_000 },
    });
    await model.scan(code());
    expect(model.current.value).toBeNull();
    expect(logged).toEqual([]);
    expect(model.notice.value).toMatchObject({
      kind: 'clock-behind',
      floorMs: NOW + 3600_000,
      behindMs: 3600_000,
    });
  });

  it('decides nothing once the clock goes back behind the last decision', async () => {
    const { model, logged, clock } = await setup();
    await model.scan(code());
    model.dismiss();
    clock.now = NOW - 86_400_000;
    await model.scan(code('red'));
    expect(logged).toHaveLength(1);
    expect(model.notice.value?.kind).toBe('clock-behind');
    expect(await model.override('admit', 'x', '2468')).toEqual({ ok: false, error: 'nothing-to-override' });
  });

  it('refuses an override while the clock is behind', async () => {
    const { model, clock } = await setup();
    await model.scan(code('red'));
    clock.now = NOW - 3600_000;
    expect(await model.override('admit', 'paper test', '2468')).toEqual({ ok: false, error: 'clock-behind' });
  });

  it('decides again once the clock is right', async () => {
    const { model, logged, clock } = await setup({ floor: NOW + 3600_000 });
    await model.scan(code());
    expect(logged).toEqual([]);
    clock.now = NOW + 3600_000;
    await model.scan(code('red'));
    expect(model.notice.value).toBeNull();
    expect(model.current.value?.decision).toBe('deny');
  });
});

describe('a cut read', () => {
  it.each<[string, string, 'camera' | 'gun', boolean]>([
    ['the beginning of a code (the gun lost its end)', code().slice(0, 120), 'gun', false],
    ['the end of a code typed without its beginning', code().slice(40), 'gun', false],
    ['a code the gun stalled in, with keys lost', code().slice(0, 60) + code().slice(63), 'gun', true],
  ])('is read again, logged as a misread, not refused: %s', async (_, text, from, cut) => {
    const { model, logged } = await setup({ settings: { staff: '017' } });
    await model.scan(text, from, cut);
    expect(model.current.value).toBeNull();
    expect(model.notice.value?.kind).toBe('misread');
    expect(logged).toEqual([expect.objectContaining({ result: 'misread', colour: null, staff: '017' })]);
  });

  it('decides a whole code the gun stalled in, and clears the notice', async () => {
    const { model } = await setup();
    await model.scan(code().slice(0, 100), 'gun');
    expect(model.notice.value?.kind).toBe('misread');
    await model.scan(code(), 'gun', true);
    expect(model.notice.value).toBeNull();
    // Decided about the person (verified, not a misread); Yunnan then waits for the temperature (000 §7(2)3).
    expect(model.current.value).toMatchObject({
      entry: { result: 'ok', colour: 'green' },
      awaitingTemperature: true,
    });
  });

  it('still refuses a whole code the device cannot trust (typed by the gun, not cut)', async () => {
    const { model } = await setup();
    await model.scan(signedCode(newIssuerKey('CN-YN', nowS - 86400), {}, nowS), 'gun');
    expect(model.current.value).toMatchObject({ decision: 'deny', entry: { result: 'unknown-key' } });
    expect(model.notice.value).toBeNull();
  });
});
