// A local Checkpoint cluster on loopback: a PostgreSQL database, N `checkpoint serve` processes on it, and nginx
// in front (nginx.mjs). Used by `npm run cluster` and by the simulation (sim/); stops everything it started.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startNginx, stopChild } from './nginx.mjs';

/** The project root. */
export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** The PostgreSQL server the cluster uses (a database on it is created per cluster). */
export const PG_SERVER = process.env.CLUSTER_PG ?? 'postgres://postgres@127.0.0.1:5432';

/** A TCP port nobody listens on right now (on 127.0.0.1). */
export function freePort() {
  return new Promise((done) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => done(port));
    });
  });
}

/** Creates database `name` on the server (dropping it first when `fresh`); returns its URL. */
export async function createDatabase(name, { fresh = true } = {}) {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`database ${name}: use [a-z0-9_]`);
  const admin = new pg.Client({ connectionString: `${PG_SERVER}/postgres` });
  await admin.connect();
  try {
    if (fresh) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return `${PG_SERVER}/${name}`;
}

/** Drops database `name` (its connections are ended first). */
export async function dropDatabase(name) {
  const admin = new pg.Client({ connectionString: `${PG_SERVER}/postgres` });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

/** Starts one `checkpoint serve` on 127.0.0.1:port; resolves with the child once it prints its listening line. */
export function startServe({ port, databaseUrl, publicUrl, extraArgs = [], logFile = null }) {
  const child = spawn(
    process.execPath,
    [
      // Node flags for every serve, e.g. CLUSTER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile them.
      ...(process.env.CLUSTER_NODE_ARGS ?? '').split(' ').filter(Boolean),
      join(ROOT, 'bin/checkpoint.mjs'),
      'serve',
      ...['--port', String(port), '--host', '127.0.0.1', '--database-url', databaseUrl],
      ...['--public-url', publicUrl, '--trust-proxy', '127.0.0.1'],
      ...extraArgs,
    ],
    {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
      stdio: ['ignore', 'pipe', logFile ? 'pipe' : 'ignore'],
    },
  );
  if (logFile) child.stderr.on('data', (d) => logFile.write(d));
  return new Promise((done, fail) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('"url"')) done(child);
    });
    child.once('exit', (code, signal) => fail(new Error(`serve on ${port} exited ${code ?? signal}`)));
  });
}

/** CPU time (user + system, ms) a process has used so far, from /proc; 0 when it is gone. */
export function cpuOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th, in ticks.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

/** The pids of every process named `name` on this machine (e.g. all PostgreSQL backends). */
export function pidsNamed(name) {
  const out = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === name) out.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** The resident set size (bytes) of a process, from /proc; 0 when it is gone. */
export function rssOf(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * Starts a cluster: database `database` (fresh), `servers` serve processes, nginx on `port` (0: any free one).
 * `serveArgs` are extra flags for every serve (rate limits, pool size). Returns handles to kill, restart, reload
 * and stop it all.
 */
export async function startCluster({
  servers = 2,
  database = 'checkpoint_cluster',
  port = 0,
  serveArgs = [],
}) {
  const dir = mkdtempSync(join(tmpdir(), 'checkpoint-cluster-'));
  const databaseUrl = await createDatabase(database);
  const nginxPort = port || (await freePort());
  const publicUrl = `http://127.0.0.1:${nginxPort}`;
  const ports = [];
  for (let i = 0; i < servers; i++) ports.push(await freePort());
  const nodes = await Promise.all(
    ports.map(async (p) => ({
      port: p,
      child: await startServe({ port: p, databaseUrl, publicUrl, extraArgs: serveArgs }),
    })),
  );
  const nginx = await startNginx(dir, nginxPort, ports);
  return {
    dir,
    databaseUrl,
    url: nginx.url,
    nodes,
    nginx,
    /** The pids of the serve processes running now. */
    pids: () => nodes.map((n) => n.child.pid),
    /** SIGKILLs node i (no shutdown at all: connections and transactions cut mid-way). */
    kill: (i) => stopChild(nodes[i].child, 'SIGKILL'),
    /** Starts node i again on its port. */
    async restart(i) {
      nodes[i].child = await startServe({
        port: nodes[i].port,
        databaseUrl,
        publicUrl,
        extraArgs: serveArgs,
      });
    },
    /**
     * Stops nginx and every node (SIGTERM: graceful) and removes the temp dir; `drop` drops the database too.
     * Returns nginx's request counts, read once its log is flushed.
     */
    async stop({ drop = false } = {}) {
      await nginx.stop();
      const counts = nginx.counts();
      await Promise.all(nodes.map((n) => stopChild(n.child, 'SIGTERM')));
      if (drop) await dropDatabase(database);
      rmSync(dir, { recursive: true, force: true });
      return counts;
    },
  };
}
