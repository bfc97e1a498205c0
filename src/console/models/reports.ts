// The report queue: newest first, filtered by region, venue, colour and state, kept live by asking the server
// for what changed since the last answer (every few seconds, only while the page is visible), acknowledged
// and closed by the authority.
import { computed, signal, type ReadonlySignal } from '@preact/signals';
import type { Report, ReportColour, ReportState } from '../../core/console-wire.js';
import { pauseWhenHidden, type Stoppable } from '../../scanner/visibility.js';
import type { ApiError, ApiResult, ConsoleApi } from '../api.js';

/** The queue's filters; '' is "any". */
export interface ReportFilters {
  state: ReportState | '';
  venue: string;
  colour: ReportColour | '';
  region: string;
}

/** No filter. */
export const ANY: ReportFilters = { state: '', venue: '', colour: '', region: '' };

/** The report queue as the console reads and changes it. */
export interface ReportsModel {
  filters: ReadonlySignal<ReportFilters>;
  /** The reports that pass the filters, newest first. */
  reports: ReadonlySignal<Report[]>;
  /** Reports that arrived while the queue was open (not in the first answer). */
  arrived: ReadonlySignal<ReadonlySet<string>>;
  /** Whether older reports remain to be loaded. */
  more: ReadonlySignal<boolean>;
  loading: ReadonlySignal<boolean>;
  error: ReadonlySignal<ApiError | null>;
  /** When the server last answered (ms since the epoch), or null. */
  heardAt: ReadonlySignal<number | null>;
  /** Changes some filters and reads the queue again. */
  filter(patch: Partial<ReportFilters>): Promise<void>;
  /** Reads the newest page again. */
  load(signal?: AbortSignal): Promise<void>;
  /** Reads the next older page. */
  loadMore(signal?: AbortSignal): Promise<void>;
  /** Asks what changed since the last answer and merges it in. */
  refresh(signal?: AbortSignal): Promise<void>;
  acknowledge(id: string): Promise<ApiResult<Report>>;
  close(id: string, outcome: string): Promise<ApiResult<Report>>;
  /** Refreshes every `everyMs` while `doc` is visible (at once when it becomes visible), until stopped. */
  live(opts: { everyMs: number; doc: Document; signal?: AbortSignal }): Stoppable;
}

/** How many reports one page holds. */
export const PAGE = 50;

/** Whether a report passes the filters. */
export function passes(r: Report, f: ReportFilters): boolean {
  return (
    (!f.state || r.state === f.state) &&
    (!f.venue || r.venueId === f.venue) &&
    (!f.colour || r.colour === f.colour) &&
    (!f.region || r.region === f.region)
  );
}

/** The queue over the console API; `now` is the clock (tests pass their own). */
export function createReports(
  api: Pick<ConsoleApi, 'reports' | 'reportChanges' | 'acknowledge' | 'close'>,
  now: () => number = Date.now,
): ReportsModel {
  const filters = signal<ReportFilters>(ANY);
  const known = signal<ReadonlyMap<string, Report>>(new Map());
  const arrived = signal<ReadonlySet<string>>(new Set());
  const more = signal(false);
  const loading = signal(false);
  const error = signal<ApiError | null>(null);
  const heardAt = signal<number | null>(null);
  // The page cursor (older reports) and the changes cursor (what is new since) are kept apart.
  let pageCursor = '';
  let changesCursor: string | null = null;
  let generation = 0;

  const merge = (reports: Report[], fresh: boolean) => {
    const next = new Map(known.value);
    const news = new Set(arrived.value);
    for (const r of reports) {
      if (fresh && !next.has(r.id)) news.add(r.id);
      next.set(r.id, r);
    }
    known.value = next;
    if (news.size !== arrived.value.size) arrived.value = news;
  };
  const heard = <T>(r: ApiResult<T>): r is { ok: true; value: T } => {
    if (r.ok) {
      error.value = null;
      heardAt.value = now();
    } else if (r.error.code !== 'aborted') error.value = r.error;
    return r.ok;
  };
  const query = (after?: string) => {
    const f = filters.value;
    return {
      ...(f.state ? { state: f.state } : {}),
      ...(f.venue ? { venue: f.venue } : {}),
      ...(f.colour ? { colour: f.colour } : {}),
      ...(f.region ? { region: f.region } : {}),
      ...(after ? { after } : {}),
      limit: PAGE,
    };
  };

  const model: ReportsModel = {
    filters,
    reports: computed(() =>
      [...known.value.values()]
        .filter((r) => passes(r, filters.value))
        .sort((a, b) => Date.parse(b.at) - Date.parse(a.at) || (a.id < b.id ? 1 : -1)),
    ),
    arrived,
    more,
    loading,
    error,
    heardAt,
    async filter(patch) {
      filters.value = { ...filters.value, ...patch };
      await model.load();
    },
    async load(abort) {
      const mine = ++generation;
      loading.value = true;
      const r = await api.reports(query(), abort);
      if (mine !== generation) return;
      loading.value = false;
      if (!heard(r)) return;
      known.value = new Map();
      arrived.value = new Set();
      merge(r.value.reports, false);
      pageCursor = r.value.cursor;
      changesCursor = r.value.cursor;
      more.value = r.value.reports.length >= PAGE;
    },
    async loadMore(abort) {
      if (!more.value) return;
      const mine = generation;
      const r = await api.reports(query(pageCursor), abort);
      if (mine !== generation || !heard(r)) return;
      merge(r.value.reports, false);
      pageCursor = r.value.cursor;
      more.value = r.value.reports.length >= PAGE;
    },
    async refresh(abort) {
      if (changesCursor === null) return model.load(abort);
      const mine = generation;
      const r = await api.reportChanges(changesCursor, abort);
      if (mine !== generation || !heard(r)) return;
      merge(r.value.reports, true);
      changesCursor = r.value.cursor;
    },
    async acknowledge(id) {
      const r = await api.acknowledge(id);
      if (heard(r)) merge([r.value], false);
      return r;
    },
    async close(id, outcome) {
      const r = await api.close(id, outcome);
      if (heard(r)) merge([r.value], false);
      return r;
    },
    live({ everyMs, doc, signal: stop }) {
      return pauseWhenHidden(
        async (abort) => {
          let timer: ReturnType<typeof setTimeout> | undefined;
          // One request at a time: the next waits for the answer to the last, so a slow server is not piled on.
          const tick = async () => {
            await model.refresh(abort);
            if (!abort.aborted) timer = setTimeout(() => void tick(), everyMs);
          };
          void tick();
          return { stop: () => clearTimeout(timer) };
        },
        { doc, ...(stop ? { signal: stop } : {}) },
      );
    },
  };
  return model;
}
