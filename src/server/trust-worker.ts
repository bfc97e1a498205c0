// The worker thread trust data is built in (trust-build.ts starts one per build, trust-format1.ts one per large
// format-1 bundle), with the job as workerData. Having read a SQLite file for a trust object it also stores the
// parts there, once the server has sent the root's signature of the digest; otherwise it hands the content back,
// transferred, not copied.
import { parentPort, workerData } from 'node:worker_threads';
import { partsOf } from './trust-records.js';
import { runFormat1Worker, type Format1Job } from './trust-format1-job.js';
import { runBuildJob, storeParts, type BuildJob, type JobMessage } from './trust-job.js';

const job = workerData as BuildJob | Format1Job;
const port = parentPort!;
const say = (m: JobMessage, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

function buildObject(job: BuildJob): void {
  const built = runBuildJob(job);
  if (job.file) {
    const file = job.file;
    say({ kind: 'digest', digest: built.digest, size: built.size });
    port.once('message', (signature: Uint8Array) => {
      storeParts(file, Buffer.from(built.digest).toString('hex'), partsOf(built, signature, job.partSize));
      say({ kind: 'stored' });
    });
  } else say({ kind: 'content', built }, [built.buffer.buffer as ArrayBuffer]);
}

if ('task' in job) void runFormat1Worker(job, port);
else buildObject(job);
