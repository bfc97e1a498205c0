// CPU time by component over the upload phase: the serve processes, nginx, PostgreSQL (the backends of the run's
// database and the server's WAL writer, checkpointer and background writer; the machine's other PostgreSQL
// processes apart, as postgresOther) and the load generator itself. On a shared machine the wall-clock figures
// follow the load; CPU-seconds per record do not, and give the capacity of an idle machine.
import pg from 'pg';
import { cpuOf, pidsNamed } from '../scripts/cluster/index.mjs';

// The PostgreSQL processes that work for this database (its backends and the shared writers).
const OURS = `SELECT pid FROM pg_stat_activity WHERE datname = current_database()
  OR backend_type IN ('walwriter', 'checkpointer', 'background writer')`;

/**
 * Samples CPU per component until stop(); `servePids()` names the serve processes alive now, `databaseUrl` the
 * run's database (without it every PostgreSQL process on the machine counts as the run's).
 */
export function cpuMeter(servePids, databaseUrl = null) {
  const base = new Map();
  const last = new Map();
  const own = process.cpuUsage();
  const group = new Map();
  // Finding nginx and PostgreSQL by name reads all of /proc (milliseconds): every 5 s, not every sample.
  let others = [];
  let samples = 0;
  // The meter's own CPU (it runs in the load generator's process), left out of the load generator's figure.
  let meterUs = 0;
  // Pids of the run's PostgreSQL processes, asked of the server every 5 s (null: not known yet).
  let ours = null;
  const client = databaseUrl ? new pg.Client({ connectionString: databaseUrl }) : null;
  const ask = () =>
    client
      ?.query(OURS)
      .then((r) => (ours = new Set(r.rows.map((row) => row.pid))))
      .catch(() => {});
  const connected = client
    ?.connect()
    .then(ask)
    .catch(() => {});
  const asking = client ? setInterval(ask, 5000) : null;
  const postgresOf = (pid) => (ours === null || ours.has(pid) ? 'postgres' : 'postgresOther');
  const sample = (first = false) => {
    const before = process.cpuUsage();
    if (samples++ % 10 === 0)
      others = [
        ...pidsNamed('nginx').map((pid) => ['nginx', pid]),
        ...pidsNamed('postgres').map((pid) => ['postgres', pid]),
      ];
    const named = [
      ...servePids().map((pid) => ['serve', pid]),
      ...others.map(([what, pid]) => [what === 'postgres' ? postgresOf(pid) : what, pid]),
    ];
    for (const [what, pid] of named) {
      const ms = cpuOf(pid);
      if (ms === 0) continue;
      // A process already running when measuring began counts from then; a new one from its start.
      if (!base.has(pid)) base.set(pid, first ? ms : 0);
      last.set(pid, ms);
      group.set(pid, what);
    }
    const used = process.cpuUsage(before);
    meterUs += used.user + used.system;
  };
  sample(true);
  const timer = setInterval(sample, 500);
  // CPU seconds per component from the start until now.
  const total = () => {
    sample();
    const out = { serve: 0, nginx: 0, postgres: 0, postgresOther: 0, loadGenerator: 0 };
    for (const [pid, ms] of last) out[group.get(pid)] += (ms - base.get(pid)) / 1000;
    const used = process.cpuUsage(own);
    out.loadGenerator = (used.user + used.system - meterUs) / 1e6;
    for (const k of Object.keys(out)) out[k] = Math.round(out[k] * 10) / 10;
    return out;
  };
  return {
    /** CPU seconds per component so far (the end of the enrolment phase). */
    mark: total,
    /** Stops sampling; CPU seconds per component. */
    stop() {
      clearInterval(timer);
      clearInterval(asking);
      const out = total();
      void connected?.finally(() => client.end().catch(() => {}));
      return out;
    },
  };
}
