/**
 * Child process for the "a decode that waits is held" tests: loads a large .fz or .bz2 file
 * twice with a worker thread that is slow on purpose (fresh the first time, idle since the
 * first decode the second time), prints what it decoded, and then simply ends. It never
 * terminates its worker: the process must stay alive while the worker holds a job, and exit
 * by itself once the worker is idle.
 *
 *   node --import tsx test/helpers/held-decode-child.ts <file> rice|bzip2 <holdMs>
 */
import { createHash } from 'node:crypto';
import { loadImage } from '../../native-workers/fits/index.js';
import type { DecodeThreads } from '../../native-workers/fits/decode-threads.js';
import { claimFirst, claimStates } from './rice-protocol.js';
import { slowBzip2Worker, slowRiceWorker } from './slow-threads.js';

async function main(): Promise<void> {
  const [path, kind, holdArg] = process.argv.slice(2);
  const holdMs = Number(holdArg);
  if (!path || (kind !== 'rice' && kind !== 'bzip2') || !(holdMs >= 0)) throw new Error('usage: held-decode-child <file> rice|bzip2 <holdMs>');

  let threads: DecodeThreads;
  let report: () => Record<string, unknown>;
  if (kind === 'rice') {
    const { runner, hooks } = claimFirst(slowRiceWorker(holdMs));
    threads = { rice: [runner], riceHooks: hooks };
    report = () => ({ workerChunks: runner.job ? claimStates(runner.job).WORKER_DONE : 0 });
  } else {
    const worker = await slowBzip2Worker(holdMs);
    let jobs = 0;
    const run = worker.run.bind(worker);
    worker.run = (stream, capacity) => (jobs++, run(stream, capacity));
    threads = { bzip2: [worker] };
    report = () => ({ workerJobs: jobs });
  }

  for (const round of [1, 2]) {
    const image = await loadImage(path, undefined, { threads });
    const px = image.pixels;
    const sha256 = createHash('sha256').update(new Uint8Array(px.buffer, px.byteOffset, px.byteLength)).digest('hex');
    console.log(JSON.stringify({ round, sha256, type: px.constructor.name, length: px.length, ...report() }));
  }
}

await main();
