// The engine as the shell sees it while it loads: a signal that fills once it is there, and a scan that waits.
import { signal, type ReadonlySignal } from '@preact/signals';

/** The one thing the shell asks of the engine before it has loaded. */
export interface Scans {
  checkpoint: { scan(text: string, from: 'camera' | 'gun'): Promise<void> };
}

/** The engine's state from the shell's side. */
export interface DeferredEngine<E extends Scans> {
  /** The engine, null while it loads (and for good if it failed to). */
  engine: ReadonlySignal<E | null>;
  /** Why the engine could not load (its module could not be fetched); null otherwise. */
  failed: ReadonlySignal<string | null>;
  /** Hands a code to the checkpoint now, or as soon as the engine is there: a code scanned early is not lost. */
  scan(text: string, from: 'camera' | 'gun'): void;
}

/** Follows `loading` (the engine's dynamic import and creation) for the shell. */
export function deferEngine<E extends Scans>(loading: Promise<E>): DeferredEngine<E> {
  const engine = signal<E | null>(null);
  const failed = signal<string | null>(null);
  const ready = loading.then(
    (e) => {
      engine.value = e;
      return e;
    },
    (e: unknown) => {
      failed.value = e instanceof Error ? e.message : String(e);
      return null;
    },
  );
  return {
    engine,
    failed,
    scan(text, from) {
      const now = engine.peek();
      if (now) void now.checkpoint.scan(text, from);
      else void ready.then((e) => e?.checkpoint.scan(text, from));
    },
  };
}
