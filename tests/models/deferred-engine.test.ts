// The engine from the shell's side: empty while it loads, every code handed over once, a failure kept.
import { describe, expect, it } from 'vitest';
import { deferEngine, type Scans } from '../../src/models/deferred-engine.js';

function engine() {
  const scanned: [string, string][] = [];
  const e: Scans = {
    checkpoint: {
      scan: async (text, from) => {
        scanned.push([text, from]);
      },
    },
  };
  return { e, scanned };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('deferEngine', () => {
  it('holds codes scanned while the engine loads and hands each over, in order, once it has', async () => {
    const { e, scanned } = engine();
    let resolve: (e: Scans) => void = () => undefined;
    const d = deferEngine(new Promise<Scans>((r) => (resolve = r)));
    d.scan('HCQ1:A', 'camera');
    d.scan('HCQ1:B', 'gun');
    await tick();
    expect(d.engine.value).toBeNull();
    expect(scanned).toEqual([]);
    resolve(e);
    await tick();
    expect(d.engine.value).toBe(e);
    expect(scanned).toEqual([
      ['HCQ1:A', 'camera'],
      ['HCQ1:B', 'gun'],
    ]);
  });

  it('hands a code over at once when the engine is there', async () => {
    const { e, scanned } = engine();
    const d = deferEngine(Promise.resolve(e));
    await tick();
    d.scan('HCQ1:C', 'gun');
    expect(scanned).toEqual([['HCQ1:C', 'gun']]);
    expect(d.failed.value).toBeNull();
  });

  it('keeps why the engine failed to load, and a scan then neither throws nor rejects', async () => {
    const d = deferEngine<Scans>(Promise.reject(new Error('Failed to fetch dynamically imported module')));
    d.scan('HCQ1:D', 'camera');
    await tick();
    expect(d.engine.value).toBeNull();
    expect(d.failed.value).toBe('Failed to fetch dynamically imported module');
  });
});
