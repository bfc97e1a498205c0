// Fuzz targets for upload batches (src/core/batch.ts): a signed batch mutated as JSON and as text, and bodies
// re-signed by the enrolled device. Invariants: verifyBatch never throws; errors are typed; ok only for the body
// the device signed (or, when the device re-signs, for a body whose records, hashes and batch id hold together).
import fc from 'fast-check';
import { applyJsonEdits, applyTextEdits, jsonEdits, textEdits } from './mutate.mjs';
import { keyPair, noThrow } from './support.mjs';

const BATCH_ERRORS = new Set(['malformed', 'too-large', 'bad-signature', 'tampered', 'foreign-record']);

/** The batch targets: a device's signed batch mutated, and mutated bodies the device itself signs. */
export async function batchTargets(core, ed) {
  const device = keyPair(22);
  const deviceId = 'dev-fuzz-0001';
  const records = [];
  for (let i = 1; i <= 3; i++) {
    const entry = {
      at: `2022-03-01T09:0${i}:00Z`,
      venueId: 'venue-1',
      policy: 'zhejiang-2020',
      policyVersion: 1,
      source: i === 2 ? 'manual' : 'scan',
      result: i === 2 ? 'manual' : 'ok',
      colour: i === 3 ? 'red' : 'green',
      decision: i === 3 ? 'deny' : 'admit',
      actions: i === 3 ? ['report'] : [],
      rules: ['zj-1'],
      iss: 'CN-ZJ',
      subject: '07'.repeat(16),
      maskedName: '张*三',
      idLast4: '123X',
      temperature: i === 1 ? 36.6 : null,
      override: null,
      sealed: null,
    };
    const id = `0190f3a0-0000-7000-8000-00000000000${i}`;
    records.push(core.log.chainRecord(entry, { id, deviceId, prev: records.at(-1) ?? null }));
  }
  const signer = { publicKey: device.publicKey, sign: async (m) => device.sign(m) };
  const made = await core.batch.signBatch(deviceId, records, signer, '2022-03-01T09:05:00Z');
  const seed = made.value;
  const canonical = core.log.canonicalJson(seed.batch);
  // The signing rule of src/core/batch.ts, restated: re-signing a mutated body is how an enrolled device attacks.
  const resign = (body) =>
    core.bytes.toBase64(
      device.sign(new TextEncoder().encode(`checkpoint-batch/1\n${core.log.canonicalJson(body)}`)),
    );
  if (resign(seed.batch) !== seed.signature) throw new Error('fuzz: the batch signing rule has changed');

  async function check(signed, resigned) {
    const v = await noThrow('verifyBatch', () => core.batch.verifyBatch(signed, device.publicKey, ed));
    if (v.failure) return v.failure;
    const r = v.value;
    if (!r.ok) {
      if (!BATCH_ERRORS.has(r.error?.kind)) return `untyped batch error ${JSON.stringify(r.error)}`;
      if (r.error.kind === 'malformed' && typeof r.error.detail !== 'string')
        return 'malformed without a detail';
      return null;
    }
    if (!resigned)
      return core.log.canonicalJson(r.value) === canonical
        ? null
        : 'false ok: body differs from the signed one';
    const b = r.value;
    if (b.records.length < 1 || b.records.length > 500) return 'false ok: record count';
    let last = 0;
    for (const rec of b.records) {
      if (!(rec.seq > last) || rec.deviceId !== b.deviceId) return 'false ok: seq order or device';
      if (core.log.recordHash(rec) !== rec.hash) return 'false ok: record hash';
      last = rec.seq;
    }
    return b.batchId === core.batch.batchIdOf(b.records) ? null : 'false ok: batchId';
  }

  return [
    {
      name: 'batch: signed batch mutated (JSON value or text)',
      arbitrary: fc.oneof(fc.record({ json: jsonEdits }), fc.record({ text: textEdits })),
      check: ({ json, text }) => {
        if (json) return check(applyJsonEdits(seed, json), false);
        let parsed;
        try {
          parsed = JSON.parse(applyTextEdits(JSON.stringify(seed), text));
        } catch {
          return null; // not JSON: refused by the server's body parser before the batch parser
        }
        return check(parsed, false);
      },
    },
    {
      name: 'batch: body mutated and re-signed by the enrolled device',
      arbitrary: jsonEdits,
      check: (edits) => {
        const body = applyJsonEdits(seed.batch, edits);
        return check({ batch: body, signature: resign(body) }, true);
      },
    },
  ];
}
