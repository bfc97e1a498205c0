// The bench page: decoding, verification and log writes measured in Chromium, driven by bench/browser/run.mjs.
// Checkpoint's code is imported from src/ exactly as the app uses it; each contender is used as its README shows.
import { decodeBench } from './decode-bench.js';
import { idbBench } from './idb-bench.js';
import { idleStart, idleStop } from './idle-bench.js';
import { outboxBench } from './outbox-bench.js';
import { soakBench } from './soak-bench.js';
import { verifyBench } from './verify-bench.js';
import { trustBench } from './trust-bench.js';

/** What run.mjs calls through page.evaluate. */
export interface BenchApi {
  decodeBench: typeof decodeBench;
  verifyBench: typeof verifyBench;
  idbBench: typeof idbBench;
  trustBench: typeof trustBench;
  idleStart: typeof idleStart;
  idleStop: typeof idleStop;
  soakBench: typeof soakBench;
  outboxBench: typeof outboxBench;
}

declare global {
  interface Window {
    bench?: BenchApi;
  }
}

window.bench = {
  decodeBench,
  verifyBench,
  idbBench,
  trustBench,
  idleStart,
  idleStop,
  soakBench,
  outboxBench,
};
