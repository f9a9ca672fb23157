/**
 * A small lazy pool of bzip2 worker threads: at most (cores − 1, at least 1).
 * Idle workers are unref'd so they never keep a process alive, and end after a pause.
 */
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { failedOutcome, type DecodeOutcome } from './wasm-decoder.js';

const require = createRequire(import.meta.url);

interface RawReply {
  id: number;
  bytes?: Uint8Array;
  message?: string;
}

/** The worker: decodes standalone block streams with libbzip2 (WASM), the same call as ./wasm-decoder.ts. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Bzip2 = require(workerData.wasmBz2);
const ready = Bzip2.init();
parentPort.on('message', (job) => {
  ready.then((bz) => {
    let bytes;
    try {
      bytes = bz.decompress(job.stream, Math.max(1, job.capacity));
    } catch (err) {
      parentPort.postMessage({ id: job.id, message: err instanceof Error ? err.message : String(err) });
      return;
    }
    parentPort.postMessage({ id: job.id, bytes }, [bytes.buffer]);
  });
});
`;

export interface BlockJob {
  id: number;
  stream: Uint8Array;
  capacity: number;
}

const IDLE_EXIT_MS = 15_000;

export class BlockWorker {
  private readonly worker: Worker;
  private readonly pending = new Map<number, (outcome: DecodeOutcome) => void>();
  private nextId = 1;
  private idleTimer: NodeJS.Timeout | null = null;
  private dead: Error | null = null;

  constructor(private readonly onExit: (w: BlockWorker) => void) {
    // A plain-JS eval worker: no TypeScript loader to start in the thread, which saves
    // start-up time and tens of MB of RSS per worker when running from sources.
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { wasmBz2: require.resolve('@foxglove/wasm-bz2') } });
    this.worker.unref();
    this.worker.on('message', (reply: RawReply) => {
      const resolve = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      resolve?.(reply.bytes ? { ok: true, bytes: reply.bytes } : failedOutcome(reply.message ?? 'unknown error'));
      this.settleIdle();
    });
    const fail = (err: Error): void => {
      this.dead = err;
      for (const resolve of this.pending.values()) resolve({ ok: false, reason: 'worker-failed', message: `bzip2 worker failed: ${err.message}` });
      this.pending.clear();
      this.onExit(this);
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`exited with code ${code}`)));
  }

  get usable(): boolean {
    return this.dead === null;
  }

  run(stream: Uint8Array, capacity: number): Promise<DecodeOutcome> {
    if (this.dead) return Promise.resolve({ ok: false, reason: 'worker-failed', message: this.dead.message });
    const id = this.nextId++;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    this.worker.ref();
    const job: BlockJob = { id, stream, capacity };
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.worker.postMessage(job, [stream.buffer as ArrayBuffer]);
    });
  }

  private settleIdle(): void {
    if (this.pending.size > 0) return;
    this.worker.unref();
    this.idleTimer = setTimeout(() => void this.worker.terminate(), IDLE_EXIT_MS);
    this.idleTimer.unref();
  }
}

const workers: BlockWorker[] = [];

export function maxBzip2Workers(): number {
  return Math.max(1, availableParallelism() - 1);
}

/** Up to `wanted` workers (bounded by the pool size), started on first use. */
export function bzip2Workers(wanted: number): BlockWorker[] {
  const n = Math.min(wanted, maxBzip2Workers());
  while (workers.length < n) {
    workers.push(
      new BlockWorker((w) => {
        const i = workers.indexOf(w);
        if (i >= 0) workers.splice(i, 1);
      }),
    );
  }
  return workers.slice(0, n);
}
