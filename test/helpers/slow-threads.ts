/**
 * Worker threads made slow on purpose, for tests of what awaits them: the thread blocks
 * (Atomics.wait, so nothing on it can run) while it holds a job, as a thread on a busy core
 * may. Built from the production threads' own code, held at one point.
 */
import { BlockWorker, BZIP2_WORKER_SOURCE } from '../../native-workers/fits/bzip2/pool.js';
import { compiledBzip2 } from '../../native-workers/fits/bzip2/wasm-decoder.js';
import { narrowRiceValues, riceDecodeTile } from '../../native-workers/fits/tiles/rice-decode.js';
import { runRiceJob } from '../../native-workers/fits/tiles/rice-job.js';
import { RiceWorker } from '../../native-workers/fits/tiles/rice-workers.js';

const BLOCK = (ms: number): string => `Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ${ms})`;

/**
 * A Rice worker that, once it has claimed its first chunk, holds it until the calling thread
 * has claimed every other chunk, and `holdMs` more: the calling thread then has to await it.
 */
export function slowRiceWorker(holdMs: number): RiceWorker {
  const source = `
const { parentPort } = require('node:worker_threads');
const realDecodeTile = ${riceDecodeTile.toString()};
const narrowRiceValues = ${narrowRiceValues.toString()};
const runRiceJob = ${runRiceJob.toString()};
parentPort.on('message', ({ id, job }) => {
  let held = false;
  const riceDecodeTile = (...args) => {
    if (!held) {
      held = true;
      const claims = new Int32Array(job.claims);
      const chunks = job.chunkTiles.length - 1;
      for (let front; (front = Atomics.load(claims, job.layout.front)) < chunks; ) Atomics.wait(claims, job.layout.front, front, 10);
      ${BLOCK(holdMs)};
    }
    return realDecodeTile(...args);
  };
  let failure;
  try {
    failure = runRiceJob(job, riceDecodeTile, narrowRiceValues);
  } catch (err) {
    parentPort.postMessage({ id, crashed: err instanceof Error ? err.message : String(err) });
    return;
  }
  parentPort.postMessage({ id, failure });
});
`;
  return new RiceWorker(undefined, source);
}

/** A bzip2 worker that blocks for `holdMs` on every job before decoding it. */
export async function slowBzip2Worker(holdMs: number): Promise<BlockWorker> {
  // The production code registers its job listener with parentPort.on('message', ...): hold each job there.
  const hold = `
{
  const { parentPort } = require('node:worker_threads');
  const on = parentPort.on.bind(parentPort);
  parentPort.on = (event, listener) => on(event, event !== 'message' ? listener : (job) => { ${BLOCK(holdMs)}; listener(job); });
}
`;
  return new BlockWorker(await compiledBzip2(), undefined, hold + BZIP2_WORKER_SOURCE);
}
