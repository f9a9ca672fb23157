/**
 * A plain-JS eval worker thread that answers requests by id: the container decoders (bzip2
 * blocks, Rice rows) use it because it needs no TypeScript loader in the thread, so it starts
 * in tens of milliseconds and adds about 10 MB of RSS. Unref'd while idle so it never keeps a
 * process alive, ended after a pause; when it dies, every unanswered request gets the error.
 */
import { Worker, type Transferable } from 'node:worker_threads';

const IDLE_EXIT_MS = 15_000;

export class EvalWorker<Reply extends { id: number }> {
  private readonly worker: Worker;
  private readonly pending = new Map<number, (reply: Reply | Error) => void>();
  private nextId = 1;
  private idleTimer: NodeJS.Timeout | null = null;
  private dead: Error | null = null;

  /** `source` must reply to each message with a message carrying the same `id`. */
  constructor(source: string, workerData: unknown, onDeath: (err: Error) => void) {
    this.worker = new Worker(source, { eval: true, workerData });
    this.worker.on('message', (reply: Reply) => {
      const resolve = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      resolve?.(reply);
      this.settleIdle();
    });
    const fail = (err: Error): void => {
      if (this.dead) return;
      this.dead = err;
      for (const resolve of this.pending.values()) resolve(err);
      this.pending.clear();
      onDeath(err);
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`exited with code ${code}`)));
    // Idle from the start. After the listeners: adding the first 'message' listener refs the port again.
    this.worker.unref();
  }

  get usable(): boolean {
    return this.dead === null;
  }

  /** Requests sent and not yet answered. */
  get inFlight(): number {
    return this.pending.size;
  }

  /**
   * Posts `{ id, ...message }`; resolves with the reply, or with the Error the worker died of.
   * The thread is ref'd until every request is answered: whoever awaits it keeps the process alive.
   */
  request(message: object, transfer: Transferable[] = []): Promise<Reply | Error> {
    if (this.dead) return Promise.resolve(this.dead);
    const id = this.nextId++;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    this.worker.ref();
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.worker.postMessage({ ...message, id }, transfer);
    });
  }

  /** Ends the thread; unanswered requests resolve with an error. */
  terminate(): Promise<number> {
    return this.worker.terminate();
  }

  private settleIdle(): void {
    if (this.pending.size > 0) return;
    this.worker.unref();
    this.idleTimer = setTimeout(() => void this.worker.terminate(), IDLE_EXIT_MS);
    this.idleTimer.unref();
  }
}

/**
 * A module's threads of one kind, started on first use, as many as `limit()` allows; a
 * thread that dies leaves the set and the next call starts a new one.
 */
export class SpareThreads<T> {
  private readonly threads: T[] = [];

  constructor(
    private readonly limit: () => number,
    /** Starts a thread that calls `onExit` with itself when it dies. */
    private readonly start: (onExit: (thread: T) => void) => T,
  ) {}

  get(): T[] {
    const n = this.limit();
    while (this.threads.length < n) {
      this.threads.push(
        this.start((thread) => {
          const i = this.threads.indexOf(thread);
          if (i >= 0) this.threads.splice(i, 1);
        }),
      );
    }
    return this.threads.slice(0, n);
  }
}
