/**
 * A pixel pass: one loop over the pixels of a region that can be split between threads.
 * The calling thread and helper threads (../../pass-helpers.ts) each visit a part of the
 * region and the parts' results are merged, so a pass over a large image in shared memory
 * takes about 1/threads of the time; otherwise the whole region is one part.
 */
import type { PixelArray } from '../../fits/types.js';
import type { ClaimJob } from './claims.js';

/**
 * Index runs of the pixels to visit, flattened: [start0, end0, start1, end1, ...], end
 * exclusive, ascending. A region is one run per row (one run for full-width rows).
 */
export type PixelRuns = number[];

export interface PixelPass<Params, Result> {
  /** Unique: a helper thread finds the pass by this name. */
  readonly name: string;
  /**
   * Visits the pixels of `runs` and returns what it found. Must be self-contained (no
   * reference to anything outside its own text: no imports, no module constants), because
   * helper threads run its source text. Params and result must be structured-cloneable;
   * typed arrays in the result (top level or one level down) are transferred, not copied.
   */
  readonly visit: (pixels: PixelArray, runs: PixelRuns, params: Params) => Result;
  /** Combines the results of two parts; `a`'s pixels come before `b`'s. May reuse either. */
  readonly merge: (a: Result, b: Result) => Result;
  /**
   * For passes whose parts combine in any order: visits more pixels into an earlier result
   * (self-contained like `visit`). Such passes are shared chunk by chunk (./claims.ts).
   */
  readonly accumulate?: (pixels: PixelArray, runs: PixelRuns, params: Params, into: Result) => Result;
  /** Where parts may end, when not anywhere: ascending pixel offsets from the first pixel visited. */
  readonly cuts?: (params: Params) => number[];
}

/** What a helper answers: the part's result, or why it could not (the caller then visits the part itself). */
export type PartOutcome<R> = { ok: true; result: R } | { ok: false; message: string };

/** Another thread that can visit a part of the pixels (in shared memory). */
export interface PassHelper {
  visit<P, R>(pass: PixelPass<P, R>, pixels: PixelArray, runs: PixelRuns, params: P): Promise<PartOutcome<R>>;
  /** Takes chunks of `job` until none is left (a pass with `accumulate`); null: it took none. */
  visitClaimed<P, R>(pass: PixelPass<P, R>, pixels: PixelArray, job: ClaimJob, params: P): Promise<PartOutcome<R | null>>;
}
