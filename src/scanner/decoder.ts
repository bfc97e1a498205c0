// The page's side of the decoding worker: one typed `decode` call per frame, each with its own AbortSignal.
import {
  ALL_READERS,
  type DecodeOptions,
  type DecodeOutcome,
  type Reader,
  type ReaderStatus,
  type Frame,
  isClosable,
  type FromWorker,
  type ToWorker,
} from './types.js';

/** A handle on the decoding worker. */
export interface Decoder {
  /**
   * Decodes one frame. The frame is transferred to the worker (a VideoFrame or ImageBitmap is closed
   * there; an ImageData's buffer is detached). Resolves with `{status: 'aborted'}` as soon as `signal`
   * aborts, and never with that request's late result. Never rejects.
   */
  decode(frame: Frame, opts?: DecodeOptions, signal?: AbortSignal): Promise<DecodeOutcome>;
  /** Which of the selected engines can run in this browser (loads the wasm if it is selected). */
  readers(): Promise<Record<Reader, ReaderStatus>>;
  /** Terminates the worker; later calls resolve as "none". */
  close(): void;
}

/** Options for `createDecoder`. */
export interface DecoderOptions {
  /** Engines to use, in order of preference (default all: native, wasm, then js where wasm cannot run). */
  engines?: Reader[];
  /** Stops the worker when aborted. */
  signal?: AbortSignal;
  /** A worker to talk to instead of the bundled one (tests). */
  worker?: Worker;
}

type Pending = { resolve: (outcome: DecodeOutcome) => void; start: number };
type ProbePending = (engines: Record<Reader, ReaderStatus>) => void;

/** Starts the decoding worker with the chosen engines. */
export function createDecoder(options: DecoderOptions = {}): Decoder {
  const worker =
    options.worker ??
    new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'qr-decoder' });
  const pending = new Map<number, Pending>();
  const probes = new Map<number, ProbePending>();
  let nextId = 1;
  let closed = false;

  const send = (msg: ToWorker, transfer: Transferable[] = []) => worker.postMessage(msg, transfer);
  const none = (start: number): DecodeOutcome => ({
    status: 'none',
    engines: [],
    ms: performance.now() - start,
  });
  const unavailable = (reason: string): Record<Reader, ReaderStatus> => ({
    native: { available: false, reason },
    wasm: { available: false, reason },
    js: { available: false, reason },
  });

  const close = () => {
    if (closed) return;
    closed = true;
    worker.terminate();
    for (const p of pending.values()) p.resolve(none(p.start));
    pending.clear();
    for (const p of probes.values()) p(unavailable('the decoder is closed'));
    probes.clear();
  };

  worker.addEventListener('message', (event: MessageEvent<FromWorker>) => {
    const msg = event.data;
    if (msg.type === 'decoded') {
      // An id no longer pending was aborted: its late result is dropped here.
      pending.get(msg.id)?.resolve(msg.outcome);
      pending.delete(msg.id);
    } else {
      probes.get(msg.id)?.(msg.engines);
      probes.delete(msg.id);
    }
  });
  // A worker that cannot start (script failed to load) would otherwise leave every request hanging.
  worker.addEventListener('error', close);
  options.signal?.addEventListener('abort', close, { once: true });

  send({
    type: 'configure',
    engines: (options.engines ?? [...ALL_READERS]).filter((e) => ALL_READERS.includes(e)),
  });

  return {
    decode(frame, opts = {}, signal) {
      const start = performance.now();
      if (closed || signal?.aborted) {
        if (isClosable(frame)) frame.close();
        return Promise.resolve(closed ? none(start) : { status: 'aborted' });
      }
      const id = nextId++;
      return new Promise<DecodeOutcome>((resolve) => {
        const onAbort = () => {
          if (!pending.has(id)) return;
          pending.delete(id);
          send({ type: 'cancel', id });
          resolve({ status: 'aborted' });
        };
        pending.set(id, {
          start,
          resolve: (outcome) => {
            signal?.removeEventListener('abort', onAbort);
            resolve(outcome);
          },
        });
        signal?.addEventListener('abort', onAbort, { once: true });
        try {
          send({ type: 'decode', id, frame, opts }, [isClosable(frame) ? frame : frame.data.buffer]);
        } catch {
          // postMessage throws when the frame was already transferred or closed: no code in it.
          if (isClosable(frame)) frame.close();
          pending.get(id)?.resolve(none(start));
          pending.delete(id);
        }
      });
    },
    readers() {
      if (closed) return Promise.resolve(unavailable('the decoder is closed'));
      const id = nextId++;
      return new Promise((resolve) => {
        probes.set(id, resolve);
        send({ type: 'probe', id });
      });
    },
    close,
  };
}
