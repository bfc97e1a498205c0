// A value the console reads from the server: the last answer, why the last read failed, and whether one is on
// its way. The venue's figures, devices and links and the authority's summary are each one of these.
import { signal, type ReadonlySignal } from '@preact/signals';
import type { ApiError, ApiResult } from '../api.js';

/** A value read from the server, kept as signals. */
export interface Remote<T> {
  value: ReadonlySignal<T | null>;
  error: ReadonlySignal<ApiError | null>;
  loading: ReadonlySignal<boolean>;
  /** Reads it again; a read abandoned through `signal` changes nothing. */
  load(signal?: AbortSignal): Promise<void>;
  /** Puts a value in place (after a change the server confirmed), or forgets it (null). */
  set(value: T | null): void;
}

/** A remote value read with `read`. */
export function remote<T>(read: (signal?: AbortSignal) => Promise<ApiResult<T>>): Remote<T> {
  const value = signal<T | null>(null);
  const error = signal<ApiError | null>(null);
  const loading = signal(false);
  let latest = 0;
  return {
    value,
    error,
    loading,
    async load(abort) {
      const mine = ++latest;
      loading.value = true;
      const r = await read(abort);
      // Only the newest read counts: an older answer arriving late must not replace a newer one.
      if (mine !== latest) return;
      loading.value = false;
      if (abort?.aborted) return;
      if (r.ok) {
        value.value = r.value;
        error.value = null;
      } else error.value = r.error;
    },
    set(v) {
      value.value = v;
    },
  };
}
