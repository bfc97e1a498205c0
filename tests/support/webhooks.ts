// A webhook receiver for report deliveries (issue 13): what it got, what it answered, and the signature check.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import nacl from 'tweetnacl';
import { fromBase64 } from '../../src/core/bytes.js';

/** What a receiver got: the raw body and headers of each request, and the status it answered. */
export interface Received {
  body: string;
  reportId: string | undefined;
  signature: string | undefined;
  status: number;
}

/** A webhook receiver on 127.0.0.1 answering each request with the next status of `answers` (then 200). */
export async function receiver(
  answers: number[],
): Promise<{ url: string; got: Received[]; close(): Promise<void> }> {
  const got: Received[] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const status = answers[got.length] ?? 200;
      got.push({
        body,
        reportId: req.headers['x-checkpoint-report-id'] as string | undefined,
        signature: req.headers['x-checkpoint-signature'] as string | undefined,
        status,
      });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/hook`,
    got,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/** True when `signature` (the header) is the root key's Ed25519 signature of the raw body. */
export function signedByRoot(r: Received, rootKey: Uint8Array): boolean {
  const sig = fromBase64(r.signature?.replace(/^ed25519=/, '') ?? '');
  return !!sig && nacl.sign.detached.verify(new TextEncoder().encode(r.body), sig, rootKey);
}
