/**
 * A small lazy pool of bzip2 worker threads: at most (cores − 1, at least 1).
 * Idle workers are unref'd so they never keep a process alive, and end after a pause.
 *
 * Buffers travel, they are not copied: a job transfers one buffer holding its input stream to
 * the worker, which copies the stream into its wasm heap and writes the decoded block into the
 * same buffer; the reply transfers it back, so the caller can reuse it for the next job instead
 * of leaving a block's worth of garbage per block on each side.
 */
import { availableParallelism } from 'node:os';
import { EvalWorker } from '../../eval-worker.js';
import { BZ2_MODULE_PATH, failedOutcome, type CompiledWasm, type DecodeOutcome } from './wasm-decoder.js';

interface RawReply {
  id: number;
  bytes?: Uint8Array;
  message?: string;
  /** The job's buffer when the output went elsewhere (it did not fit) or nowhere (it failed). */
  spare?: ArrayBuffer;
}

/**
 * The worker: decodes standalone block streams with libbzip2 (WASM) into heap areas it keeps,
 * the same calls as BlockDecoder in ./wasm-decoder.ts, and copies the output into the job's
 * buffer when it fits there.
 */
export const BZIP2_WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const compiled = workerData.wasmModule;
const ready = new Promise((resolve, reject) => {
  require(workerData.modulePath)({
    instantiateWasm(imports, receive) {
      WebAssembly.instantiate(compiled, imports).then((instance) => receive(instance, compiled), reject);
      return {};
    },
  }).then(resolve, reject);
});
// A module that cannot be instantiated ends the worker; its jobs go back to the main thread.
ready.catch((err) => { throw err; });
let src = 0, srcCapacity = 0, dst = 0, dstCapacity = 0;
function reserve(m, length, capacity) {
  if (length > srcCapacity) {
    if (src) m._free(src);
    srcCapacity = Math.max(length, 1 << 20);
    src = m._malloc(srcCapacity);
    if (!src) srcCapacity = 0;
  }
  if (capacity > dstCapacity) {
    if (dst) m._free(dst);
    dstCapacity = capacity;
    dst = m._malloc(capacity);
    if (!dst) dstCapacity = 0;
  }
  return src !== 0 && dst !== 0;
}
function decode(m, job) {
  const capacity = Math.max(1, job.capacity);
  const stream = job.stream;
  if (!reserve(m, stream.length, capacity)) return { message: 'BZ2 decompression failed: -8 (cannot allocate the output area)' };
  m.HEAPU8.set(stream, src);
  let r;
  try {
    r = m.decompress(dst, capacity, src, stream.length, 0);
  } catch (err) {
    return { message: err instanceof Error ? err.message : String(err) };
  }
  if (r.code !== 0 || !r.buffer) return { message: 'BZ2 decompression failed: ' + r.code + ' (' + (r.error || 'unknown') + ')' };
  const n = r.buffer.length;
  // The stream is in the heap now: its buffer takes the output when there is room.
  const buffer = stream.buffer;
  const bytes = buffer.byteLength >= n ? new Uint8Array(buffer, 0, n) : new Uint8Array(n);
  bytes.set(r.buffer);
  return { bytes };
}
parentPort.on('message', (job) => {
  ready.then((m) => {
    const result = decode(m, job);
    const buffer = job.stream.buffer;
    const spare = result.bytes && result.bytes.buffer === buffer ? undefined : buffer;
    const transfer = [];
    if (result.bytes) transfer.push(result.bytes.buffer);
    if (spare) transfer.push(spare);
    parentPort.postMessage({ id: job.id, bytes: result.bytes, message: result.message, spare }, transfer);
  });
});
`;

export interface BlockReply {
  outcome: DecodeOutcome;
  /** The job's buffer when the output is not in it (the block failed or did not fit). */
  spare?: ArrayBuffer;
}

export class BlockWorker {
  private readonly thread: EvalWorker<RawReply>;

  /** `source`: the thread's code (tests wrap it, e.g. to make the thread slow). */
  constructor(wasmModule: CompiledWasm, onExit: (w: BlockWorker) => void = () => {}, source = BZIP2_WORKER_SOURCE) {
    // It gets the wasm already compiled, so its code is shared with this thread's decoder.
    this.thread = new EvalWorker<RawReply>(source, { modulePath: BZ2_MODULE_PATH, wasmModule }, () => onExit(this));
  }

  get usable(): boolean {
    return this.thread.usable;
  }

  /** Jobs sent and not yet answered. */
  get inFlight(): number {
    return this.thread.inFlight;
  }

  /** Ends the thread; pending jobs resolve as failed. */
  terminate(): Promise<number> {
    return this.thread.terminate();
  }

  /**
   * Decodes one standalone stream, which must start its buffer. The buffer is transferred
   * (unusable here until it comes back in the reply); the output lands in it when it fits.
   */
  async run(stream: Uint8Array, capacity: number): Promise<BlockReply> {
    const buffer = stream.buffer as ArrayBuffer;
    const reply = await this.thread.request({ stream, capacity }, [buffer]);
    if (reply instanceof Error) {
      // A dead worker is not posted to: its buffer was never transferred and is still usable here.
      const spare = buffer.byteLength > 0 ? buffer : undefined;
      return { outcome: { ok: false, reason: 'worker-failed', message: `bzip2 worker failed: ${reply.message}` }, spare };
    }
    const outcome: DecodeOutcome = reply.bytes ? { ok: true, bytes: reply.bytes } : failedOutcome(reply.message ?? 'unknown error');
    return { outcome, spare: reply.spare };
  }
}

const workers: BlockWorker[] = [];

export function maxBzip2Workers(): number {
  return Math.max(1, availableParallelism() - 1);
}

/** Up to `wanted` workers (bounded by the pool size), started on first use with the compiled wasm. */
export function bzip2Workers(wanted: number, wasmModule: CompiledWasm): BlockWorker[] {
  const n = Math.min(wanted, maxBzip2Workers());
  while (workers.length < n) {
    workers.push(
      new BlockWorker(wasmModule, (w) => {
        const i = workers.indexOf(w);
        if (i >= 0) workers.splice(i, 1);
      }),
    );
  }
  return workers.slice(0, n);
}
