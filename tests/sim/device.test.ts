// The simulation's devices make their uploads before the clock starts (sim/device.mjs, sim/spool.mjs): what they
// spool must be what the server accepts, a whole chain cut into batches, and read back byte for byte.
import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildIfStale, LIB } from '../../scripts/builds.mjs';
import { checkBatch, openUpload } from '../../src/core/batch.ts';
import { naclEd25519 } from '../../src/core/ed25519.ts';
import { GENESIS, type DecisionRecord } from '../../src/core/log.ts';
import { ROOT } from '../support/cli.ts';

interface Step {
  uploads: { offset: number; ids: number; body: number }[];
  replay: boolean;
  count: number;
}
interface Spool {
  path: string;
  put(ids: string[], body: string): { offset: number; ids: number; body: number };
  get(at: { offset: number; ids: number; body: number }): { ids: string[]; body: Buffer };
  close(): void;
}
interface Device {
  id: string;
  kind: string;
  total: number;
  publicKey: Uint8Array;
  prepare(spool: Spool): Promise<Step[]>;
}

// Records per device: enough for several online batches (20 to 79 records each), one offline catch-up.
const RECORDS = 90;

let SimDevice: new (index: number, link: string, venueId: string, records: number, seed: number) => Device;
let SpoolOf: new (name: string) => Spool;

beforeAll(async () => {
  // sim/ runs on the built core (lib/), as the simulation does.
  if (!buildIfStale(ROOT, LIB, { quiet: true })) throw new Error('lib/ could not be built');
  ({ SimDevice } = (await import('../../sim/device.mjs')) as { SimDevice: typeof SimDevice });
  ({ Spool: SpoolOf } = (await import('../../sim/spool.mjs')) as { Spool: typeof SpoolOf });
}, 120_000);

describe('the spool', () => {
  it('gives back each upload, its ids and its exact bytes, and is removed when closed', () => {
    const spool = new SpoolOf(`test-${Date.now()}`);
    const ids = (c: string) => [c.repeat(36), `${c.repeat(35)}x`];
    const a = spool.put(ids('a'), '{"body":"é"}');
    const b = spool.put(ids('b'), '{"other":1}');
    expect(spool.get(b)).toEqual({ ids: ids('b'), body: Buffer.from('{"other":1}') });
    expect(spool.get(a).body.toString()).toBe('{"body":"é"}');
    expect(() => spool.put(['short'], '{}')).toThrow(/UUID/);
    spool.close();
    expect(existsSync(spool.path)).toBe(false);
  });
});

describe('a simulated device prepares its uploads', () => {
  // Index 0 is an offline device, 1 replays, 2 races two tabs, 3 is online (sim/device.mjs kindOf).
  it.each([
    [0, 'offline'],
    [1, 'replay'],
    [2, 'tabs'],
    [3, 'online'],
  ])(
    'device %i (%s): every record once, in one chain, in uploads the server accepts',
    async (index, kind) => {
      const device = new SimDevice(index, 'http://127.0.0.1/enrol#token=t', 'venue-1', RECORDS, 14);
      expect(device.kind).toBe(kind);
      const spool = new SpoolOf(`test-${Date.now()}-${index}`);
      try {
        const steps = await device.prepare(spool);
        expect(steps.reduce((t, s) => t + s.count, 0)).toBe(RECORDS);
        const chain: DecisionRecord[] = [];
        for (const step of steps) {
          expect(step.replay).toBe(kind === 'replay');
          expect(step.uploads).toHaveLength(kind === 'tabs' && step.count >= 2 ? 2 : 1);
          const batches = [];
          for (const at of step.uploads) {
            const { ids, body } = spool.get(at);
            const opened = await openUpload(JSON.parse(body.toString()), device.publicKey, naclEd25519);
            if (!opened.ok) throw new Error(`openUpload: ${opened.error.kind}`);
            const batch = checkBatch(opened.value);
            if (!batch.ok) throw new Error(`checkBatch: ${batch.error.kind}`);
            expect(batch.value.records.map((r) => r.id)).toEqual(ids);
            batches.push(batch.value.records);
          }
          // The second tab sends the second half of what the first sends.
          if (batches.length === 2) expect(batches[0]!.slice(step.count >> 1)).toEqual(batches[1]);
          chain.push(...batches[0]!);
        }
        expect(chain.map((r) => r.seq)).toEqual(Array.from({ length: RECORDS }, (_, i) => i + 1));
        expect(chain.every((r, i) => r.prevHash === (i === 0 ? GENESIS : chain[i - 1]!.hash))).toBe(true);
        if (kind === 'offline') expect(steps).toHaveLength(1);
      } finally {
        spool.close();
      }
    },
  );
});
