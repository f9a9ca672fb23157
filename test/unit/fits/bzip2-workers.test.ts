/**
 * bzip2 blocks shared with worker threads handed in by the test, so that what a worker does is
 * decided here and not by timing: a slow worker (blocks must still come out in order), and a
 * worker that dies on its first job (its blocks are decoded on the calling thread).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { bunzip2 } from '../../../native-workers/fits/bzip2/index.js';
import { BlockWorker } from '../../../native-workers/fits/bzip2/pool.js';
import { compiledBzip2 } from '../../../native-workers/fits/bzip2/wasm-decoder.js';
import { requireTool } from '../../helpers/python.js';
import { slowBzip2Worker } from '../../helpers/slow-threads.js';

/** Deterministic pseudo-random bytes (xorshift) of low entropy: level -1 gives dozens of 100 kB blocks. */
function noise(n: number, seed: number, range: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = (x >>> 0) % range;
  }
  return out;
}

function sameBytes(actual: Uint8Array, expected: Uint8Array): void {
  assert.equal(actual.length, expected.length);
  assert.ok(Buffer.from(actual).equals(Buffer.from(expected)), 'decoded bytes differ from the original');
}

/** A worker whose jobs are counted as they are handed to it. */
function counted(worker: BlockWorker): BlockWorker & { jobs: number } {
  const w = worker as BlockWorker & { jobs: number };
  w.jobs = 0;
  const run = worker.run.bind(worker);
  w.run = (stream, capacity) => (w.jobs++, run(stream, capacity));
  return w;
}

describe('bzip2 blocks shared with given worker threads', () => {
  requireTool('bzip2', 'bzip2');
  const original = noise(4_000_000, 11, 40);
  const r = spawnSync('bzip2', ['-1', '-c'], { input: original, maxBuffer: 1 << 30 });
  const compressed = new Uint8Array(r.stdout);

  test('a worker slow on every block: the blocks still come out in order, byte for byte', async () => {
    assert.ok(compressed.length > 1_500_000, 'input large enough for the parallel path');
    const worker = counted(await slowBzip2Worker(30));
    try {
      sameBytes(await bunzip2(compressed, { workers: [worker] }), original);
      assert.ok(worker.jobs > 0, 'blocks were handed to the worker');
    } finally {
      await worker.terminate();
    }
  });

  test('a worker that dies on its first job leaves its blocks to this thread, byte for byte', async () => {
    const dying = counted(new BlockWorker(await compiledBzip2(), undefined, `require('node:worker_threads').parentPort.on('message', () => process.exit(3));`));
    try {
      sameBytes(await bunzip2(compressed, { workers: [dying] }), original);
      assert.ok(dying.jobs > 0, 'blocks were handed to the worker before it died');
      assert.equal(dying.usable, false, 'the worker is dead');
    } finally {
      await dying.terminate();
    }
  });
});
