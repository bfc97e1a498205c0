// One venue as its manager sees it: checks per hour, devices, enrolment links and latest reports, and the
// changes a manager makes there (a new link, an expired link, a disabled device).
import { signal, type ReadonlySignal } from '@preact/signals';
import type { DeviceList, Link, EnrolmentList, ReportPage, VenueStats } from '../../core/console-wire.js';
import type { ApiError, ApiResult, ConsoleApi } from '../api.js';
import { remote, type Remote } from './remote.js';

/** How many days back the figures go (besides today). */
export const STATS_DAYS = 14;

/** How many of the venue's latest reports its page lists. */
export const VENUE_REPORTS = 5;

/** The venue page's state. */
export interface VenueModel {
  venueId: ReadonlySignal<string | null>;
  stats: Remote<VenueStats>;
  devices: Remote<DeviceList>;
  enrolments: Remote<EnrolmentList>;
  reports: Remote<ReportPage>;
  /** The enrolment link just made (shown once: the server keeps only its hash). */
  link: ReadonlySignal<Link | null>;
  /** Why the last change failed, or null. */
  changeError: ReadonlySignal<ApiError | null>;
  /** Shows a venue and reads everything about it. */
  choose(venueId: string, signal?: AbortSignal): Promise<void>;
  load(signal?: AbortSignal): Promise<void>;
  createEnrolment(ttlHours: number): Promise<boolean>;
  expireEnrolment(id: string): Promise<boolean>;
  disable(deviceId: string): Promise<boolean>;
  /** The address of the venue's CSV of one day (YYYY-MM-DD). */
  exportUrl(day: string): string;
}

type VenueApi = Pick<
  ConsoleApi,
  | 'stats'
  | 'devices'
  | 'enrolments'
  | 'reports'
  | 'createEnrolment'
  | 'expireEnrolment'
  | 'disableDevice'
  | 'exportUrl'
>;

const none: ApiError = { code: 'not-found', status: 0, message: 'no venue chosen' };

/** The venue model over the console API. */
export function createVenue(api: VenueApi): VenueModel {
  const venueId = signal<string | null>(null);
  const link = signal<Link | null>(null);
  const changeError = signal<ApiError | null>(null);
  const of =
    <T>(read: (id: string, s?: AbortSignal) => Promise<ApiResult<T>>) =>
    (s?: AbortSignal): Promise<ApiResult<T>> =>
      venueId.value ? read(venueId.value, s) : Promise.resolve({ ok: false, error: none });
  const stats = remote(of((id, s) => api.stats(id, STATS_DAYS, s)));
  const devices = remote(of((id, s) => api.devices(id, s)));
  const enrolments = remote(of((id, s) => api.enrolments(id, s)));
  const reports = remote(of((id, s) => api.reports({ venue: id, limit: VENUE_REPORTS }, s)));

  const changed = async <T>(r: ApiResult<T>, reload: Remote<unknown>): Promise<boolean> => {
    changeError.value = r.ok ? null : r.error;
    if (r.ok) await reload.load();
    return r.ok;
  };

  const model: VenueModel = {
    venueId,
    stats,
    devices,
    enrolments,
    reports,
    link,
    changeError,
    async choose(id, s) {
      if (venueId.value !== id) {
        venueId.value = id;
        link.value = null;
        changeError.value = null;
        for (const r of [stats, devices, enrolments, reports]) r.set(null);
      }
      await model.load(s);
    },
    async load(s) {
      await Promise.all([stats.load(s), devices.load(s), enrolments.load(s), reports.load(s)]);
    },
    async createEnrolment(ttlHours) {
      const id = venueId.value;
      if (!id) return false;
      const r = await api.createEnrolment(id, ttlHours);
      link.value = r.ok ? r.value : null;
      return changed(r, enrolments);
    },
    async expireEnrolment(eid) {
      const id = venueId.value;
      return id ? changed(await api.expireEnrolment(id, eid), enrolments) : false;
    },
    async disable(deviceId) {
      return changed(await api.disableDevice(deviceId), devices);
    },
    exportUrl: (day) => (venueId.value ? api.exportUrl(venueId.value, day) : ''),
  };
  return model;
}
