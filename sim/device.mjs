// One simulated device: its Ed25519 key (node:crypto, OpenSSL: the fastest signer here), its hash chain of
// decision records, and its life as a sequence of steps (enrol from a link, fetch trust, upload batches; the
// batches are made and signed before the clock starts, sim/spool.mjs).
// Kinds: online (uploads every few dozen scans), offline (hours of scans, then one catch-up upload), replay (each
// upload sent again after its ack, as after a lost answer), tabs (two tabs upload overlapping batches at once).
import { createHash, generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { BATCH_FORMAT, batchIdOf, signBatch, uploadOf } from '../lib/core/batch.js';
import { fromBase64 } from '../lib/core/bytes.js';
import { canonicalJson, GENESIS } from '../lib/core/log.js';
import { accept, fetchTrust } from './trust-fetch.mjs';

/** A small deterministic PRNG (mulberry32), so a run's plan is the same for the same seed. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The kind of device `index` is: 80 % online, 10 % offline, 5 % replay, 5 % tabs. */
export const kindOf = (index) =>
  ['offline', 'replay', 'tabs'][index % 20] ?? (index % 10 === 9 ? 'offline' : 'online');

const HOUR = 3_600_000;

function entry(i, at, venueId, rand) {
  const colour = rand() < 0.03 ? 'yellow' : 'green';
  return {
    at: new Date(at).toISOString(),
    venueId,
    policy: 'zhejiang-2020',
    policyVersion: 1,
    source: 'scan',
    result: 'ok',
    colour,
    decision: colour === 'green' ? 'admit' : 'deny',
    actions: colour === 'green' ? [] : ['hold'],
    rules: [colour],
    iss: 'CN-ZJ',
    subject: ((i * 2654435761) >>> 0).toString(16).padStart(32, '0'),
    maskedName: '张*三',
    idLast4: String(1000 + (i % 9000)),
    temperature: null,
    override: null,
    sealed: null,
  };
}

// A record with its keys in sorted order, as one fixed shape: JSON.stringify of it is then core's canonicalJson
// of it (flat, arrays of strings, no undefined), natively instead of a recursive walk in JavaScript. Checked
// against canonicalJson on each thread's first upload.
const recordOf = (e, id, deviceId, seq, prevHash, hash) => ({
  actions: e.actions,
  at: e.at,
  colour: e.colour,
  decision: e.decision,
  deviceId,
  ...(hash === undefined ? {} : { hash }),
  id,
  idLast4: e.idLast4,
  iss: e.iss,
  maskedName: e.maskedName,
  override: e.override,
  policy: e.policy,
  policyVersion: e.policyVersion,
  prevHash,
  result: e.result,
  rules: e.rules,
  sealed: e.sealed,
  seq,
  source: e.source,
  subject: e.subject,
  temperature: e.temperature,
  venueId: e.venueId,
});

/**
 * core's chainRecord with OpenSSL's SHA-256 over the same canonical JSON (the server checks every record's
 * hash), so the load generator spends its time on the protocol rather than on JavaScript hashing.
 */
function chained(entry, { id, deviceId, prev }) {
  const seq = prev ? prev.seq + 1 : 1;
  const prevHash = prev ? prev.hash : GENESIS;
  const text = JSON.stringify(recordOf(entry, id, deviceId, seq, prevHash));
  const hash = createHash('sha256').update(text).digest('hex');
  return recordOf(entry, id, deviceId, seq, prevHash, hash);
}

const SIGNING_PREFIX = Buffer.from(`${BATCH_FORMAT}\n`);
// Whether the fast upload below was checked once against core's signBatch and uploadOf in this thread.
let checked = false;

/** A simulated device made from its enrolment link; `records` is how many decisions it makes in the run. */
export class SimDevice {
  constructor(index, link, venueId, records, seed) {
    const url = new URL(link);
    this.index = index;
    this.kind = kindOf(index);
    this.token = new URLSearchParams(url.hash.slice(1)).get('token');
    this.id = randomUUID();
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    this.privateKey = privateKey;
    this.publicKey = Buffer.from(publicKey.export({ format: 'jwk' }).x, 'base64url');
    this.signer = { publicKey: this.publicKey, sign: async (m) => this.sign(m) };
    this.rand = prng(seed ^ index);
    this.total = records;
    this.made = 0;
    /** Records acknowledged by the server: seq 1 to this, all of them. */
    this.acked = 0;
    this.last = null;
    this.trust = null;
    this.enrolled = false;
    // The venue the link is for (the device learns it from the enrolment answer; known here for a lost answer).
    this.venueId = venueId;
    // Offline devices scanned for 4 to 10 hours before they catch up; others scanned over the last hour.
    const span = (this.kind === 'offline' ? 4 + this.rand() * 6 : 1) * HOUR;
    this.clock = Date.now() - span;
    this.step = span / Math.max(1, records);
  }

  /** Signs bytes with the device key. */
  async sign(message) {
    return sign(null, message, this.privateKey);
  }

  /** True while the device still has something to do. */
  get busy() {
    return !this.enrolled || this.made < this.total;
  }

  /** The next `n` records of the chain (the scans since the last upload). */
  scan(n) {
    const out = [];
    for (let k = 0; k < n && this.made < this.total; k++) {
      this.clock += this.step * (0.5 + this.rand());
      const seq = (this.last?.seq ?? 0) + 1;
      const r = chained(
        entry(this.index * 1e6 + seq, Math.min(this.clock, Date.now()), this.venueId, this.rand),
        {
          id: uuidv7(),
          deviceId: this.id,
          prev: this.last,
        },
      );
      out.push(r);
      this.last = r;
      this.made++;
    }
    return out;
  }

  /**
   * An upload of these records (ascending seq), signed now: the batch's canonical JSON made by one native
   * JSON.stringify (keys inserted in sorted order) and signed by OpenSSL. The first upload of each thread is
   * made by core's signBatch and uploadOf too, and must come out byte for byte the same.
   */
  async upload(records) {
    const createdAt = new Date().toISOString();
    const batch = {
      batchId: batchIdOf(records),
      createdAt,
      deviceId: this.id,
      format: BATCH_FORMAT,
      records,
    };
    const body = JSON.stringify(batch);
    const upload = {
      deviceId: this.id,
      body,
      signature: sign(null, Buffer.concat([SIGNING_PREFIX, Buffer.from(body)]), this.privateKey).toString(
        'base64',
      ),
    };
    if (!checked) {
      const signed = await signBatch(this.id, records, this.signer, createdAt);
      if (!signed.ok) throw new Error(`signBatch: ${signed.error.kind}`);
      const core = uploadOf(signed.value);
      if (core.body !== upload.body || core.signature !== upload.signature)
        throw new Error('the fast upload differs from core signBatch/uploadOf');
      if (records.some((r) => canonicalJson(r) !== JSON.stringify(r)))
        throw new Error('a record is not in canonical key order');
      checked = true;
    }
    return upload;
  }

  /**
   * Makes every upload this device will send, before the clock starts (as a load tool prepares its requests):
   * its whole chain, cut into batches as the device would send them, each signed and written to `spool` as the
   * exact request body. Answers the steps: { uploads: [where in the spool], replay, count }, one or two uploads
   * each (two: the racing tabs' overlapping batches, sent at the same moment).
   */
  async prepare(spool) {
    const steps = [];
    const put = async (records) =>
      spool.put(
        records.map((r) => r.id),
        JSON.stringify(await this.upload(records)),
      );
    while (this.made < this.total) {
      const records = this.scan(this.nextSize());
      const tabs = this.kind === 'tabs' && records.length >= 2;
      const uploads = [await put(records)];
      // Two tabs with one outbox: one sends everything, the other the second half.
      if (tabs) uploads.push(await put(records.slice(records.length >> 1)));
      steps.push({ uploads, replay: this.kind === 'replay', count: records.length });
    }
    this.last = null;
    return steps;
  }

  /** Enrols with the link's token. A retried enrolment whose first answer was lost finds the token used. */
  async enrol(client) {
    const res = await client.request('POST', '/api/v1/enrol', {
      token: this.token,
      deviceId: this.id,
      publicKey: this.publicKey.toString('base64'),
      label: `sim ${this.index}`,
      format: 2,
    });
    if (res.status === 201) {
      this.rootKey = fromBase64(res.json.rootKey);
      this.venueId = res.json.venueId;
      const accepted = await accept(this, { bundle: res.json.bundle }, client.request);
      if (!accepted.ok) throw new Error(accepted.why);
    } else if (res.attempts > 1 && (res.status === 410 || res.status === 409)) {
      // Enrolled by the attempt whose answer was lost: the root key, then a full bundle.
      const root = await client.request('GET', '/api/v1/root');
      this.rootKey = fromBase64(root.json.publicKey);
      const fetched = await fetchTrust(this, client.request);
      if (!fetched.ok) throw new Error(fetched.why);
    } else throw new Error(`enrol ${res.status}: ${JSON.stringify(res.json)}`);
    this.enrolled = true;
  }

  /** How many records this device's next upload carries. */
  nextSize() {
    if (this.kind === 'offline') return Math.min(500, this.total - this.made);
    return Math.min(this.total - this.made, 20 + Math.floor(this.rand() * 60));
  }
}
