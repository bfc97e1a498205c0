// A load-generator thread: runs its share of the simulated devices, `concurrency` at a time, through the
// cluster's load balancer, and reports what it sent, what was acknowledged, and how long each upload took.
// Phases: enrol every device; prepare every upload (sim/spool.mjs) and say so; on the parent's `go` (every
// thread prepared: the clock starts) send the prepared bytes and check the answers.
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { SimDevice } from './device.mjs';
import { exchange } from './http.mjs';
import { Spool } from './spool.mjs';
import { fetchTrust } from './trust-fetch.mjs';

const { base, devices: specs, concurrency, seed, name } = workerData;
// Enrolment is bounded by the run's first deadline; the uploads by the one `go` brings.
let deadline = workerData.deadline;

const latencies = [];
const stats = {
  devices: 0,
  enrolled: 0,
  made: 0,
  acked: 0,
  accepted: 0,
  duplicates: 0,
  expired: 0,
  replayedStoredAgain: 0,
  uploads: 0,
  attempts: 0,
  retries: 0,
  unacked: 0,
  trustFetches: 0,
  trustGets: 0,
  byStatus: {},
  problems: [],
  firstUploadAt: null,
  lastAckAt: null,
};

function problem(text) {
  if (stats.problems.length < 20) stats.problems.push(text);
}

// What each lane is doing now (progress messages carry a count per phase, for a run that stalls).
const phases = new Map();
const phase = (lane, what) => phases.set(lane, what);
const now = { fetch: 0, backoff: 0, trust: 0 };
async function counted(what, promise) {
  now[what]++;
  try {
    return await promise;
  } finally {
    now[what]--;
  }
}

/** One HTTP exchange, tried again (with backoff) on no answer, 5xx or 429, until it answers or time is up. */
async function request(method, path, body) {
  for (let attempt = 1; ; attempt++) {
    const t0 = performance.now();
    let status = 0;
    let json = null;
    let bytes = null;
    let retryAfter = null;
    try {
      // A prepared upload is sent as the bytes it was spooled as; enrolment and trust bodies are made here.
      const payload = body ? (Buffer.isBuffer(body) ? body : JSON.stringify(body)) : undefined;
      const res = await counted('fetch', exchange(base + path, method, payload, 30_000));
      ({ status, retryAfter, bytes } = res);
      try {
        json = JSON.parse(bytes.toString('utf8'));
      } catch {
        json = null;
      }
    } catch {
      status = 0;
    }
    stats.attempts++;
    stats.byStatus[status] = (stats.byStatus[status] ?? 0) + 1;
    if (path === '/api/v1/batches' && status !== 0) latencies.push(performance.now() - t0);
    if (status !== 0 && status < 500 && status !== 429) return { status, json, bytes, attempts: attempt };
    if (Date.now() > deadline) return { status, json, bytes, attempts: attempt };
    stats.retries++;
    const wait = retryAfter ? retryAfter * 1000 : Math.min(2000, 100 * 2 ** attempt);
    await counted('backoff', sleep(wait * (0.5 + Math.random())));
  }
}

/** Sends a prepared upload until answered; the ack when every record came back accepted, duplicate or expired. */
async function send(device, at, { replay = false } = {}) {
  const { ids, body } = spool.get(at);
  stats.uploads++;
  stats.firstUploadAt ??= Date.now();
  const res = await request('POST', '/api/v1/batches', body);
  if (res.status !== 200) {
    problem(`device ${device.index} upload: ${res.status} ${JSON.stringify(res.json)?.slice(0, 200)}`);
    return null;
  }
  const ack = res.json;
  const answered = new Set([...ack.accepted, ...ack.duplicates, ...ack.expired]);
  if (ids.some((id) => !answered.has(id))) problem(`device ${device.index}: ack misses records`);
  stats.accepted += ack.accepted.length;
  stats.duplicates += ack.duplicates.length;
  stats.expired += ack.expired.length;
  if (replay) stats.replayedStoredAgain += ack.accepted.length;
  stats.lastAckAt = Date.now();
  return ack;
}

/** Sends the device's prepared uploads in order until all are acknowledged (or time is up). */
async function uploads(device) {
  for (const step of device.steps) {
    if (Date.now() > deadline) return;
    let ack;
    if (step.uploads.length === 2) {
      // Two tabs with one outbox: one sends everything, the other the second half, at the same moment.
      [ack] = await Promise.all(step.uploads.map((at) => send(device, at)));
    } else {
      ack = await send(device, step.uploads[0]);
      // The answer was lost (so it seems to the device): the same upload again; nothing may be stored twice.
      if (ack && step.replay) await send(device, step.uploads[0], { replay: true });
    }
    if (!ack) return;
    stats.acked += step.count;
    device.acked += step.count;
    if (ack.trustVersion > (device.trust?.version ?? 0)) await trust(device);
  }
  // A device that has been offline asks for trust as it comes back (a renewal when nothing changed).
  if (device.kind === 'offline') await trust(device);
}

async function trust(device) {
  const got = await counted('trust', fetchTrust(device, request));
  stats.trustFetches++;
  if (!got.ok) problem(`device ${device.index} trust: ${got.why}`);
  else stats.trustGets += got.gets;
}

const devices = specs.map((spec) => new SimDevice(spec.index, spec.link, spec.venueId, spec.records, seed));
stats.devices = devices.length;
const spool = new Spool(name);
// Started (modules loaded, OpenSSL used: the keys are made): the parent's watchdog stands down and starts the next.
parentPort.postMessage({ type: 'started' });
// Devices in a step now: a worker stopped by the hard stop still reports what each was told.
const living = new Set();

/** Runs `step` for every device, `concurrency` devices at a time. */
async function each(step, label) {
  let next = 0;
  const lane = async (_, id) => {
    while (next < devices.length) {
      const device = devices[next++];
      phase(id, label);
      living.add(device);
      try {
        await step(device);
      } catch (e) {
        problem(`device ${device.index} ${label}: ${e instanceof Error ? e.message : String(e)}`);
      }
      living.delete(device);
    }
    phase(id, 'finished');
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
}

// Every device enrols first (a province's devices exist before its busy hour), then its uploads are made, then
// (once every thread has made its own) they all work.
async function run() {
  stats.enrolStartedAt = Date.now();
  await each(async (device) => {
    await device.enrol({ request });
    stats.enrolled++;
  }, 'enrol');
  stats.enrolEndedAt = Date.now();
  // Preparing is this thread's own work (no request that could hang): no hard stop until the clock starts.
  clearTimeout(hardStop.timer);
  for (const device of devices) {
    phase(0, 'prepare');
    device.steps = device.enrolled ? await device.prepare(spool) : [];
    stats.made += device.made;
    // A turn of the event loop per device, so progress still reaches the parent.
    await sleep(0);
  }
  phases.clear();
  const go = once(parentPort, 'message');
  parentPort.postMessage({ type: 'prepared', spooled: spool.size, made: stats.made });
  [{ deadline }] = await go;
  hardStop.arm();
  await each((device) => uploads(device), 'upload');
}

function census() {
  const out = { ...now };
  for (const v of phases.values()) out[v] = (out[v] ?? 0) + 1;
  return out;
}
const ticker = setInterval(
  () => parentPort.postMessage({ type: 'progress', acked: stats.acked, phases: census() }),
  500,
);
// The hard stop: a request that never ends (a connection lost without a reset) cannot hold the run for ever.
// Armed for enrolment at the start and again, for the uploads, when the clock starts.
const hardStop = {
  timer: null,
  stopped: null,
  arm() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.stopped('stopped'), Math.max(0, deadline - Date.now()) + 45_000);
  },
};
const stopped = new Promise((resolve) => (hardStop.stopped = resolve));
hardStop.arm();
const ended = await Promise.race([run(), stopped]);
clearTimeout(hardStop.timer);
clearInterval(ticker);
spool.close();
stats.stalled = ended === 'stopped' ? living.size : 0;
stats.unacked = devices.reduce((t, d) => t + d.total - d.acked, 0);
const acked = devices.filter((d) => d.enrolled).map((d) => [d.id, d.acked]);
parentPort.postMessage({ type: 'done', stats, latencies: Float64Array.from(latencies), devices: acked });
