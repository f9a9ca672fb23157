/**
 * Worker threads for parallel Rice decoding: at most (cores − 1), started on first use,
 * unref'd while idle so they never keep a process alive, and ended after a pause.
 *
 * Plain-JS eval workers whose source is the decoder's own functions (their text at run
 * time), so the thread needs no TypeScript loader: it starts in tens of milliseconds and
 * adds about 10 MB of RSS.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { narrowRiceValues, riceDecodeTile } from './rice-decode.js';
import { runRiceJob, type RiceJob, type RiceJobFailure } from './rice-job.js';

/** How a job ended: decoded (or a corrupt tile found), or the worker failed and its claimed chunks are undone. */
export type RiceRunOutcome = { ok: true; failure: RiceJobFailure | null } | { ok: false; message: string };

/** What the parallel decoder needs of a worker (tests substitute their own). */
export interface RiceJobRunner {
  run(job: RiceJob): Promise<RiceRunOutcome>;
}

interface Reply {
  id: number;
  failure?: RiceJobFailure | null;
  crashed?: string;
}

const RICE_WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const riceDecodeTile = ${riceDecodeTile.toString()};
const narrowRiceValues = ${narrowRiceValues.toString()};
const runRiceJob = ${runRiceJob.toString()};
parentPort.on('message', ({ id, job }) => {
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

const IDLE_EXIT_MS = 15_000;

export class RiceWorker implements RiceJobRunner {
  private readonly worker: Worker;
  private readonly pending = new Map<number, (outcome: RiceRunOutcome) => void>();
  private nextId = 1;
  private idleTimer: NodeJS.Timeout | null = null;
  private dead: Error | null = null;

  constructor(
    private readonly onExit: (w: RiceWorker) => void = () => {},
    source = RICE_WORKER_SOURCE,
  ) {
    this.worker = new Worker(source, { eval: true });
    this.worker.unref();
    this.worker.on('message', (reply: Reply) => {
      const resolve = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      resolve?.(reply.crashed !== undefined ? { ok: false, message: reply.crashed } : { ok: true, failure: reply.failure ?? null });
      this.settleIdle();
    });
    const fail = (err: Error): void => {
      if (this.dead) return;
      this.dead = err;
      for (const resolve of this.pending.values()) resolve({ ok: false, message: `Rice worker failed: ${err.message}` });
      this.pending.clear();
      this.onExit(this);
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`exited with code ${code}`)));
  }

  get usable(): boolean {
    return this.dead === null;
  }

  run(job: RiceJob): Promise<RiceRunOutcome> {
    if (this.dead) return Promise.resolve({ ok: false, message: this.dead.message });
    const id = this.nextId++;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    this.worker.ref();
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.worker.postMessage({ id, job });
    });
  }

  /** Ends the thread; pending jobs resolve as failed. */
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

const workers: RiceWorker[] = [];

/** Worker threads worth starting: none on a single core. */
export function maxRiceWorkers(): number {
  return Math.max(0, availableParallelism() - 1);
}

/** The pool's workers (started on first use), as many as the machine has spare cores. */
export function riceWorkers(): RiceWorker[] {
  const n = maxRiceWorkers();
  while (workers.length < n) {
    workers.push(
      new RiceWorker((w) => {
        const i = workers.indexOf(w);
        if (i >= 0) workers.splice(i, 1);
      }),
    );
  }
  return workers.slice(0, n);
}
