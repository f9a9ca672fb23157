/**
 * Worker threads for parallel Rice decoding: at most (cores − 1), started on first use.
 * Plain-JS eval workers (../../eval-worker.ts) whose source is the decoder's own functions
 * (their text at run time), so the thread needs no TypeScript loader.
 */
import { availableParallelism } from 'node:os';
import { EvalWorker, SpareThreads } from '../../eval-worker.js';
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

export class RiceWorker implements RiceJobRunner {
  private readonly thread: EvalWorker<Reply>;

  constructor(onExit: (w: RiceWorker) => void = () => {}, source = RICE_WORKER_SOURCE) {
    this.thread = new EvalWorker<Reply>(source, undefined, () => onExit(this));
  }

  async run(job: RiceJob): Promise<RiceRunOutcome> {
    const reply = await this.thread.request({ job });
    if (reply instanceof Error) return { ok: false, message: `Rice worker failed: ${reply.message}` };
    return reply.crashed !== undefined ? { ok: false, message: reply.crashed } : { ok: true, failure: reply.failure ?? null };
  }

  /** Ends the thread; pending jobs resolve as failed. */
  terminate(): Promise<number> {
    return this.thread.terminate();
  }
}

/** Worker threads worth starting: none on a single core. */
export function maxRiceWorkers(): number {
  return Math.max(0, availableParallelism() - 1);
}

const workers = new SpareThreads<RiceWorker>(maxRiceWorkers, (onExit) => new RiceWorker(onExit));

/** The pool's workers (started on first use), as many as the machine has spare cores. */
export function riceWorkers(): RiceWorker[] {
  return workers.get();
}
