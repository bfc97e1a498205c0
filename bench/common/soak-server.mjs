// The soak's server: `checkpoint serve` (the built CLI in lib/, SQLite) serving a given app build, a venue to
// enrol into, the bench issuers trusted, and what the server holds (`checkpoint export`).
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = join(ROOT, 'bin/checkpoint.mjs');

function freePort() {
  return new Promise((done, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => done(port));
    });
  });
}

/** Runs the built `checkpoint ...args` against the data directory `data`; its stdout parsed as JSON. */
export function checkpointCli(data, ...args) {
  const r = spawnSync(process.execPath, [CLI, ...args, '--data', data], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: '' },
    encoding: 'utf8',
    maxBuffer: 1024 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`checkpoint ${args.join(' ')}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

/**
 * Starts `checkpoint serve` on a free port with SQLite in `data`, serving `dist`; resolves once it listens,
 * with its url and close().
 */
export async function startServe({ data, dist }) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    process.execPath,
    [
      ...[CLI, 'serve', '--port', String(port), '--host', '127.0.0.1'],
      ...['--data', data, '--dist', dist, '--public-url', url],
    ],
    {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  await new Promise((done, fail) => {
    child.stdout.on('data', (d) => d.toString().includes('"url"') && done());
    child.once('exit', (code) => fail(new Error(`checkpoint serve exited ${code}: ${stderr.slice(-500)}`)));
  });
  return {
    url,
    close: () =>
      new Promise((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * What the server holds for `deviceId`, from `checkpoint export --format json`: how many records, how many
 * distinct ids, and whether its seqs are exactly 1..n once each.
 */
export function serverHolds(data, deviceId) {
  const { records } = checkpointCli(data, 'export', '--format', 'json');
  const mine = records.filter((r) => r.deviceId === deviceId);
  const seqs = new Set(mine.map((r) => r.seq));
  const contiguous = seqs.size === mine.length && mine.every((r) => r.seq >= 1 && r.seq <= mine.length);
  return { records: mine.length, ids: new Set(mine.map((r) => r.id)).size, contiguous };
}
