// The bench page: decoding, verification and log writes measured in Chromium, driven by bench/browser/run.mjs.
// Checkpoint's code is imported from src/ exactly as the app uses it; each contender is used as its README shows.
import * as noble from '@noble/ed25519';
import { sha512 } from '@noble/hashes/sha2.js';
import {
  BinaryBitmap,
  DecodeHintType,
  HybridBinarizer,
  QRCodeReader,
  RGBLuminanceSource,
} from '@zxing/library';
import Dexie from 'dexie';
import jsQR from 'jsqr';
import nacl from 'tweetnacl';
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import { fromBase64 } from '../../../src/core/bytes.js';
import { bestEd25519 } from '../../../src/core/ed25519.js';
import { parseHcq1Text, toBeSigned } from '../../../src/core/hcq1/cose.js';
import { verifyHcq1 } from '../../../src/core/hcq1/verify.js';
import type { DecisionEntry } from '../../../src/core/log.js';
import { TrustSet, type IssuerKey } from '../../../src/core/trust.js';
import { createDecoder } from '../../../src/scanner/decoder.js';
import { CheckpointDb } from '../../../src/store/db.js';
import { appendDecision } from '../../../src/store/log.js';

/** A frame of the set, as bench/common/frames.mjs lists it. */
interface FrameSpec {
  name: string;
  set: string;
  file: string;
  w: number;
  h: number;
}

/** One contender's timings and successes on one frame. */
interface FrameRun {
  frame: string;
  ms: number[];
  found: number;
  /** Checkpoint only: ms spent in decodePixels, and which engine/region found the code. */
  workerMs?: number[];
  regions?: Record<string, number>;
}

/** An issuer key as JSON (public key in Base64). */
type KeyJson = Omit<IssuerKey, 'publicKey'> & { publicKey: string };

type Decode = (img: ImageData) => Promise<string | null>;

// @noble/ed25519's synchronous verify needs a SHA-512; this is how its README says to provide one.
noble.hashes.sha512 = sha512;

async function loadFrame(url: string): Promise<ImageData> {
  const blob = await (await fetch(url)).blob();
  const bitmap = await createImageBitmap(blob);
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('no 2d context');
  ctx.drawImage(bitmap, 0, 0);
  bitmap.close();
  return ctx.getImageData(0, 0, canvas.width, canvas.height);
}

/** Checkpoint as the app runs it: the scanner's worker, sent an ImageBitmap as the scan loop sends one. */
async function checkpointDecoder(): Promise<{ decode: Decode; engines: string }> {
  const decoder = createDecoder();
  const status = await decoder.readers();
  const engines = Object.entries(status)
    .map(([e, s]) => `${e}: ${s.available ? 'yes' : s.reason}`)
    .join('; ');
  return {
    engines,
    decode: async (img) => {
      // The scan loop's createImageBitmap(video) happens off the main thread, so it is not part of the timing.
      const bitmap = await createImageBitmap(img);
      const start = performance.now();
      const out = await decoder.decode(bitmap);
      lastMs = performance.now() - start;
      lastWorkerMs = out.status === 'aborted' ? 0 : out.ms;
      lastRegion = out.status === 'found' ? `${out.engine}/${out.region}` : 'none';
      return out.status === 'found' ? out.text : null;
    },
  };
}

// What the last Checkpoint decode reported: round trip, time inside the worker, and where it found the code.
let lastMs = 0;
let lastWorkerMs = 0;
let lastRegion = '';

function greys(img: ImageData): Uint8ClampedArray {
  const n = img.width * img.height;
  const out = new Uint8ClampedArray(n);
  const d = img.data;
  for (let i = 0, p = 0; i < n; i++, p += 4) out[i] = (d[p]! * 77 + d[p + 1]! * 150 + d[p + 2]! * 29) >> 8;
  return out;
}

const zxingLibrary: Decode = (img) => {
  const reader = new QRCodeReader();
  const hints = new Map<DecodeHintType, unknown>([[DecodeHintType.TRY_HARDER, true]]);
  try {
    const source = new RGBLuminanceSource(greys(img), img.width, img.height);
    return Promise.resolve(reader.decode(new BinaryBitmap(new HybridBinarizer(source)), hints).getText());
  } catch {
    return Promise.resolve(null);
  }
};

async function zxingWasm(): Promise<Decode> {
  // Self-hosted .wasm from node_modules, as a careful user would ship it (no CDN at the door).
  await prepareZXingModule({
    overrides: {
      locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? wasmUrl : prefix + path),
    },
    fireImmediately: true,
  });
  return async (img) => {
    const results = await readBarcodes(img, { formats: ['QRCode'], maxNumberOfSymbols: 1 });
    return results.find((r) => r.isValid)?.text ?? null;
  };
}

const jsqr: Decode = (img) => Promise.resolve(jsQR(img.data, img.width, img.height)?.data ?? null);

/**
 * Decodes every frame `reps` times with every contender, interleaved (rep → frame → contender) so that
 * load from other work on the machine falls on all of them alike. A decode counts when the text is exact.
 */
async function decodeBench(opts: {
  base: string;
  frames: FrameSpec[];
  text: string;
  reps: number;
}): Promise<{ runs: Record<string, FrameRun[]>; engines: string }> {
  const images = await Promise.all(opts.frames.map((f) => loadFrame(`${opts.base}/${f.file}`)));
  const cp = await checkpointDecoder();
  const contenders: Record<string, Decode> = {
    checkpoint: cp.decode,
    '@zxing/library': zxingLibrary,
    'zxing-wasm': await zxingWasm(),
    jsqr,
  };
  const runs: Record<string, FrameRun[]> = {};
  for (const name of Object.keys(contenders))
    runs[name] = opts.frames.map((f) => ({ frame: f.name, ms: [], found: 0 }));
  // Warm-up: JIT, wasm instantiation and the worker's first frame are not what a door sees all day.
  for (const decode of Object.values(contenders)) for (const img of images.slice(0, 2)) await decode(img);
  for (let rep = 0; rep < opts.reps; rep++) {
    for (const [i, img] of images.entries()) {
      for (const [name, decode] of Object.entries(contenders)) {
        const start = performance.now();
        const text = await decode(img);
        const ms = name === 'checkpoint' ? lastMs : performance.now() - start;
        const run = runs[name]![i]!;
        run.ms.push(ms);
        if (text === opts.text) run.found++;
        if (name === 'checkpoint') {
          (run.workerMs ??= []).push(lastWorkerMs);
          run.regions ??= {};
          run.regions[lastRegion] = (run.regions[lastRegion] ?? 0) + 1;
        }
      }
    }
  }
  return { runs, engines: cp.engines };
}

async function rate(op: (i: number) => unknown, ms: number): Promise<number> {
  let n = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < 16; i++) await op(n++);
    now = performance.now();
  }
  return (n * 1000) / (now - start);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)]!;
}

/** HCQ1 verifications per second: verifyHcq1 against the Ed25519 libraries alone, over the same codes. */
async function verifyBench(opts: {
  texts: string[];
  keys: KeyJson[];
  now: number;
  ms: number;
  rounds: number;
}): Promise<{ rates: Record<string, number>; ed25519: string }> {
  const trust = TrustSet.from(opts.keys.map((k) => ({ ...k, publicKey: fromBase64(k.publicKey)! })));
  const jobs = await Promise.all(
    opts.texts.map(async (text) => {
      const parsed = parseHcq1Text(text);
      if (!parsed.ok) throw new Error(parsed.error.detail);
      const { cose } = parsed;
      const kid = [...cose.kid].map((b) => b.toString(16).padStart(2, '0')).join('');
      const pub = trust.get(kid)[0]!.publicKey;
      const key = await crypto.subtle.importKey('raw', pub as BufferSource, { name: 'Ed25519' }, false, [
        'verify',
      ]);
      return { msg: toBeSigned(cose.protectedBytes, cose.payload), sig: cose.signature, pub, key };
    }),
  );
  const check = (ok: boolean) => {
    if (!ok) throw new Error('a contender failed to verify a valid signature');
  };
  const job = (i: number) => jobs[i % jobs.length]!;
  const ops: Record<string, (i: number) => unknown> = {
    checkpoint: async (i) =>
      check((await verifyHcq1(opts.texts[i % opts.texts.length]!, { trust, now: opts.now })).result === 'ok'),
    tweetnacl: (i) => check(nacl.sign.detached.verify(job(i).msg, job(i).sig, job(i).pub)),
    '@noble/ed25519': (i) => check(noble.verify(job(i).sig, job(i).msg, job(i).pub)),
    webcrypto: async (i) =>
      check(
        await crypto.subtle.verify(
          { name: 'Ed25519' },
          job(i).key,
          job(i).sig as BufferSource,
          job(i).msg as BufferSource,
        ),
      ),
  };
  const samples: Record<string, number[]> = {};
  for (const [name, op] of Object.entries(ops)) {
    await rate(op, opts.ms);
    samples[name] = [];
  }
  for (let r = 0; r < opts.rounds; r++)
    for (const [name, op] of Object.entries(ops)) samples[name]!.push(await rate(op, opts.ms));
  const rates = Object.fromEntries(Object.entries(samples).map(([n, xs]) => [n, median(xs)]));
  return { rates, ed25519: (await bestEd25519()).name };
}

function entry(i: number): DecisionEntry {
  return {
    at: new Date(Date.UTC(2026, 10, 23, 9, 0, i)).toISOString(),
    venueId: 'bench-venue',
    policy: 'zj-2020',
    policyVersion: 1,
    source: 'scan',
    result: 'ok',
    colour: 'green',
    decision: 'admit',
    actions: [],
    rules: ['green-pass'],
    iss: 'CN-ZJ',
    subject: '00112233445566778899aabbccddeeff',
    maskedName: '张*三',
    idLast4: '123X',
    temperature: 36.5,
    override: null,
    sealed: null,
  };
}

/**
 * Decision records written per second, one awaited write after another as the door produces them:
 * Checkpoint's appendDecision (chained, strict durability) against plain writes without the chain.
 */
async function idbBench(opts: { n: number }): Promise<Record<string, number>> {
  const stamp = Date.now();
  const out: Record<string, number> = {};
  const time = async (name: string, write: (i: number) => Promise<unknown>) => {
    for (let i = 0; i < 5; i++) await write(-1 - i);
    const start = performance.now();
    for (let i = 0; i < opts.n; i++) await write(i);
    out[name] = (opts.n * 1000) / (performance.now() - start);
  };

  const db = new CheckpointDb(`bench-log-${stamp}`);
  await time('checkpoint', async (i) => {
    const r = await appendDecision(entry(i), db);
    if (!r.ok) throw new Error(`appendDecision failed: ${r.error.message}`);
  });
  db.close();

  for (const durability of ['strict', 'relaxed'] as const) {
    const plain = new Dexie(`bench-plain-${durability}-${stamp}`, {
      chromeTransactionDurability: durability,
    });
    plain.version(1).stores({ records: '&id' });
    await time(`dexie add (${durability})`, (i) =>
      plain.table('records').add({ id: `${stamp}-${i}`, ...entry(i) }),
    );
    plain.close();
  }

  const raw = await new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(`bench-raw-${stamp}`, 1);
    req.onupgradeneeded = () => req.result.createObjectStore('records', { keyPath: 'id' });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('open failed'));
  });
  await time(
    'IndexedDB put (strict)',
    (i) =>
      new Promise<void>((resolve, reject) => {
        const tx = raw.transaction('records', 'readwrite', { durability: 'strict' });
        tx.objectStore('records').put({ id: `${stamp}-${i}`, ...entry(i) });
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error ?? new Error('write failed'));
      }),
  );
  raw.close();
  return out;
}

/** What run.mjs calls through page.evaluate. */
export interface BenchApi {
  decodeBench: typeof decodeBench;
  verifyBench: typeof verifyBench;
  idbBench: typeof idbBench;
}

declare global {
  interface Window {
    bench?: BenchApi;
  }
}

window.bench = { decodeBench, verifyBench, idbBench };
