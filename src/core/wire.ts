// The HTTP API's messages, declared once: the types the device's client uses and the JSON schemas the server
// validates with and publishes as OpenAPI. Pure data, so the page, the CLI and the server all import it.
import type { SignedBatch } from './batch.js';
import type { SignedBundle } from './bundle.js';
import type { Fork } from './chain.js';

const str = { type: 'string' } as const;
const int = { type: 'integer' } as const;
const hex64 = { type: 'string', pattern: '^[0-9a-f]{64}$' } as const;
const base64 = { type: 'string', pattern: '^[A-Za-z0-9+/]*={0,2}$' } as const;
const nullable = (t: string) => ({ type: [t, 'null'] }) as const;

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
export const healthSchema = {
  type: 'object',
  required: ['status', 'database', 'trustVersion'],
  properties: {
    status: { type: 'string', enum: ['ok'] },
    database: { type: 'string', enum: ['sqlite', 'postgres'] },
    trustVersion: int,
  },
} as const;

/** GET /api/v1/root: the root public key that signs bundles. */
export interface RootKeyAnswer {
  publicKey: string;
  keyId: string;
}

/** Schema of RootKeyAnswer. */
export const rootKeySchema = {
  type: 'object',
  required: ['publicKey', 'keyId'],
  properties: { publicKey: base64, keyId: str },
} as const;

/** A signed bundle (docs/bundles.md): the body's exact JSON text, the root signature, the root's kid. */
const signedBundleSchema = {
  type: 'object',
  required: ['body', 'signature', 'keyId'],
  properties: { body: str, signature: base64, keyId: str },
} as const;

/** POST /api/v1/enrol: a device's public key, registered with a one-time token. */
export interface EnrolRequest {
  token: string;
  deviceId: string;
  publicKey: string;
  label?: string;
}

/** Schema of EnrolRequest. */
export const enrolRequestSchema = {
  type: 'object',
  required: ['token', 'deviceId', 'publicKey'],
  additionalProperties: false,
  properties: {
    token: { type: 'string', minLength: 8, maxLength: 128 },
    deviceId: { type: 'string', minLength: 8, maxLength: 64 },
    publicKey: base64,
    label: { type: 'string', maxLength: 100 },
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
export const enrolledSchema = {
  type: 'object',
  required: ['deviceId', 'venueId', 'rootKey', 'keyId', 'bundle'],
  properties: { deviceId: str, venueId: str, rootKey: base64, keyId: str, bundle: signedBundleSchema },
} as const;

/** POST /api/v1/bundle: signed by the device over "checkpoint-bundle-request/1\n{deviceId}\n{since}\n{at}". */
export interface BundleRequest {
  deviceId: string;
  since: number;
  at: string;
  signature: string;
}

/** Schema of BundleRequest. */
export const bundleRequestSchema = {
  type: 'object',
  required: ['deviceId', 'since', 'at', 'signature'],
  additionalProperties: false,
  properties: { deviceId: str, since: { type: 'integer', minimum: 0 }, at: str, signature: base64 },
} as const;

/** The answer to a bundle request: always a signed bundle; when up to date, a renewal (docs/bundles.md). */
export interface BundleAnswer {
  upToDate: boolean;
  version: number;
  bundle: SignedBundle;
}

/** Schema of BundleAnswer. */
export const bundleAnswerSchema = {
  type: 'object',
  required: ['upToDate', 'version', 'bundle'],
  properties: { upToDate: { type: 'boolean' }, version: int, bundle: signedBundleSchema },
} as const;

/** A decision record (src/core/log.ts); further fields are allowed, as the record's hash covers them. */
const decisionRecordSchema = {
  type: 'object',
  required: ['id', 'deviceId', 'seq', 'prevHash', 'hash', 'at', 'venueId', 'decision'],
  properties: {
    id: { type: 'string', minLength: 1, maxLength: 64 },
    deviceId: str,
    seq: { type: 'integer', minimum: 1 },
    prevHash: hex64,
    hash: hex64,
    at: str,
    venueId: str,
    policy: str,
    policyVersion: int,
    source: { type: 'string', enum: ['scan', 'manual'] },
    result: str,
    colour: { type: ['string', 'null'], enum: ['green', 'yellow', 'red', null] },
    decision: { type: 'string', enum: ['admit', 'deny'] },
    actions: { type: 'array', items: str },
    rules: { type: 'array', items: str },
    iss: nullable('string'),
    subject: nullable('string'),
    maskedName: nullable('string'),
    idLast4: nullable('string'),
    temperature: nullable('number'),
    override: nullable('object'),
    sealed: nullable('string'),
    // What staff entered at the door (src/core/log.ts); each absent when not entered.
    mask: { type: 'boolean' },
    emergency: { type: 'boolean' },
    paperTest: {
      type: 'object',
      required: ['result', 'sampledAt'],
      properties: { result: { type: 'string', enum: ['negative', 'positive'] }, sampledAt: str },
    },
    proxy: { type: 'boolean' },
    declaration: { type: 'object', additionalProperties: { type: 'boolean' } },
  },
} as const;

/** POST /api/v1/batches: one signed batch of a device's records (src/core/batch.ts). */
export type BatchUpload = SignedBatch;

/** Schema of BatchUpload. */
export const batchUploadSchema = {
  type: 'object',
  required: ['batch', 'signature'],
  additionalProperties: false,
  properties: {
    batch: {
      type: 'object',
      required: ['format', 'deviceId', 'batchId', 'createdAt', 'records'],
      additionalProperties: false,
      properties: {
        format: { type: 'string', enum: ['checkpoint-batch/1'] },
        deviceId: str,
        batchId: hex64,
        createdAt: str,
        records: { type: 'array', minItems: 1, maxItems: 500, items: decisionRecordSchema },
      },
    },
    signature: base64,
  },
} as const;

/** What the server acknowledges for a stored batch. */
export interface Ack {
  batchId: string;
  /** Stored now. */
  accepted: string[];
  /** Already held. */
  duplicates: string[];
  /** Seqs still missing before a record of this batch (flagged, kept open until they arrive). */
  gaps: number[];
  trustVersion: number;
}

/** Schema of Ack. */
export const ackSchema = {
  type: 'object',
  required: ['batchId', 'accepted', 'duplicates', 'gaps', 'trustVersion'],
  properties: {
    batchId: str,
    accepted: { type: 'array', items: str },
    duplicates: { type: 'array', items: str },
    gaps: { type: 'array', items: int },
    trustVersion: int,
  },
} as const;
