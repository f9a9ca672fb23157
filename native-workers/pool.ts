/**
 * The analysis worker pool: one per host (created in the composition root).
 *
 *   const pool = new AnalysisPool({ size: 3, cacheBytes: 1 << 30 });
 *   const stats = await pool.run('statistics', { path, version: etag }, { region });
 *   await pool.close();
 *
 * - Tasks run in worker threads (cores − 1 by default, at least 1), first come first served.
 * - A frame is decoded once, in a worker, into a SharedArrayBuffer that every worker then
 *   reads without copying. Decoded frames are cached per (path, hdu, plane) with a byte budget and
 *   LRU purge; a frame in use (by running or queued tasks) is never purged. A new `version`
 *   of a frame replaces the cached decode.
 * - Single flight: concurrent requests for one frame share one decode (`stats().decodes`).
 * - An AbortSignal cancels a task still queued (PoolError 'CANCELLED'); a running task's result
 *   is then discarded.
 * - A task that throws rejects with a PoolError whose `code` is the kernel's (FitsError and
 *   AnalysisError codes kept) or 'TASK_FAILED'. A worker that dies (crash, out of memory) is
 *   replaced and its task rejects with 'WORKER_DIED'. Nothing hangs.
 * - Idle workers do not keep the process alive; close() ends them all.
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { spawnWorker, workerEntry } from './spawn-worker.js';
import { ImageCache, type Lease } from './image-cache.js';
import { defaultDecodedCacheBytes } from './decoded-budget.js';
import type { FitsLimits } from './fits/types.js';
import {
  HEADER_TASKS,
  KNOWN_TASKS,
  type DecodeArgs,
  type FrameRef,
  type ReplyMessage,
  type SharedImage,
  type TaskArgs,
  type TaskKind,
  type TaskMessage,
  type TaskResult,
  type WorkerInit,
} from './pool-types.js';

export type { FrameRef, TaskArgs, TaskKind, TaskResult, PreviewArgs, PreviewResult, SharedImage } from './pool-types.js';

export type PoolErrorCode =
  | 'CANCELLED'
  | 'WORKER_DIED'
  | 'CLOSED'
  | 'TASK_FAILED'
  | 'UNKNOWN_TASK'
  | 'BAD_ARGUMENT'
  // codes carried over from the kernels and the FITS reader
  | string;

/** Tasks a viewer waits on to show pixels (and the decode they start): dispatched before the others. */
const INTERACTIVE_TASKS: ReadonlySet<string> = new Set(['decode', 'preview', 'coarsePreview', 'pixel', 'info', 'header', 'planeNames']);

export class PoolError extends Error {
  readonly code: PoolErrorCode;
  /** Name of the original error class in the worker (FitsError, AnalysisError, ...), when there was one. */
  readonly causeName?: string;
  constructor(code: PoolErrorCode, message: string, causeName?: string) {
    super(message);
    this.name = 'PoolError';
    this.code = code;
    this.causeName = causeName;
  }
}

export interface AnalysisPoolOptions {
  /** Worker threads (default cores − 1, at least 1). */
  size?: number;
  /** Memory budget for decoded frames in bytes (default min(1 GiB, physical memory / 8)). */
  cacheBytes?: number;
  /** Decoder limits passed to the FITS reader in the workers. */
  limits?: Partial<FitsLimits>;
  /** Enables the test-only tasks '__sleep', '__throw' and '__exit' (tests of the pool itself). */
  testTasks?: boolean;
}

export interface PoolStats {
  cachedFrames: number;
  cachedBytes: number;
  workers: number;
  queued: number;
  running: number;
  /** Frames decoded since the pool started (single flight: concurrent requests count once). */
  decodes: number;
  /** Decoded frames dropped to stay within the cache budget. */
  purged: number;
  /** Workers replaced after they died. */
  restarts: number;
  /** Decodes written into the buffer of a dropped frame instead of a new one. */
  reusedBuffers: number;
}

interface Job {
  id: number;
  message: TaskMessage;
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
  signal?: AbortSignal;
  onAbort?: () => void;
  settled: boolean;
}

interface Slot {
  worker: Worker;
  job: Job | null;
}

const WORKER_HEAP_MB = 1536;
/** Buffers of dropped frames kept for the next decodes (see decodeToShared): a few, within 1/8 of the budget. */
const MAX_SPARE_BUFFERS = 4;

export class AnalysisPool {
  private readonly init: WorkerInit;
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private readonly cache: ImageCache<SharedImage>;
  private nextId = 1;
  private closed = false;
  private decodes = 0;
  private restarts = 0;
  private reusedBuffers = 0;
  /** Buffers of dropped frames, offered to the next decodes. */
  private spare: SharedArrayBuffer[] = [];
  private cacheBudget: number;

  constructor(opts: AnalysisPoolOptions = {}) {
    const size = opts.size ?? Math.max(1, availableParallelism() - 1);
    if (!Number.isInteger(size) || size < 1) throw new PoolError('BAD_ARGUMENT', `pool size must be a positive integer, got ${size}`);
    this.init = { limits: opts.limits, testTasks: opts.testTasks ?? false };
    this.cacheBudget = opts.cacheBytes ?? defaultDecodedCacheBytes();
    this.cache = new ImageCache<SharedImage>(this.cacheBudget, (image) => this.keepSpare(image.buffer));
    for (let i = 0; i < size; i++) this.slots.push(this.startWorker());
  }

  /**
   * Runs one task on a frame. Pixel tasks decode the frame first (once, cached); 'info' and
   * 'header' read headers only. Rejects with PoolError (see the class comment for codes).
   */
  async run<K extends TaskKind>(kind: K, frame: FrameRef, args: TaskArgs[K], signal?: AbortSignal): Promise<TaskResult[K]> {
    const result = await this.runAny(kind, frame, args, signal);
    // Buffers cross the thread boundary as plain Uint8Arrays; give callers Buffers back.
    if (kind === 'thumbnail' || kind === 'lineProfileDisplay' || kind === 'colorComposite') {
      const bytes = result as Uint8Array;
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as TaskResult[K];
    }
    return result as TaskResult[K];
  }

  /** Test-only tasks ('__sleep' {ms}, '__throw' {code, message}, '__exit' {code}); needs `testTasks: true`. */
  runTestTask(kind: '__sleep' | '__throw' | '__exit', args: object, signal?: AbortSignal): Promise<unknown> {
    if (!this.init.testTasks) return Promise.reject(new PoolError('UNKNOWN_TASK', 'test tasks are not enabled on this pool'));
    return this.enqueue({ kind, frame: { path: '' }, args }, signal);
  }

  /**
   * Forgets the decoded frames of a file that left its source (deleted, evicted from the
   * download cache): every HDU of it, at once when idle, else when its tasks finish.
   */
  forgetFile(path: string): number {
    const prefix = `${path}\u0000`;
    return this.cache.dropWhere((key) => key.startsWith(prefix));
  }

  /**
   * Holds a frame's decode across several tasks (one decode for a background job's
   * statistics and quality); call the returned function once when done.
   */
  async retain(frame: FrameRef, signal?: AbortSignal): Promise<() => void> {
    if (this.closed) throw new PoolError('CLOSED', 'the analysis pool was closed');
    const lease = await abortable(this.acquireImage(frame), signal);
    return () => lease.release();
  }

  /** Changes the decoded-frame budget (idle frames over it are purged at once). */
  setCacheBudget(bytes: number): void {
    this.cacheBudget = bytes;
    this.cache.setBudget(bytes);
  }

  stats(): PoolStats {
    const c = this.cache.stats();
    return {
      cachedFrames: c.entries,
      cachedBytes: c.bytes,
      workers: this.slots.length,
      queued: this.queue.length,
      running: this.slots.filter((s) => s.job).length,
      decodes: this.decodes,
      purged: c.purged,
      restarts: this.restarts,
      reusedBuffers: this.reusedBuffers,
    };
  }

  /** Rejects queued tasks with 'CLOSED', ends every worker and drops the cache. Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const job of this.queue.splice(0)) this.settle(job, new PoolError('CLOSED', 'the analysis pool was closed'));
    const slots = this.slots.splice(0);
    for (const slot of slots) {
      if (slot.job) this.settle(slot.job, new PoolError('CLOSED', 'the analysis pool was closed'));
      slot.job = null;
    }
    await Promise.all(slots.map((s) => s.worker.terminate().catch(() => 0)));
    this.cache.clear();
    this.spare = [];
  }

  private async runAny(kind: string, frame: FrameRef, args: unknown, signal?: AbortSignal): Promise<unknown> {
    if (this.closed) throw new PoolError('CLOSED', 'the analysis pool was closed');
    if (!frame || typeof frame.path !== 'string' || frame.path === '') {
      throw new PoolError('BAD_ARGUMENT', 'a frame needs a path');
    }
    if (signal?.aborted) throw cancelled();
    // A quick look at a frame that is decoded already is taken from the cached pixels.
    const fromFile = HEADER_TASKS.has(kind) && !(kind === 'coarsePreview' && this.cache.has(this.imageKey(frame), frame.version ?? ''));
    if (fromFile) return this.enqueue({ kind, frame, args: args ?? {} }, signal);

    const frames = [frame];
    if (kind === 'colorComposite') {
      const a = args as TaskArgs['colorComposite'];
      frames.push(a.green, a.blue);
    }
    if (!KNOWN_TASKS.has(kind)) throw new PoolError('UNKNOWN_TASK', `unknown task '${kind}'`);
    const leases: Lease<SharedImage>[] = [];
    try {
      for (const f of frames) leases.push(await abortable(this.acquireImage(f), signal));
      if (signal?.aborted) throw cancelled();
      return await this.enqueue({ kind, frame, args: args ?? {}, images: leases.map((l) => l.value) }, signal);
    } finally {
      for (const lease of leases) lease.release();
    }
  }

  /** One cache entry per plane: a cube is decoded (and cached) a plane at a time. */
  private imageKey(frame: FrameRef): string {
    return `${frame.path}\u0000${frame.hdu ?? ''}\u0000${frame.plane ?? 0}`;
  }

  /** The decoded frame from the cache, decoding it (once for all concurrent callers) when absent. */
  private acquireImage(frame: FrameRef) {
    return this.cache.acquire(
      this.imageKey(frame),
      frame.version ?? '',
      async () => {
        this.decodes++;
        // Offered buffers belong to this decode alone until it answers; the unused ones go back.
        const offered = this.spare.splice(0);
        const args: DecodeArgs = { reuse: offered };
        let image: SharedImage;
        try {
          image = (await this.enqueue({ kind: 'decode', frame, args })) as SharedImage;
        } catch (err) {
          for (const b of offered) this.keepSpare(b);
          throw err;
        }
        offered.forEach((b, i) => i !== image.reusedIndex && this.keepSpare(b));
        if (image.reusedIndex !== undefined && image.reusedIndex >= 0) this.reusedBuffers++;
        return { value: image, bytes: image.buffer.byteLength };
      },
      { background: frame.background === true },
    );
  }

  /**
   * Keeps a dropped frame's buffer for a later decode of the same size. Nothing reads it any more:
   * frames are dropped only when no task holds them (a cancelled task still running may read it,
   * but its result is discarded).
   */
  private keepSpare(buffer: SharedArrayBuffer): void {
    if (this.closed || buffer.byteLength > this.cacheBudget / 8) return;
    // The newest drops are kept: the next frames of a night most likely have their size.
    this.spare.push(buffer);
    let bytes = this.spare.reduce((n, b) => n + b.byteLength, 0);
    while (this.spare.length > MAX_SPARE_BUFFERS || bytes > this.cacheBudget / 8) bytes -= this.spare.shift()!.byteLength;
  }

  private enqueue(task: Omit<TaskMessage, 'id'>, signal?: AbortSignal): Promise<unknown> {
    if (this.closed) return Promise.reject(new PoolError('CLOSED', 'the analysis pool was closed'));
    if (signal?.aborted) return Promise.reject(cancelled());
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      const job: Job = { id, message: { id, ...task }, resolve, reject, signal, settled: false };
      if (signal) {
        job.onAbort = () => {
          const at = this.queue.indexOf(job);
          if (at >= 0) this.queue.splice(at, 1);
          // A running task cannot be interrupted; its result is discarded.
          this.settle(job, cancelled());
        };
        signal.addEventListener('abort', job.onAbort, { once: true });
      }
      // What a viewer waits on to show a frame goes ahead of queued measurements (FIFO within
      // each lane): opening the next frame must not wait for the last one's histogram.
      const firstMeasurement = INTERACTIVE_TASKS.has(task.kind) ? this.queue.findIndex((j) => !INTERACTIVE_TASKS.has(j.message.kind)) : -1;
      if (firstMeasurement >= 0) this.queue.splice(firstMeasurement, 0, job);
      else this.queue.push(job);
      this.dispatch();
    });
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (slot.job) continue;
      const job = this.queue.shift()!;
      slot.job = job;
      slot.worker.ref();
      slot.worker.postMessage(job.message);
    }
  }

  private startWorker(): Slot {
    // A heap limit turns a runaway task into a dead worker (WORKER_DIED) instead of a dead process;
    // decoded pixels live in (Shared)ArrayBuffers outside this heap.
    const worker = spawnWorker(workerEntry(import.meta.url, './worker'), {
      workerData: this.init,
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
    });
    const slot: Slot = { worker, job: null };
    worker.on('message', (reply: ReplyMessage) => {
      const job = slot.job;
      if (!job || job.id !== reply.id) return;
      slot.job = null;
      worker.unref();
      if (reply.ok) this.settle(job, null, reply.result);
      else this.settle(job, new PoolError(reply.error.code, reply.error.message, reply.error.name));
      this.dispatch();
    });
    // 'error' (uncaught exception, OOM) is followed by 'exit'; handle the death once, on exit.
    let lastError = '';
    worker.on('error', (err: Error) => {
      lastError = `: ${err.message}`;
    });
    worker.on('exit', (code) => {
      if (this.closed) return;
      const at = this.slots.indexOf(slot);
      if (at < 0) return;
      const job = slot.job;
      slot.job = null;
      this.restarts++;
      this.slots[at] = this.startWorker();
      if (job) this.settle(job, new PoolError('WORKER_DIED', `the analysis worker died (exit code ${code}) while running '${job.message.kind}'${lastError}`));
      this.dispatch();
    });
    // Idle until dispatch refs it. After the listeners: adding the first 'message' listener refs the port again.
    worker.unref();
    return slot;
  }

  private settle(job: Job, err: Error | null, value?: unknown): void {
    if (job.settled) return;
    job.settled = true;
    if (job.signal && job.onAbort) job.signal.removeEventListener('abort', job.onAbort);
    if (err) job.reject(err);
    else job.resolve(value);
  }
}

/**
 * Waits for a lease unless the signal fires first (then CANCELLED at once; the lease,
 * when it comes, is released so the decode still lands in the cache for others).
 */
function abortable<T>(leasePromise: Promise<Lease<T>>, signal?: AbortSignal): Promise<Lease<T>> {
  if (!signal) return leasePromise;
  return new Promise((resolve, reject) => {
    let done = false;
    const onAbort = () => {
      if (done) return;
      done = true;
      reject(cancelled());
    };
    signal.addEventListener('abort', onAbort, { once: true });
    leasePromise.then(
      (lease) => {
        signal.removeEventListener('abort', onAbort);
        if (done) lease.release();
        else {
          done = true;
          resolve(lease);
        }
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        if (!done) {
          done = true;
          reject(err);
        }
      },
    );
  });
}

function cancelled(): PoolError {
  return new PoolError('CANCELLED', 'the task was cancelled');
}
