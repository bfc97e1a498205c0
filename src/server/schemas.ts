// JSON schemas of every request and response: Fastify validates with them and /openapi.json publishes them.

const str = { type: 'string' } as const;
const int = { type: 'integer' } as const;
const hex64 = { type: 'string', pattern: '^[0-9a-f]{64}$' } as const;
const base64 = { type: 'string', pattern: '^[A-Za-z0-9+/]*={0,2}$' } as const;
const nullable = (t: string) => ({ type: [t, 'null'] }) as const;

/** An error answer: a stable code for the device and a sentence for people. */
export const problem = {
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
export const health = {
  type: 'object',
  required: ['status', 'database', 'trustVersion'],
  properties: {
    status: { type: 'string', enum: ['ok'] },
    database: { type: 'string', enum: ['sqlite', 'postgres'] },
    trustVersion: int,
  },
} as const;

/** The root key. */
export const rootKey = {
  type: 'object',
  required: ['publicKey', 'keyId'],
  properties: { publicKey: base64, keyId: str },
} as const;

/** A signed bundle (docs/bundles.md): the body's exact JSON text, the root signature, the root's kid. */
export const signedBundle = {
  type: 'object',
  required: ['body', 'signature', 'keyId'],
  properties: { body: str, signature: base64, keyId: str },
} as const;

/** POST /api/v1/enrol. */
export const enrolRequest = {
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

/** The answer to an enrolment. */
export const enrolResponse = {
  type: 'object',
  required: ['deviceId', 'venueId', 'rootKey', 'keyId', 'bundle'],
  properties: { deviceId: str, venueId: str, rootKey: base64, keyId: str, bundle: signedBundle },
} as const;

/** POST /api/v1/bundle: signed by the device over "checkpoint-bundle-request/1\n{deviceId}\n{since}\n{at}". */
export const bundleRequest = {
  type: 'object',
  required: ['deviceId', 'since', 'at', 'signature'],
  additionalProperties: false,
  properties: { deviceId: str, since: { type: 'integer', minimum: 0 }, at: str, signature: base64 },
} as const;

/** The answer to a bundle request: always a signed bundle; when up to date, a renewal (docs/bundles.md). */
export const bundleResponse = {
  type: 'object',
  required: ['upToDate', 'version', 'bundle'],
  properties: { upToDate: { type: 'boolean' }, version: int, bundle: signedBundle },
} as const;

/** A decision record (src/core/log.ts); further fields are allowed, as the record's hash covers them. */
export const decisionRecord = {
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
  },
} as const;

/** POST /api/v1/batches (src/core/batch.ts). */
export const signedBatch = {
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
        records: { type: 'array', minItems: 1, maxItems: 500, items: decisionRecord },
      },
    },
    signature: base64,
  },
} as const;

/** The acknowledgement of a stored batch. */
export const ack = {
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
