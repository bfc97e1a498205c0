// sim.*: the province simulation (sim/run.mjs) as a measurement: records per second through a cluster of two
// `serve` processes behind nginx on one PostgreSQL database, lost and duplicated records (must be 0), and the
// p99 upload latency, with a serve SIGKILLed and nginx reloaded mid-run (the devices' uploads are made and signed
// before the clock starts, as a load tool prepares its requests). --quick runs a small province.
import { simulate } from '../sim/run.mjs';
import { runChild } from './common/child.mjs';

await runChild(async ({ quick }, emit) => {
  const size = quick
    ? { devices: '200', 'records-per-device': '20', minutes: '2' }
    : { devices: '10000', 'records-per-device': '100', minutes: '25' };
  const out = await simulate({ ...size, quiet: true, out: 'sim/results.json' });
  const f = out.figures;
  const detail = {
    devices: f.devices,
    recordsSent: f.recordsSent,
    recordsStored: f.recordsStored,
    unacked: f.unacked,
    p50UploadMs: f.p50UploadMs,
    trustFromCache: f.trustFromCache,
    trustFromNode: f.trustFromNode,
    serverCpuMsPerUploadedRecord: f.serverCpuMsPerUploadedRecord,
    // CPU per record by component while the clock ran (uploads were made and signed before it started).
    uploadCpuMsPerRecord: f.uploadCpuMsPerRecord,
    prepareSeconds: f.prepareSeconds,
    peakGeneratorRssMb: f.peakGeneratorRssMb,
    peakServerRssMb: f.peakServerRssMb,
    events: out.events.map((e) => e.event),
  };
  const note = `${f.devices} devices, ${f.recordsStored} records, 2 serve + nginx + PostgreSQL and the load generator on this machine`;
  emit('sim.records_per_s', { value: f.recordsPerS, note, detail });
  emit('sim.lost', { value: f.lost, detail: { chainBreaks: f.chainBreaks, unacked: f.unacked } });
  emit('sim.duplicated', { value: f.duplicated });
  emit('sim.p99_upload_ms', {
    value: f.p99UploadMs,
    detail: { p50: f.p50UploadMs, attempts: f.uploadAttempts },
  });
});
