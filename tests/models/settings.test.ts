// The settings model (issue 11 item 2): anyone may change how the device looks and sounds and who is on shift;
// what changes decisions (venue category, policy, temperature entry) and the PIN itself need the supervisor PIN.
import { describe, expect, it } from 'vitest';
import { checkPin, hashPin } from '../../src/models/pin.js';
import { createSettingsModel } from '../../src/models/settings.js';
import { DEFAULT_SETTINGS, type Settings } from '../../src/store/settings.js';

function model(over: Partial<Settings> = {}) {
  const saved: Settings[] = [];
  const m = createSettingsModel({ ...DEFAULT_SETTINGS, ...over }, async (s) => void saved.push(s));
  return { m, saved };
}

const withPin = () => model({ supervisorPin: hashPin('2468'), category: 'office' });

describe('settings model', () => {
  it('changes and saves what anyone may change: language, sound, who is on shift…', async () => {
    const { m, saved } = model();
    await m.update({ language: 'en', sound: false, staff: '017' });
    expect(m.settings.value).toMatchObject({ language: 'en', sound: false, staff: '017' });
    expect(saved.at(-1)).toEqual(m.settings.value);
  });

  it('leaves decision settings alone when they come through the open door (a patch built at run time)', async () => {
    const { m } = withPin();
    const sneaky = { category: 'medical', policy: 'yunnan-2020', supervisorPin: null, language: 'en' };
    await m.update(sneaky as Parameters<typeof m.update>[0]);
    expect(m.settings.value).toMatchObject({ category: 'office', policy: 'zhejiang-2020', language: 'en' });
    expect(m.settings.value.supervisorPin).not.toBeNull();
  });

  it.each([
    ['a wrong PIN', '1111', 'bad-pin'],
    ['no PIN', '', 'bad-pin'],
  ])(
    'refuses the venue category with %s (a venue set to "medical" admits red in Yunnan)',
    async (_, pin, error) => {
      const { m, saved } = withPin();
      expect(await m.updateGuarded({ category: 'medical' }, pin)).toEqual({ ok: false, error });
      expect(m.settings.value.category).toBe('office');
      expect(saved).toEqual([]);
    },
  );

  it('refuses decision settings on a device where no PIN was ever set', async () => {
    const { m } = model();
    expect(await m.updateGuarded({ temperatureEntry: true }, '')).toEqual({ ok: false, error: 'no-pin-set' });
  });

  it('changes category, policy and temperature entry with the supervisor PIN', async () => {
    const { m } = withPin();
    const r = await m.updateGuarded(
      { category: 'museum', policy: 'yunnan-2020', temperatureEntry: true },
      '2468',
    );
    expect(r.ok).toBe(true);
    expect(m.settings.value).toMatchObject({
      category: 'museum',
      policy: 'yunnan-2020',
      temperatureEntry: true,
    });
  });

  it('sets the first PIN without an old one, and only as a hash', async () => {
    const { m } = model();
    expect(await m.setPin('8642', '')).toEqual({ ok: true, value: undefined });
    const stored = m.settings.value.supervisorPin;
    expect(JSON.stringify(stored)).not.toContain('8642');
    expect(stored && checkPin('8642', stored)).toBe(true);
  });

  it.each([
    ['without the old PIN', '', '1357', 'bad-pin'],
    ['with a wrong old PIN', '1111', '1357', 'bad-pin'],
    ['to a PIN that is not 4 to 8 digits', '2468', '12a4', 'pin-format'],
  ])('refuses to change the PIN %s', async (_, current, next, error) => {
    const { m } = withPin();
    expect(await m.setPin(next, current)).toEqual({ ok: false, error });
    expect(m.checkSupervisor('2468').ok).toBe(true);
  });

  it('changes the PIN with the old one', async () => {
    const { m } = withPin();
    expect((await m.setPin('1357', '2468')).ok).toBe(true);
    expect(m.checkSupervisor('1357').ok).toBe(true);
    expect(m.checkSupervisor('2468')).toEqual({ ok: false, error: 'bad-pin' });
  });

  it('takes the venue from the server: id, name, category and policy, nothing else', async () => {
    const { m } = withPin();
    const patch = {
      venueId: 'v9',
      venueName: 'Museum',
      category: 'museum',
      policy: 'yunnan-2020',
      staff: 'x',
    };
    await m.fromServer(patch);
    expect(m.settings.value).toMatchObject({
      venueId: 'v9',
      venueName: 'Museum',
      category: 'museum',
      staff: '',
    });
  });
});
