// The venue page's state: choosing a venue reads its figures (14 days), devices, enrolment links and latest
// reports; a new link is kept to show once; expiring a link and disabling a device read the list again; a
// refused change says why.
import { describe, expect, it } from 'vitest';
import { createConsoleApi } from '../../../src/console/api.js';
import { createVenue } from '../../../src/console/models/venue.js';
import { device, fakeApi, MANAGER, report } from '../fake-api.js';

function setUp() {
  const fake = fakeApi({
    me: MANAGER,
    devices: [device('d1'), device('d2')],
    reports: [report('r1', '2026-11-20T08:00:00Z')],
  });
  return { fake, venue: createVenue(createConsoleApi({ fetch: fake.fetch })) };
}

describe('venue model', () => {
  it('reads everything about the venue chosen', async () => {
    const { fake, venue } = setUp();
    await venue.choose('v-mall');
    expect(fake.seen.map((s) => s.path).sort()).toEqual([
      '/reports?venue=v-mall&limit=5',
      '/venues/v-mall/devices',
      '/venues/v-mall/enrolments',
      '/venues/v-mall/stats?days=14',
    ]);
    expect(venue.devices.value.value?.devices).toHaveLength(2);
    expect(venue.reports.value.value?.reports.map((r) => r.id)).toEqual(['r1']);
  });

  it('makes an enrolment link, keeps it to show, and reads the links again', async () => {
    const { venue } = setUp();
    await venue.choose('v-mall');
    expect(await venue.createEnrolment(24)).toBe(true);
    expect(venue.link.value?.link).toMatch(/\/enrol\?token=/);
    expect(venue.enrolments.value.value?.enrolments).toHaveLength(1);
    const [e] = venue.enrolments.value.value!.enrolments;
    expect(await venue.expireEnrolment(e!.id)).toBe(true);
    expect(venue.enrolments.value.value?.enrolments[0]?.expiresAt).toBe('2026-11-20T07:00:00.000Z');
  });

  it('disables a device and shows it disabled', async () => {
    const { venue } = setUp();
    await venue.choose('v-mall');
    expect(await venue.disable('d2')).toBe(true);
    expect(venue.devices.value.value?.devices.map((d) => d.disabled)).toEqual([false, true]);
  });

  it('says why a change was refused and changes nothing', async () => {
    const { fake, venue } = setUp();
    await venue.choose('v-mall');
    fake.state.failures.push({ path: '/devices/', status: 403, body: { error: 'csrf' } });
    expect(await venue.disable('d1')).toBe(false);
    expect(venue.changeError.value?.code).toBe('csrf');
    expect(venue.devices.value.value?.devices[0]?.disabled).toBe(false);
  });

  it('forgets the last venue when another is chosen, and links its export', async () => {
    const { venue } = setUp();
    await venue.choose('v-mall');
    await venue.createEnrolment(1);
    await venue.choose('v-other');
    expect(venue.link.value).toBeNull();
    expect(venue.exportUrl('2026-11-19')).toBe('/api/console/v1/venues/v-other/export?day=2026-11-19');
  });
});
