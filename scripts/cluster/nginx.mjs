// nginx (Debian's package) as the cluster's load balancer: its own config, pid, logs and cache in one directory
// (no root needed), least-connections over the `serve` processes, and a proxy cache for `/trust/` only (immutable,
// content-addressed GETs). Every request is logged with $upstream_cache_status, so cache hits are countable.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where Debian installs nginx. */
export const NGINX = process.env.NGINX ?? '/usr/sbin/nginx';

// The access log's fields, split on tabs by countRequests: status, cache status, method, path, upstream, time.
const LOG_FORMAT =
  "'$status\\t$upstream_cache_status\\t$request_method\\t$uri\\t$upstream_addr\\t$request_time'";

/** The nginx.conf of a cluster: listen on 127.0.0.1:port, balance over the given upstream ports. */
export function nginxConfig(dir, port, upstreamPorts) {
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
    .map((t) => `  ${t}_temp_path ${join(dir, `tmp-${t}`)};`)
    .join('\n');
  const proxied = `
      proxy_pass http://checkpoint;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      # A node that refuses or drops the connection: the request goes to the next one. POSTs are tried again
      # only when nothing was sent yet (nginx's default); a device retries the rest, and ingest is idempotent.
      proxy_next_upstream error timeout http_502;
      proxy_next_upstream_tries 3;`;
  return `# Written by scripts/cluster: the load balancer of a local Checkpoint cluster.
worker_processes 1;
daemon off;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} warn;
events { worker_connections 4096; }
http {
  log_format checkpoint ${LOG_FORMAT};
  access_log ${join(dir, 'access.log')} checkpoint buffer=256k flush=1s;
${temp}
  client_max_body_size 2m;
  proxy_cache_path ${join(dir, 'cache')} levels=1:2 keys_zone=trust:10m max_size=2g inactive=7d use_temp_path=off;
  upstream checkpoint {
    least_conn;
${upstreamPorts.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=2s;`).join('\n')}
    keepalive 64;
  }
  server {
    listen 127.0.0.1:${port};
    # Immutable, content-addressed trust snapshots: any cache may keep them; Node sees each one once.
    location /trust/ {${proxied}
      proxy_cache trust;
      proxy_cache_valid 200 365d;
      proxy_cache_lock on;
      proxy_cache_use_stale error timeout updating;
      proxy_cache_revalidate on;
      add_header X-Cache-Status $upstream_cache_status always;
    }
    location / {${proxied}
    }
  }
}
`;
}

/** Starts nginx on `port` in front of `upstreamPorts`, with everything under `dir`; resolves when it answers. */
export async function startNginx(dir, port, upstreamPorts) {
  mkdirSync(dir, { recursive: true });
  // Started as root, nginx's workers run as nobody: they must be able to reach the cache inside this directory.
  chmodSync(dir, 0o755);
  const conf = join(dir, 'nginx.conf');
  writeFileSync(conf, nginxConfig(dir, port, upstreamPorts));
  const args = ['-p', dir, '-c', conf, '-e', join(dir, 'error.log')];
  const test = spawnSync(NGINX, [...args, '-t'], { encoding: 'utf8' });
  if (test.status !== 0) throw new Error(`nginx -t: ${test.stderr}`);
  const child = spawn(NGINX, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`nginx exited ${child.exitCode}: ${stderr}`);
    if (existsSync(join(dir, 'nginx.pid'))) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    child,
    url: `http://127.0.0.1:${port}`,
    /** `nginx -s reload`: new workers with the same config; connections in flight finish on the old ones. */
    reload() {
      const r = spawnSync(NGINX, [...args, '-s', 'reload'], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`nginx -s reload: ${r.stderr}`);
    },
    /** Stops nginx (QUIT: graceful, which also flushes the access log) and waits for it. */
    stop: () => stopChild(child, 'SIGQUIT'),
    /** The requests logged so far, counted (see countRequests). */
    counts: () => countRequests(join(dir, 'access.log')),
  };
}

/** Counts the access log: trust GETs served from the cache vs by Node, bundle POSTs, uploads, errors. */
export function countRequests(logFile) {
  const out = { trustCached: 0, trustNode: 0, bundleNode: 0, uploads: 0, enrols: 0, status5xx: 0, lines: 0 };
  if (!existsSync(logFile)) return out;
  for (const line of readFileSync(logFile, 'utf8').split('\n')) {
    if (!line) continue;
    const [status, cache, , path] = line.split('\t');
    out.lines++;
    if (status.startsWith('5')) out.status5xx++;
    if (path.startsWith('/trust/')) {
      if (cache === 'HIT' || cache === 'REVALIDATED' || cache === 'STALE' || cache === 'UPDATING')
        out.trustCached++;
      else out.trustNode++;
    } else if (path === '/api/v1/bundle') out.bundleNode++;
    else if (path === '/api/v1/batches') out.uploads++;
    else if (path === '/api/v1/enrol') out.enrols++;
  }
  return out;
}

/** Sends `signal` to a child we started and waits for its exit (SIGKILL after 10 s). */
export function stopChild(child, signal = 'SIGTERM') {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill(signal);
  });
}
