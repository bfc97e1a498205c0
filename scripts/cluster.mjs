// `npm run cluster -- [start] [--servers 2] [--port 8080] [--database checkpoint_cluster] [--drop]`
// Starts a local cluster (scripts/cluster/): a fresh PostgreSQL database, N `checkpoint serve` processes on it and
// nginx in front, all on loopback, and runs until SIGINT or SIGTERM (or `npm run cluster -- stop` from another
// shell), then stops every process it started. --drop also drops the database at the end.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildIfStale, LIB } from './builds.mjs';
import { ROOT, startCluster } from './cluster/index.mjs';

// The running cluster's launcher pid, so `stop` from another shell can signal exactly that process.
const STATE = join(tmpdir(), 'checkpoint-cluster.pid');

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    servers: { type: 'string', default: '2' },
    port: { type: 'string', default: '8080' },
    database: { type: 'string', default: 'checkpoint_cluster' },
    drop: { type: 'boolean', default: false },
  },
});
const command = positionals[0] ?? 'start';

if (command === 'stop') {
  if (!existsSync(STATE)) {
    console.error('cluster: none running (no pid file)');
    process.exit(1);
  }
  const pid = Number(readFileSync(STATE, 'utf8'));
  process.kill(pid, 'SIGTERM');
  console.error(`cluster: asked ${pid} to stop`);
  process.exit(0);
}
if (command !== 'start') throw new Error(`cluster ${command}: expected start or stop`);

if (!buildIfStale(ROOT, LIB, { log: (l) => console.error(`cluster: ${l}`) })) process.exit(1);
const cluster = await startCluster({
  servers: Number(values.servers),
  port: Number(values.port),
  database: values.database,
});
writeFileSync(STATE, String(process.pid));
console.log(
  JSON.stringify({
    url: cluster.url,
    database: cluster.databaseUrl,
    servers: cluster.nodes.map((n) => ({ port: n.port, pid: n.child.pid })),
    nginx: { pid: cluster.nginx.child.pid, dir: cluster.dir },
  }),
);
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  const counts = await cluster.stop({ drop: values.drop });
  rmSync(STATE, { force: true });
  console.error(`cluster: stopped (${JSON.stringify(counts)})`);
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
