// `npm run sim -- [--devices 10000] [--records-per-device 100] [--servers 2] [--workers 2] [--minutes 20]`
// A province in miniature, on loopback: a fresh cluster (scripts/cluster: N `serve` on one PostgreSQL database,
// nginx in front), devices simulated in worker threads with the real device protocol, one serve SIGKILLed and
// restarted mid-run and one `nginx -s reload`; then the database is audited against what the devices were told.
// Phases: enrolment; every upload made and signed ahead (sim/spool.mjs, not timed: a load tool prepares its
// requests); then the clock runs while the devices send them. Writes sim/results.json and prints the figures.
// Stops by itself (--minutes bounds enrolment, and then the upload phase).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { buildIfStale, LIB } from '../scripts/builds.mjs';
import { ROOT, rssOf, startCluster } from '../scripts/cluster/index.mjs';
import { cpuMeter } from './cpu.mjs';
import { summary } from './summary.mjs';

/** The options and their defaults (as strings: they are command-line flags). */
export const OPTIONS = {
  devices: { type: 'string', default: '10000' },
  'records-per-device': { type: 'string', default: '100' },
  servers: { type: 'string', default: '2' },
  workers: { type: 'string', default: '2' },
  concurrency: { type: 'string', default: '16' },
  'db-pool': { type: 'string', default: '16' },
  minutes: { type: 'string', default: '20' },
  seed: { type: 'string', default: '14' },
  out: { type: 'string', default: join(ROOT, 'sim/results.json') },
  quiet: { type: 'boolean', default: false },
};

/** Runs the simulation with `given` options over the defaults; resolves with the results (also written to out). */
export async function simulate(given = {}) {
  const values = { ...Object.fromEntries(Object.entries(OPTIONS).map(([k, o]) => [k, o.default])), ...given };
  const n = (k) => Number(values[k]);
  const log = (line) => values.quiet || console.error(`sim: ${line}`);
  if (!buildIfStale(ROOT, LIB, { log })) throw new Error('lib/ is stale and could not be built');
  const devices = n('devices');
  const started = Date.now();
  const cluster = await startCluster({
    servers: n('servers'),
    // One database per run, so two runs (a bench and a manual one) never share or drop each other's.
    database: `checkpoint_sim_${process.pid}`,
    // Every simulated device comes from 127.0.0.1: the per-address limit would throttle them all as one client.
    serveArgs: ['--rate-limit', '0', '--db-pool', values['db-pool']],
  });
  const onSignal = () =>
    void cluster
      .stop({ drop: true })
      .catch((e) => console.error(`sim: stopping the cluster: ${e}`))
      .finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  let peakRss = 0;
  // The load generator's (every worker thread's) too: the prepared uploads are spooled to disk, not held.
  let peakGeneratorRss = 0;
  const rssTimer = setInterval(() => {
    for (const pid of cluster.pids()) peakRss = Math.max(peakRss, rssOf(pid));
    peakGeneratorRss = Math.max(peakGeneratorRss, process.memoryUsage.rss());
  }, 250);
  try {
    log(`cluster up at ${cluster.url} (${n('servers')} serve); preparing ${devices} enrolment links`);
    const { prepare, audit } = await import('./store.mjs');
    const specs = await prepare(cluster.databaseUrl, cluster.url, devices);
    const perDevice = n('records-per-device');
    // Sizes vary around the mean: offline devices hold hours of scans (up to 500), others fewer. The factor
    // runs over 0.5005 … 1.4995 (mean exactly 1), so 10,000 devices × 100 plan 1,000,000 records, not 999,890.
    for (const s of specs)
      s.records = Math.max(1, Math.round(perDevice * (0.5 + (((s.index * 7919) % 1000) + 0.5) / 1000)));
    const planned = specs.reduce((t, s) => t + s.records, 0);
    log(`${devices} devices, ${planned} records planned; workers start`);
    const enrolDeadline = Date.now() + n('minutes') * 60_000;
    const events = [];
    const progress = new Array(n('workers')).fill(0);
    const phases = [];
    const reporter = setInterval(() => log(`${acked()} acked; lanes ${JSON.stringify(phases)}`), 5000);
    const acked = () => progress.reduce((a, b) => a + b, 0);
    const chaos = chaosPlan(cluster, planned, acked, events, log);
    const t0 = Date.now();
    const cpu = cpuMeter(cluster.pids, cluster.databaseUrl);
    // When no worker enrols any more: CPU spent so far is the enrolment's, the rest the uploads'.
    let enrolCpu = null;
    const enrolWatch = setInterval(() => {
      if (phases.length === n('workers') && phases.every((p) => p && !p.enrol)) {
        enrolCpu = cpu.mark();
        clearInterval(enrolWatch);
      }
    }, 250);
    // One thread after another, each once its keys are made: two threads starting OpenSSL at the same moment were
    // seen to hang one of them for good (see runWorker).
    const workers = [];
    for (let w = 0; w < n('workers'); w++) {
      const worker = runWorker(
        {
          base: cluster.url,
          devices: specs.filter((s) => s.index % n('workers') === w),
          concurrency: n('concurrency'),
          deadline: enrolDeadline,
          seed: n('seed'),
          name: `w${w}`,
        },
        (a, p) => {
          progress[w] = a;
          phases[w] = p;
        },
      );
      workers.push(worker);
      await Promise.race([worker.started, worker.done]);
    }
    // Every thread's uploads made (a thread that fails or ends first ends the run).
    const prepared = await Promise.all(
      workers.map((w) => Promise.race([w.prepared, w.done.then(() => null)])),
    );
    if (prepared.includes(null)) throw new Error('a worker ended before it prepared its uploads');
    const preparedCpu = cpu.mark();
    const spooled = prepared.reduce((t, p) => t + p.spooled, 0);
    const preparedAt = Date.now();
    log(`uploads prepared (${(spooled / 2 ** 20).toFixed(0)} MB spooled); the clock starts`);
    const deadline = Date.now() + n('minutes') * 60_000;
    for (const w of workers) w.go(deadline);
    const results = await Promise.all(workers.map((w) => w.done));
    const wall = (Date.now() - t0) / 1000;
    const cpuSeconds = cpu.stop();
    clearInterval(enrolWatch);
    clearInterval(reporter);
    await chaos.done();
    clearInterval(rssTimer);
    const ackedList = results.flatMap((r) => r.devices);
    log('uploads done; auditing the database');
    const stored = await audit(cluster.databaseUrl, ackedList);
    const counts = await cluster.stop({ drop: true });
    const out = summary(
      results,
      stored,
      counts,
      {
        events,
        peakRss,
        peakGeneratorRss,
        wall,
        cpuSeconds,
        enrolCpu,
        preparedCpu,
        spooled,
        preparedAt,
        devices,
        planned,
      },
      values,
    );
    out.elapsedSeconds = (Date.now() - started) / 1000;
    mkdirSync(join(ROOT, 'sim'), { recursive: true });
    writeFileSync(values.out, `${JSON.stringify(out, null, 2)}\n`);
    return out;
  } catch (e) {
    clearInterval(rssTimer);
    await cluster.stop({ drop: true });
    throw e;
  } finally {
    process.off('SIGINT', onSignal);
  }
}

// One serve SIGKILLed at 35 % of the planned records and restarted 3 s later; nginx reloaded at 60 %.
function chaosPlan(cluster, planned, acked, events, say) {
  let stage = 0;
  let busy = Promise.resolve();
  const timer = setInterval(() => {
    const share = acked() / planned;
    if (stage === 0 && share >= 0.35) {
      stage = 1;
      busy = (async () => {
        const pid = cluster.nodes[0].child.pid;
        await cluster.kill(0);
        events.push({ at: new Date().toISOString(), event: 'SIGKILL serve', pid, share });
        say(`SIGKILL serve ${pid} at ${(share * 100).toFixed(0)} %`);
        await new Promise((r) => setTimeout(r, 3000));
        await cluster.restart(0);
        events.push({
          at: new Date().toISOString(),
          event: 'serve restarted',
          pid: cluster.nodes[0].child.pid,
        });
      })();
    } else if (stage === 1 && share >= 0.6) {
      stage = 2;
      cluster.nginx.reload();
      events.push({ at: new Date().toISOString(), event: 'nginx -s reload', share });
      say(`nginx -s reload at ${(share * 100).toFixed(0)} %`);
    }
  }, 200);
  return {
    done: async () => {
      clearInterval(timer);
      await busy;
    },
  };
}

// A load-generator thread: `started` once its devices' keys are made, `prepared` once its uploads are made,
// go(deadline) starts its clock, `done` its report. A thread that says nothing in its first STARTUP_MS is replaced
// (its devices have done nothing yet): on this machine one of two threads started together was seen to hang for
// good at its first use of OpenSSL.
const STARTUP_MS = 60_000;
function runWorker(data, onProgress) {
  let worker;
  let ready;
  let up;
  const prepared = new Promise((resolve) => (ready = resolve));
  const started = new Promise((resolve) => (up = resolve));
  const done = new Promise((resolve, reject) => {
    const start = (tries) => {
      worker = new Worker(new URL('./worker.mjs', import.meta.url), { workerData: data });
      const silent = setTimeout(() => {
        worker.removeAllListeners();
        void worker.terminate();
        if (tries > 1) start(tries - 1);
        else reject(new Error(`worker ${data.name} did not start in ${STARTUP_MS / 1000} s, three times`));
      }, STARTUP_MS);
      worker.on('message', (m) => {
        clearTimeout(silent);
        if (m.type === 'started') up();
        else if (m.type === 'progress') onProgress(m.acked, m.phases);
        else if (m.type === 'prepared') ready(m);
        else if (m.type === 'done') {
          resolve(m);
          void worker.terminate();
        }
      });
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`worker exited ${code} before it reported`)));
    };
    start(3);
  });
  // A worker that fails before it prepared must not leave `prepared` waiting: the caller races it with `done`.
  done.catch(() => {});
  return { started, prepared, done, go: (deadline) => worker.postMessage({ deadline }) };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  const { values } = parseArgs({ options: OPTIONS });
  const out = await simulate(values);
  const f = out.figures;
  console.log(
    [
      `devices            ${f.devices} (${f.enrolled} enrolled from their links, ${f.enrolsPerS} enrolments/s)`,
      `records sent       ${f.recordsSent}  (acknowledged; ${f.unacked} never acknowledged)`,
      `records stored     ${f.recordsStored}`,
      `lost               ${f.lost}`,
      `duplicated         ${f.duplicated}`,
      `chain breaks       ${f.chainBreaks}`,
      `ingest             ${f.recordsPerS} records/s over ${f.uploadSeconds} s`,
      `upload latency     p50 ${f.p50UploadMs} ms, p99 ${f.p99UploadMs} ms (${f.uploadAttempts} answered attempts)`,
      `trust              ${f.trustFromCache} from nginx's cache, ${f.trustFromNode} from Node (${f.bundlePosts} bundle POSTs)`,
      `peak server RSS    ${f.peakServerRssMb} MB`,
      `CPU seconds        ${JSON.stringify(out.cpuSeconds)}: ${f.cpuMsPerRecord} ms per record in all, ${f.serverCpuMsPerRecord} ms in serve + PostgreSQL + nginx`,
      `idle 2 cores       ≈ ${f.idleTwoCoreRecordsPerS} records/s for the servers alone (2000 ms / server CPU ms per record)`,
      `enrolment CPU      ${f.serverCpuMsPerEnrolment} ms per device in serve + PostgreSQL + nginx`,
      `upload CPU         ${JSON.stringify(f.uploadCpuMsPerRecord)} ms per record (the clock's phase only)`,
      `prepared           ${f.spooledMb} MB of uploads in ${f.prepareSeconds} s before the clock; generator peak RSS ${f.peakGeneratorRssMb} MB`,
      `events             ${out.events.map((e) => e.event).join(', ')}`,
      `written            ${values.out}`,
    ].join('\n'),
  );
  // Exit explicitly: a load-generator thread replaced because it hung at start (runWorker) can stay stuck in
  // native code, where terminate() does not reach it, and would keep the process alive after the results.
  process.exit(f.lost !== 0 || f.duplicated !== 0 || f.chainBreaks !== 0 ? 1 : 0);
}
