// The worker thread trust data is built in (trust-build.ts starts one per build, trust-format1.ts one per large
// format-1 bundle), with the job as workerData. Having read a SQLite file for a trust object it also stores the
// parts there, once the server has sent the root's signature of the digest; otherwise it hands the content back,
// transferred, not copied.
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { partsOf } from './trust-records.js';
import { runFormat1Worker, type Format1Job } from './trust-format1-job.js';
import { runBuildJob, storeParts, type BuildJob, type JobMessage } from './trust-job.js';

// A build is background work: on Linux, where each thread has its own nice value, this one gives the CPU to the
// server's event loop whenever both want it (measured on a loaded machine: the loop otherwise waited up to ~2 s
// for a core while a large format-1 bundle was made). Elsewhere nothing changes.
try {
  setPriority(Number(readlinkSync('/proc/thread-self').split('/').pop()), 19);
} catch {
  // No /proc (not Linux), or not allowed: the build runs at the server's priority.
}

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
