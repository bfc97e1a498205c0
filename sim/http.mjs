// The load generator's HTTP client: node:http with kept-alive connections, as a load tool uses, so that a
// request costs the generator little beside what the device protocol needs (fetch costs several times more).
import http from 'node:http';

const agent = new http.Agent({ keepAlive: true });

/**
 * One exchange with no retry: resolves { status, retryAfter, bytes } once the whole answer is read; rejects when
 * the connection fails or nothing moves for `timeoutMs`.
 */
export function exchange(url, method, body, timeoutMs) {
  return new Promise((resolve, reject) => {
    const headers = body
      ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }
      : {};
    const req = http.request(url, { method, agent, headers }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode,
          retryAfter: Number(res.headers['retry-after']) || null,
          bytes: Buffer.concat(chunks),
        }),
      );
      res.on('error', reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer in ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}
