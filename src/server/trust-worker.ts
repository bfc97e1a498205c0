// The worker thread a trust object is built in (trust-build.ts starts one per build): the job arrives as
// workerData; the content buffer goes back transferred, not copied.
import { parentPort, workerData } from 'node:worker_threads';
import { runBuildJob, type BuildJob } from './trust-job.js';

const built = runBuildJob(workerData as BuildJob);
parentPort?.postMessage(built, [built.buffer.buffer as ArrayBuffer]);
