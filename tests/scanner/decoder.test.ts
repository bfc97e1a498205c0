// The page's decoder client over a stand-in worker: message protocol, transfers, aborts, a dead worker.
import { describe, expect, it } from 'vitest';
import { createDecoder } from '../../src/scanner/decoder.js';
import type { DecodeOutcome, FromWorker, ToWorker } from '../../src/scanner/types.js';

/** Records what the page posts and lets the test answer as the worker would. */
class FakeWorker extends EventTarget {
  posted: Array<{ msg: ToWorker; transfer: Transferable[] }> = [];
  terminated = false;
  postMessage(msg: ToWorker, transfer: Transferable[] = []) {
    this.posted.push({ msg, transfer });
  }
  terminate() {
    this.terminated = true;
  }
  reply(msg: FromWorker) {
    this.dispatchEvent(new MessageEvent('message', { data: msg }));
  }
  last(type: ToWorker['type']): ToWorker {
    const m = this.posted.filter((p) => p.msg.type === type).at(-1);
    if (!m) throw new Error(`nothing of type ${type} posted`);
    return m.msg;
  }
}

function setup(engines?: Array<'native' | 'wasm' | 'js'>, signal?: AbortSignal) {
  const worker = new FakeWorker();
  const decoder = createDecoder({
    worker: worker as unknown as Worker,
    ...(engines ? { engines } : {}),
    signal,
  });
  return { worker, decoder };
}

function frame(): ImageData {
  return { data: new Uint8ClampedArray(16), width: 2, height: 2, colorSpace: 'srgb' } as ImageData;
}

const found: DecodeOutcome = {
  status: 'found',
  text: 'HCQ1:A',
  engine: 'wasm',
  region: 'centre',
  inverted: false,
  ms: 12,
};
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('createDecoder', () => {
  it('configures the worker with the engines chosen, all three by default', () => {
    expect(setup().worker.posted[0]!.msg).toEqual({ type: 'configure', engines: ['native', 'wasm', 'js'] });
    expect(setup(['js']).worker.posted[0]!.msg).toEqual({ type: 'configure', engines: ['js'] });
  });

  it('posts each frame with its options and transfers its pixels instead of copying them', () => {
    const { worker, decoder } = setup();
    const f = frame();
    void decoder.decode(f, { centreFraction: 0.5 });
    const sent = worker.posted.at(-1)!;
    expect(sent.msg).toMatchObject({ type: 'decode', frame: f, opts: { centreFraction: 0.5 } });
    expect(sent.transfer).toEqual([f.data.buffer]);
  });

  it('transfers a VideoFrame or ImageBitmap itself, and closes one it cannot send', async () => {
    const { worker, decoder } = setup();
    let closed = 0;
    const bitmap = { width: 2, height: 2, close: () => void closed++ } as unknown as ImageBitmap;
    void decoder.decode(bitmap);
    expect(worker.posted.at(-1)!.transfer).toEqual([bitmap]);
    const ctl = new AbortController();
    ctl.abort();
    await decoder.decode(bitmap, {}, ctl.signal);
    expect(closed).toBe(1);
  });

  it("resolves with the worker's outcome for that request", async () => {
    const { worker, decoder } = setup();
    const a = decoder.decode(frame());
    const b = decoder.decode(frame());
    const [idA, idB] = worker.posted
      .filter((p) => p.msg.type === 'decode')
      .map((p) => (p.msg as { id: number }).id);
    worker.reply({ type: 'decoded', id: idB!, outcome: { status: 'none', engines: ['wasm'], ms: 3 } });
    worker.reply({ type: 'decoded', id: idA!, outcome: found });
    expect(await a).toEqual(found);
    expect(await b).toEqual({ status: 'none', engines: ['wasm'], ms: 3 });
  });

  it('resolves an aborted request as aborted at once, tells the worker, and drops its late result', async () => {
    const { worker, decoder } = setup();
    const ctl = new AbortController();
    const p = decoder.decode(frame(), {}, ctl.signal);
    const id = (worker.last('decode') as { id: number }).id;
    ctl.abort();
    expect(await p).toEqual({ status: 'aborted' });
    expect(worker.last('cancel')).toEqual({ type: 'cancel', id });
    const next = decoder.decode(frame());
    worker.reply({ type: 'decoded', id, outcome: found });
    await tick();
    const nextId = (worker.last('decode') as { id: number }).id;
    worker.reply({ type: 'decoded', id: nextId, outcome: { status: 'none', engines: ['wasm'], ms: 1 } });
    expect(await next).toMatchObject({ status: 'none' });
  });

  it('does not send a frame whose signal is already aborted', async () => {
    const { worker, decoder } = setup();
    const ctl = new AbortController();
    ctl.abort();
    expect(await decoder.decode(frame(), {}, ctl.signal)).toEqual({ status: 'aborted' });
    expect(worker.posted.some((p) => p.msg.type === 'decode')).toBe(false);
  });

  it('answers "no code" for everything pending, and after, when the worker fails to start', async () => {
    const { worker, decoder } = setup();
    const p = decoder.decode(frame());
    worker.dispatchEvent(new Event('error'));
    expect(await p).toMatchObject({ status: 'none', engines: [] });
    expect(await decoder.decode(frame())).toMatchObject({ status: 'none', engines: [] });
    expect(worker.terminated).toBe(true);
  });

  it('asks the worker which engines can run', async () => {
    const { worker, decoder } = setup();
    const p = decoder.readers();
    const probe = worker.last('probe') as { id: number };
    const engines = {
      native: { available: false as const, reason: 'BarcodeDetector is not available here' },
      wasm: { available: true as const },
      js: { available: true as const },
    };
    worker.reply({ type: 'probed', id: probe.id, engines });
    expect(await p).toEqual(engines);
  });

  it('terminates the worker on close or when its signal aborts', () => {
    const a = setup();
    a.decoder.close();
    expect(a.worker.terminated).toBe(true);
    const ctl = new AbortController();
    const b = setup(undefined, ctl.signal);
    ctl.abort();
    expect(b.worker.terminated).toBe(true);
  });
});
