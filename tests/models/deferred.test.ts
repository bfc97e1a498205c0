// The models from the shell's side: empty while it loads, every code handed over once, a failure kept.
import { describe, expect, it } from 'vitest';
import { deferModels, type Scans } from '../../src/models/deferred.js';

function models() {
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

describe('deferModels', () => {
  it('holds codes scanned while the models load and hands each over, in order, once it has', async () => {
    const { e, scanned } = models();
    let resolve: (e: Scans) => void = () => undefined;
    const d = deferModels(new Promise<Scans>((r) => (resolve = r)));
    d.scan('HCQ1:A', 'camera');
    d.scan('HCQ1:B', 'gun');
    await tick();
    expect(d.models.value).toBeNull();
    expect(scanned).toEqual([]);
    resolve(e);
    await tick();
    expect(d.models.value).toBe(e);
    expect(scanned).toEqual([
      ['HCQ1:A', 'camera'],
      ['HCQ1:B', 'gun'],
    ]);
  });

  it('hands a code over at once when the models are there', async () => {
    const { e, scanned } = models();
    const d = deferModels(Promise.resolve(e));
    await tick();
    d.scan('HCQ1:C', 'gun');
    expect(scanned).toEqual([['HCQ1:C', 'gun']]);
    expect(d.failed.value).toBeNull();
  });

  it('keeps why the models failed to load, and a scan then neither throws nor rejects', async () => {
    const d = deferModels<Scans>(Promise.reject(new Error('Failed to fetch dynamically imported module')));
    d.scan('HCQ1:D', 'camera');
    await tick();
    expect(d.models.value).toBeNull();
    expect(d.failed.value).toBe('Failed to fetch dynamically imported module');
  });
});
