// A small static file server for the bench page and frames (correct MIME types, so wasm streams and compiles).
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
};

/**
 * Serves `mounts` ({'/': dir, '/frames': dir}) on 127.0.0.1 at a free port; `spaFallback` answers unknown
 * paths with /index.html as the PWA's server does. Resolves with {url, close}.
 */
export function serveStatic(mounts, { spaFallback = false } = {}) {
  const entries = Object.entries(mounts).sort((a, b) => b[0].length - a[0].length);
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let file = null;
    for (const [prefix, dir] of entries) {
      if (!path.startsWith(prefix)) continue;
      const rel = normalize(path.slice(prefix.length)).replace(/^([/\\])+/, '');
      const root = resolve(dir);
      let candidate = resolve(root, rel);
      if (!candidate.startsWith(root)) break;
      if (existsSync(candidate) && statSync(candidate).isDirectory())
        candidate = join(candidate, 'index.html');
      if (existsSync(candidate) && statSync(candidate).isFile()) file = candidate;
      else if (spaFallback && prefix === '/' && !extname(rel)) file = join(root, 'index.html');
      break;
    }
    if (!file) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
    });
    createReadStream(file).pipe(res);
  });
  return new Promise((done) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      done({ url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}
