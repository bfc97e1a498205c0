// The OpenAPI 3.1 document, built from the same route table the server registers: it cannot drift from the code.
import type { FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import { problemSchema } from '../core/wire.js';

/** One route: the schema Fastify validates with is the one the document publishes; `Body` is its wire type. */
export interface Route<Body = unknown> {
  method: HTTPMethods;
  url: string;
  summary: string;
  schema: { body?: object; querystring?: object; response?: Record<string | number, object> };
  /** The request body as the schema (from src/core/wire.ts) has already checked it. */
  handler(request: FastifyRequest<{ Body: Body }>, reply: FastifyReply): unknown;
  /** The schema of the signed text inside the body (an upload's `body`), checked after its signature. */
  signedBody?: object;
  /** Runs before the body is validated; may answer the request itself (an old client's upload). */
  preValidation?(request: FastifyRequest<{ Body: Body }>, reply: FastifyReply): Promise<unknown>;
  /** A body limit for this route other than the server's. */
  bodyLimit?: number;
  /** Served as HTML rather than JSON (the demo page). */
  html?: boolean;
  /** The page's own Content-Security-Policy directives, instead of the app's. */
  csp?: Readonly<Record<string, readonly string[]>>;
}

/**
 * What a device's POST route declares: its path and summary, the schema of its JSON body, and its answer's schema
 * under its success status; any refusal is a problem (core/wire.ts).
 */
export function devicePost(
  url: string,
  summary: string,
  body: object,
  answer: Record<number, object>,
): Pick<Route, 'method' | 'url' | 'summary' | 'schema'> {
  return { method: 'POST', url, summary, schema: { body, response: { ...answer, '4xx': problemSchema } } };
}

/** The OpenAPI document of the routes. */
export function openApiDocument(routes: readonly Route[]): object {
  const paths: Record<string, Record<string, object>> = {};
  for (const r of routes) {
    const path = r.url.replace(/:([A-Za-z]+)/g, '{$1}');
    const responses: Record<string, object> = {};
    for (const [code, schema] of Object.entries(r.schema.response ?? {}))
      responses[code.toUpperCase()] = {
        description: code === '200' || code === '201' ? 'Success' : 'Refused',
        content: { [r.html ? 'text/html' : 'application/json']: { schema } },
      };
    if (Object.keys(responses).length === 0) responses['200'] = { description: 'Success' };
    const parameters = Object.entries(
      (r.schema.querystring as { properties?: Record<string, object> } | undefined)?.properties ?? {},
    ).map(([name, schema]) => ({ name, in: 'query', schema }));
    paths[path] ??= {};
    paths[path][r.method.toLowerCase()] = {
      summary: r.summary,
      ...(parameters.length ? { parameters } : {}),
      ...(r.schema.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: r.schema.body } } } }
        : {}),
      ...(r.signedBody ? { 'x-signed-body': r.signedBody } : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Checkpoint server',
      version: '1',
      description:
        'Enrolment, signed trust bundles and exactly-once upload of decision records (docs/server.md).',
    },
    paths,
  };
}
