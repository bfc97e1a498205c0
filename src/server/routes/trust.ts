// GET /trust/snapshots/<sha256> and /trust/deltas/<sha256>: the shared trust objects, immutable and named by
// their hash, with the headers any HTTP cache needs to serve them without asking again (docs/bundles.md).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ServerDb } from '../db/index.js';
import type { TrustObjectMeta } from '../db/trust-objects.js';
import type { Route } from '../openapi.js';
import { refuse } from '../problem.js';

const IMMUTABLE = 'public, max-age=31536000, immutable';

/** A single byte range of `size` bytes ("bytes=a-b", "a-", "-n"); null: serve it all; 'unsatisfiable': 416. */
export function byteRange(
  header: string | undefined,
  size: number,
): [number, number] | null | 'unsatisfiable' {
  const m = header?.match(/^bytes=(\d*)-(\d*)$/);
  // Several ranges, or a unit other than bytes: RFC 9110 lets a server ignore the header and send it all.
  if (!m || (m[1] === '' && m[2] === '')) return null;
  let start: number;
  let end: number;
  if (m[1] === '') {
    start = Math.max(0, size - Number(m[2]));
    end = size;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size : Math.min(size, Number(m[2]) + 1);
  }
  if (!Number.isSafeInteger(start) || start >= size || end <= start) return 'unsatisfiable';
  return [start, end];
}

// Whether If-None-Match names this object: "*", or its ETag among others (weak or strong, RFC 9110 §13.1.2).
function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}

async function serve(db: ServerDb, meta: TrustObjectMeta, request: FastifyRequest, reply: FastifyReply) {
  const etag = `"${meta.hash}"`;
  void reply
    .header('Cache-Control', IMMUTABLE)
    .header('ETag', etag)
    .header('Accept-Ranges', 'bytes')
    .header('Content-Type', 'application/octet-stream');
  if (matches(request.headers['if-none-match'], etag)) return reply.code(304).send();
  // If-Range with another validator: the client holds other bytes, so it gets the whole object.
  const ifRange = request.headers['if-range'];
  const range = ifRange && ifRange !== etag ? null : byteRange(request.headers.range, meta.size);
  if (range === 'unsatisfiable')
    return reply.code(416).header('Content-Range', `bytes */${meta.size}`).send();
  const [start, end] = range ?? [0, meta.size];
  if (range) void reply.code(206).header('Content-Range', `bytes ${start}-${end - 1}/${meta.size}`);
  // HEAD too sends the bytes: Fastify drops the body and keeps their length.
  return reply.send(Buffer.from((await db.trustObjects.read(meta, start, end)).buffer));
}

/** The two GET routes of /trust/ (HEAD comes with them). */
export function trustRoutes(db: ServerDb): Route[] {
  return (['snapshots', 'deltas'] as const).map((kind) => ({
    method: 'GET',
    url: `/trust/${kind}/:hash`,
    summary: `A shared trust ${kind === 'snapshots' ? 'snapshot' : 'delta'} by its SHA-256: immutable, cacheable, ranges`,
    schema: {},
    handler: async (request, reply) => {
      const hash = (request.params as { hash?: string }).hash ?? '';
      const meta = /^[0-9a-f]{64}$/.test(hash) ? await db.trustObjects.get(hash) : null;
      if (!meta || (meta.kind === 'full') !== (kind === 'snapshots'))
        return refuse(reply, 404, 'not-found', `No trust ${kind} ${hash.slice(0, 64)}.`);
      return serve(db, meta, request, reply);
    },
  }));
}
