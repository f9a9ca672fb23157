/** Worker thread: decodes standalone bzip2 block streams sent by ./pool.ts. */
import { parentPort } from 'node:worker_threads';
import { decodeStandalone, loadDecoder } from './wasm-decoder.js';
import type { BlockJob, BlockReply } from './pool.js';

const port = parentPort;
if (!port) throw new Error('bzip2-worker must run in a worker thread');

port.on('message', (job: BlockJob) => {
  void loadDecoder().then((bz) => {
    const outcome = decodeStandalone(bz, job.stream, job.capacity);
    const reply: BlockReply = { id: job.id, outcome };
    port.postMessage(reply, outcome.ok ? [outcome.bytes.buffer as ArrayBuffer] : []);
  });
});
