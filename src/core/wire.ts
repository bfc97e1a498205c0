// The HTTP API's messages, declared once: the types the device's client uses and the JSON schemas the server
// validates with and publishes as OpenAPI. Pure data, so the page, the CLI and the server all import it.
// Every field is bounded (maxLength, maxItems) and no object takes fields it does not declare.
import type { SignedBundle } from './bundle.js';
import type { Fork } from './chain.js';
import { objectSchema, requestSchema } from './schema.js';

/** The most bytes a request body may have (an upload of 500 records is about half of it). */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Ids the device and server make (UUIDs, hex, test names): printable ASCII, no spaces or control characters. */
const id = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[\\x21-\\x7e]+$' } as const;
const text = (maxLength: number) => ({ type: 'string', maxLength }) as const;
const str = text(1000);
const int = { type: 'integer' } as const;
const count = { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER } as const;
const hex64 = { type: 'string', pattern: '^[0-9a-f]{64}$' } as const;
const base64 = (maxLength: number) =>
  ({ type: 'string', maxLength, pattern: '^[A-Za-z0-9+/]*={0,2}$' }) as const;
const signature = base64(88);
const iso = text(40);
const nullable = <S extends { type: string }>(schema: S) =>
  ({ ...schema, type: [schema.type, 'null'] }) as const;
const decision = { type: 'string', enum: ['admit', 'deny'] } as const;
const strings = (maxItems: number, maxLength: number) =>
  ({ type: 'array', maxItems, items: text(maxLength) }) as const;

/** An error answer: a stable code for the device and a sentence for people. */
export interface Problem {
  error: string;
  message: string;
  /** The record a refusal is about (tampered, foreign-record). */
  seq?: number;
  /** The contradictions of a refused upload (chain-fork). */
  forks?: Fork[];
}

/** Schema of a Problem. */
export const problemSchema = {
  type: 'object',
  required: ['error', 'message'],
  properties: {
    error: str,
    message: str,
    seq: int,
    forks: { type: 'array', items: { type: 'object', properties: { seq: int, detail: str } } },
  },
} as const;

/** GET /healthz. */
export interface Health {
  status: 'ok';
  database: 'sqlite' | 'postgres';
  trustVersion: number;
}

/** Schema of Health. */
export const healthSchema = objectSchema({
  status: { type: 'string', enum: ['ok'] },
  database: { type: 'string', enum: ['sqlite', 'postgres'] },
  trustVersion: int,
});

/** GET /api/v1/root: the root public key that signs bundles. */
export interface RootKeyAnswer {
  publicKey: string;
  keyId: string;
}

/** Schema of RootKeyAnswer. */
export const rootKeySchema = objectSchema({ publicKey: base64(44), keyId: str });

/** A signed bundle (docs/bundles.md): the body's exact JSON text, the root signature, the root's kid. */
const signedBundleSchema = objectSchema({ body: { type: 'string' }, signature, keyId: str });

/** POST /api/v1/enrol: a device's public key, registered with a one-time token. */
export interface EnrolRequest {
  token: string;
  deviceId: string;
  publicKey: string;
  label?: string;
  /** 2: answer with the per-venue body pointing to a shared trust object (docs/bundles.md); absent: format 1. */
  format?: 2;
}

/** Schema of EnrolRequest. */
export const enrolRequestSchema = {
  type: 'object',
  required: ['token', 'deviceId', 'publicKey'],
  additionalProperties: false,
  properties: {
    token: { type: 'string', minLength: 8, maxLength: 128, pattern: '^[A-Za-z0-9_-]+$' },
    deviceId: { ...id, minLength: 8 },
    publicKey: base64(44),
    label: text(100),
    format: { const: 2 },
  },
} as const;

/** The answer to an enrolment: the root key to pin and the first bundle. */
export interface Enrolled {
  deviceId: string;
  venueId: string;
  rootKey: string;
  keyId: string;
  bundle: SignedBundle;
}

/** Schema of Enrolled. */
export const enrolledSchema = objectSchema({
  deviceId: str,
  venueId: str,
  rootKey: base64(44),
  keyId: str,
  bundle: signedBundleSchema,
});

/** POST /api/v1/bundle: signed by the device over "checkpoint-bundle-request/1\n{deviceId}\n{since}\n{at}". */
export interface BundleRequest {
  deviceId: string;
  since: number;
  at: string;
  signature: string;
  /** 2: the per-venue body pointing to a shared trust object; absent: the old self-contained bundle. */
  format?: 2;
}

/** Schema of BundleRequest. */
export const bundleRequestSchema = {
  type: 'object',
  required: ['deviceId', 'since', 'at', 'signature'],
  additionalProperties: false,
  properties: { deviceId: id, since: count, at: iso, signature, format: { const: 2 } },
} as const;

/** The answer to a bundle request: always a signed bundle; when up to date, a renewal (docs/bundles.md). */
export interface BundleAnswer {
  upToDate: boolean;
  version: number;
  bundle: SignedBundle;
}

/** Schema of BundleAnswer. */
export const bundleAnswerSchema = objectSchema({
  upToDate: { type: 'boolean' },
  version: int,
  bundle: signedBundleSchema,
});

/**
 * POST /api/v1/batches: a batch as bundles travel: its body's exact JSON text and the device's Ed25519 signature
 * over "checkpoint-batch/1\n" ‖ UTF-8(body). The server checks the signature before it reads the body.
 */
export interface BatchUpload {
  deviceId: string;
  body: string;
  signature: string;
}

/**
 * Schema of BatchUpload: flat, so nothing in it costs work before the signature is checked. The body's length
 * is bounded by the request's (MAX_BODY_BYTES), not counted again here.
 */
export const batchUploadSchema = requestSchema({ deviceId: id, body: { type: 'string' }, signature });

/** A decision record (src/core/log.ts DecisionRecord) exactly: every field bounded, no other field. */
const decisionRecordSchema = {
  type: 'object',
  required: ['id', 'deviceId', 'seq', 'prevHash', 'hash', 'at', 'venueId', 'decision'],
  additionalProperties: false,
  properties: {
    id,
    deviceId: id,
    seq: { ...count, minimum: 1 },
    prevHash: hex64,
    hash: hex64,
    at: iso,
    venueId: text(64),
    policy: text(64),
    policyVersion: count,
    source: { type: 'string', enum: ['scan', 'manual'] },
    result: text(32),
    colour: { type: ['string', 'null'], enum: ['green', 'yellow', 'red', null] },
    decision,
    actions: strings(16, 32),
    rules: strings(64, 64),
    iss: nullable(text(16)),
    subject: nullable(text(64)),
    maskedName: nullable(text(64)),
    idLast4: nullable(text(8)),
    temperature: { type: ['number', 'null'], minimum: 0, maximum: 100 },
    override: {
      type: ['object', 'null'],
      required: ['decision', 'engineDecision', 'reason'],
      additionalProperties: false,
      properties: { decision, engineDecision: decision, reason: text(500) },
    },
    sealed: nullable(base64(8192)),
    // Who was on shift, and what staff entered at the door (src/core/log.ts); each absent when not entered.
    staff: text(64),
    mask: { type: 'boolean' },
    emergency: { type: 'boolean' },
    paperTest: requestSchema({ result: { type: 'string', enum: ['negative', 'positive'] }, sampledAt: iso }),
    proxy: { type: 'boolean' },
    declaration: { type: 'object', maxProperties: 16, additionalProperties: { type: 'boolean' } },
    amends: id,
  },
} as const;

/** Schema of a batch's body (src/core/batch.ts BatchBody), checked once the signature over it holds. */
export const batchBodySchema = requestSchema({
  format: { type: 'string', enum: ['checkpoint-batch/1'] },
  deviceId: id,
  batchId: hex64,
  createdAt: iso,
  records: { type: 'array', minItems: 1, maxItems: 500, items: decisionRecordSchema },
});

/** What the server acknowledges for a stored batch; every record of the batch is in exactly one list. */
export interface Ack {
  batchId: string;
  /** Stored now. */
  accepted: string[];
  /** Already received (stored, or stored and since purged): not stored again. */
  duplicates: string[];
  /** Decided longer ago than the server keeps records: not stored, and never will be. */
  expired: string[];
  /** Seqs still missing before a record of this batch (flagged, kept open until they arrive). */
  gaps: number[];
  trustVersion: number;
}

/** Schema of Ack. */
export const ackSchema = objectSchema({
  batchId: str,
  accepted: { type: 'array', items: str },
  duplicates: { type: 'array', items: str },
  expired: { type: 'array', items: str },
  gaps: { type: 'array', items: int },
  trustVersion: int,
});
