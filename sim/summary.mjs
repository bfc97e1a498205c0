// The simulation's figures from what the workers, nginx's log and the database audit report.

/** The p-th percentile (0..100) of numbers (nearest rank); null when there are none. */
export function percentile(values, p) {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

const sum = (results, key) => results.reduce((t, r) => t + r.stats[key], 0);

/** results.json: the figures the issue asks for, then the detail behind them. */
export function summary(results, stored, counts, run, values) {
  const { events, peakRss, peakGeneratorRss, wall, cpuSeconds, enrolCpu, preparedCpu, devices, planned } =
    run;
  const latencies = results.flatMap((r) => Array.from(r.latencies));
  const first = Math.min(...results.map((r) => r.stats.firstUploadAt ?? Infinity));
  const last = Math.max(...results.map((r) => r.stats.lastAckAt ?? 0));
  const uploadSeconds = Math.max(0.001, (last - first) / 1000);
  const byStatus = {};
  for (const r of results)
    for (const [k, v] of Object.entries(r.stats.byStatus)) byStatus[k] = (byStatus[k] ?? 0) + v;
  const figures = {
    devices,
    enrolled: sum(results, 'enrolled'),
    recordsPlanned: planned,
    recordsSent: stored.ackedRecords,
    recordsStored: stored.rows,
    unacked: sum(results, 'unacked'),
    stalledDevices: sum(results, 'stalled'),
    lost: stored.lost,
    duplicated: stored.duplicatedSeq + stored.duplicatedId,
    chainBreaks: stored.chainBreaks + stored.firstNotGenesis,
    recordsPerS: Math.round(stored.rows / uploadSeconds),
    uploadSeconds: Math.round(uploadSeconds),
    p50UploadMs: Math.round(percentile(latencies, 50) ?? 0),
    p99UploadMs: Math.round(percentile(latencies, 99) ?? 0),
    uploadAttempts: latencies.length,
    trustFromCache: counts.trustCached,
    trustFromNode: counts.trustNode,
    bundlePosts: counts.bundleNode,
    peakServerRssMb: Math.round(peakRss / 2 ** 20),
    enrolsPerS: Math.round(
      sum(results, 'enrolled') /
        Math.max(
          0.001,
          (Math.max(...results.map((r) => r.stats.enrolEndedAt ?? 0)) -
            Math.min(...results.map((r) => r.stats.enrolStartedAt ?? Infinity))) /
            1000,
        ),
    ),
  };
  // CPU per record: what the figures would be on idle cores, whatever else the machine was doing.
  const server = cpuSeconds.serve + cpuSeconds.postgres + cpuSeconds.nginx;
  const all = server + cpuSeconds.loadGenerator;
  const records = Math.max(1, stored.rows);
  figures.cpuMsPerRecord = Math.round((all * 1e5) / records) / 100;
  figures.serverCpuMsPerRecord = Math.round((server * 1e5) / records) / 100;
  figures.idleTwoCoreRecordsPerS = Math.round(2000 / Math.max(0.001, figures.serverCpuMsPerRecord));
  // Split at the end of the enrolment phase: onboarding a device, and ingesting a record, each on its own.
  const serverOf = (c) => c.serve + c.postgres + c.nginx;
  if (enrolCpu) {
    const enrolled = Math.max(1, sum(results, 'enrolled'));
    figures.serverCpuMsPerEnrolment = Math.round((serverOf(enrolCpu) * 1e5) / enrolled) / 100;
  }
  // The clock's phase only (from the end of preparing): what ingest costs each component per record.
  const since = preparedCpu ?? enrolCpu;
  if (since) {
    const per = (k) => Math.round(((cpuSeconds[k] - since[k]) * 1e5) / records) / 100;
    figures.uploadCpuMsPerRecord = {
      serve: per('serve'),
      postgres: per('postgres'),
      nginx: per('nginx'),
      loadGenerator: per('loadGenerator'),
    };
    figures.serverCpuMsPerUploadedRecord =
      Math.round(((serverOf(cpuSeconds) - serverOf(since)) * 1e5) / records) / 100;
  }
  const enrolled = Math.max(...results.map((r) => r.stats.enrolEndedAt ?? 0));
  figures.prepareSeconds = Math.round(Math.max(0, (run.preparedAt ?? enrolled) - enrolled) / 1000);
  figures.spooledMb = Math.round((run.spooled ?? 0) / 2 ** 20);
  figures.peakGeneratorRssMb = Math.round((peakGeneratorRss ?? 0) / 2 ** 20);
  return {
    figures,
    events,
    cpuSeconds,
    cpuSecondsAtEnrolled: enrolCpu,
    cpuSecondsAtPrepared: preparedCpu,
    config: {
      servers: Number(values.servers),
      workers: Number(values.workers),
      concurrency: Number(values.concurrency),
      dbPool: Number(values['db-pool']),
      recordsPerDevice: Number(values['records-per-device']),
    },
    devices: {
      uploads: sum(results, 'uploads'),
      attempts: sum(results, 'attempts'),
      retries: sum(results, 'retries'),
      accepted: sum(results, 'accepted'),
      duplicatesAcked: sum(results, 'duplicates'),
      expired: sum(results, 'expired'),
      replayedStoredAgain: sum(results, 'replayedStoredAgain'),
      trustFetches: sum(results, 'trustFetches'),
      byStatus,
      problems: results.flatMap((r) => r.stats.problems).slice(0, 40),
    },
    store: stored,
    nginx: counts,
    wallSeconds: Math.round(wall),
  };
}
