// Enrolment: one-time tokens, refused by name when used, expired or unknown; one winner of a race.
import { describe, expect, it } from 'vitest';
import { deviceKey, BACKENDS, suiteDb } from '../../support/server.js';

describe.each(BACKENDS)('devices on $name', ({ make }) => {
  const t = suiteDb(make);

  it('enrols with a token once; a used, expired or unknown token is refused by name', async () => {
    const venue = await t.db.venues.add({
      name: 'School',
      category: 'school',
      policy: 'zhejiang-2020',
      settings: { gate: true },
    });
    expect(await t.db.venues.get(venue.id)).toMatchObject({ name: 'School', settings: { gate: true } });
    const { token } = await t.db.devices.createEnrolToken(venue.id, 60_000);
    const key = deviceKey();
    const a = await t.db.devices.enrol({
      token,
      deviceId: 'device-a-0001',
      publicKey: key.publicKey,
      label: 'door 1',
    });
    expect(a.ok && a.value.venueId).toBe(venue.id);
    const again = await t.db.devices.enrol({
      token,
      deviceId: 'device-b-0001',
      publicKey: key.publicKey,
      label: null,
    });
    expect(again).toEqual({ ok: false, error: 'token-used' });
    const short = await t.db.devices.createEnrolToken(venue.id, 1, Date.now() - 10);
    expect(
      await t.db.devices.enrol({
        token: short.token,
        deviceId: 'device-c-0001',
        publicKey: key.publicKey,
        label: null,
      }),
    ).toEqual({
      ok: false,
      error: 'token-expired',
    });
    expect(
      await t.db.devices.enrol({
        token: 'nope-nope-nope',
        deviceId: 'device-d-0001',
        publicKey: key.publicKey,
        label: null,
      }),
    ).toEqual({
      ok: false,
      error: 'token-unknown',
    });
    const fresh = await t.db.devices.createEnrolToken(venue.id, 60_000);
    expect(
      await t.db.devices.enrol({
        token: fresh.token,
        deviceId: 'device-a-0001',
        publicKey: key.publicKey,
        label: null,
      }),
    ).toEqual({
      ok: false,
      error: 'device-exists',
    });
  });

  it('lets only one of two phones racing with the same link enrol', async () => {
    const venue = await t.db.venues.add({
      name: 'Race',
      category: 'mall',
      policy: 'zhejiang-2020',
      settings: {},
    });
    const { token } = await t.db.devices.createEnrolToken(venue.id, 60_000);
    // PostgreSQL: two servers on one database. SQLite (one writer per file): two requests in one server.
    const other = t.backend.name === 'postgres' ? await t.backend.open() : t.db;
    const results = await Promise.all([
      t.db.devices.enrol({ token, deviceId: 'race-device-1', publicKey: deviceKey().publicKey, label: null }),
      other.devices.enrol({
        token,
        deviceId: 'race-device-2',
        publicKey: deviceKey().publicKey,
        label: null,
      }),
    ]);
    if (other !== t.db) await other.close();
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.error)).toEqual(['token-used']);
  });
});
