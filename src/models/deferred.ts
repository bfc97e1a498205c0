// The models as the shell sees it while it loads: a signal that fills once it is there, and a scan that waits.
import { signal, type ReadonlySignal } from '@preact/signals';

/** The one thing the shell asks of the models before it has loaded. */
export interface Scans {
  checkpoint: { scan(text: string, from: 'camera' | 'gun', cut?: boolean): Promise<void> };
}

/** The models' state from the shell's side. */
export interface DeferredModels<E extends Scans> {
  /** The models, null while it loads (and for good if it failed to). */
  models: ReadonlySignal<E | null>;
  /** Why the models could not load (its module could not be fetched); null otherwise. */
  failed: ReadonlySignal<string | null>;
  /** Hands a code to the checkpoint now, or as soon as the models are there: a code scanned early is not lost. */
  scan(text: string, from: 'camera' | 'gun', cut?: boolean): void;
}

/** Follows `loading` (the models' dynamic import and creation) for the shell. */
export function deferModels<E extends Scans>(loading: Promise<E>): DeferredModels<E> {
  const models = signal<E | null>(null);
  const failed = signal<string | null>(null);
  const ready = loading.then(
    (e) => {
      models.value = e;
      return e;
    },
    (e: unknown) => {
      failed.value = e instanceof Error ? e.message : String(e);
      return null;
    },
  );
  return {
    models,
    failed,
    scan(text, from, cut = false) {
      const now = models.peek();
      if (now) void now.checkpoint.scan(text, from, cut);
      else void ready.then((e) => e?.checkpoint.scan(text, from, cut));
    },
  };
}
