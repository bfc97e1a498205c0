// The worker thread a trust object is built in (trust-build.ts starts one per build), with the job as workerData.
// Having read a SQLite file it also stores the parts there, once the server has sent the root's signature of the
// digest; otherwise it hands the content back, transferred, not copied.
import { parentPort, workerData } from 'node:worker_threads';
import { partsOf } from './trust-records.js';
import { runBuildJob, storeParts, type BuildJob, type JobMessage } from './trust-job.js';

const job = workerData as BuildJob;
const port = parentPort!;
const built = runBuildJob(job);
const say = (m: JobMessage, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);
if (job.file) {
  const file = job.file;
  say({ kind: 'digest', digest: built.digest, size: built.size });
  port.once('message', (signature: Uint8Array) => {
    storeParts(file, Buffer.from(built.digest).toString('hex'), partsOf(built, signature, job.partSize));
    say({ kind: 'stored' });
  });
} else say({ kind: 'content', built }, [built.buffer.buffer as ArrayBuffer]);
