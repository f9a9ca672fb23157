/**
 * Drives the parallel Rice decode's sharing protocol from a test, instead of betting on which
 * thread is faster: `claimFirst` holds the calling thread (through the decoder's
 * `beforeCallerClaims` hook) until the worker has claimed a chunk, and `arriveLate` keeps the
 * job from the worker until the calling thread has taken every chunk.
 */
import { setTimeout as pause } from 'node:timers/promises';
import type { RiceDecodeHooks } from '../../native-workers/fits/tiles/parallel.js';
import { CLAIM, CLAIM_LAYOUT, type RiceJob } from '../../native-workers/fits/tiles/rice-job.js';
import type { RiceJobRunner, RiceRunOutcome } from '../../native-workers/fits/tiles/rice-workers.js';

/** Long enough for a worker thread to start on a machine whose cores are all busy. */
const CLAIM_TIMEOUT_MS = 120_000;

/** Claim words by state, over every chunk of a job. */
export function claimStates(job: RiceJob): Record<keyof typeof CLAIM, number> {
  const claims = new Int32Array(job.claims);
  const count = { FREE: 0, MAIN: 0, WORKER: 0, WORKER_DONE: 0, MAIN_ONLY: 0, PENDING: 0 };
  const names = Object.keys(CLAIM) as (keyof typeof CLAIM)[];
  for (let w = CLAIM_LAYOUT.words; w < claims.length; w++) {
    const name = names.find((n) => CLAIM[n] === Atomics.load(claims, w));
    if (name) count[name]++;
  }
  return count;
}

export interface HeldRunner extends RiceJobRunner {
  /** The last job handed to the worker, and how its run ended. */
  readonly job: RiceJob | null;
  readonly outcome: Promise<RiceRunOutcome> | null;
}

/**
 * A runner and the hooks that make the worker claim first: the calling thread waits (at the
 * hook, between layout and its own claims) until the worker has claimed a chunk. It fails,
 * rather than hangs, if the worker ends its job without claiming or never starts.
 */
export function claimFirst(inner: RiceJobRunner): { runner: HeldRunner; hooks: RiceDecodeHooks } {
  let job: RiceJob | null = null;
  let outcome: Promise<RiceRunOutcome> | null = null;
  let settled = false;
  const runner: HeldRunner = {
    get job() {
      return job;
    },
    get outcome() {
      return outcome;
    },
    run(j: RiceJob): Promise<RiceRunOutcome> {
      job = j;
      settled = false;
      outcome = inner.run(j);
      void outcome.then(() => (settled = true));
      return outcome;
    },
  };
  const hooks: RiceDecodeHooks = {
    async beforeCallerClaims(j: RiceJob): Promise<void> {
      const deadline = Date.now() + CLAIM_TIMEOUT_MS;
      for (;;) {
        const s = claimStates(j);
        if (s.WORKER + s.WORKER_DONE > 0) return;
        if (settled) throw new Error('the worker ended its job without claiming a chunk');
        if (Date.now() > deadline) throw new Error(`the worker claimed no chunk within ${CLAIM_TIMEOUT_MS} ms`);
        await pause(2);
      }
    },
  };
  return { runner, hooks };
}

/**
 * A runner whose worker gets the job only when `release()` is called: the calling thread has
 * then taken every chunk (its claiming does not yield), so the worker finds none.
 */
export function arriveLate(inner: RiceJobRunner): { runner: HeldRunner; release: () => void } {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  let job: RiceJob | null = null;
  let outcome: Promise<RiceRunOutcome> | null = null;
  const runner: HeldRunner = {
    get job() {
      return job;
    },
    get outcome() {
      return outcome;
    },
    run(j: RiceJob): Promise<RiceRunOutcome> {
      job = j;
      outcome = gate.then(() => inner.run(j));
      return outcome;
    },
  };
  return { runner, release: () => open() };
}
