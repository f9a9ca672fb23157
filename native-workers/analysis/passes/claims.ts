/**
 * Work claimed chunk by chunk: for passes whose parts combine in any order, the region is
 * cut into many chunks and every thread takes the next unclaimed one until none is left,
 * so a thread that runs slower (a busy core, a cold JIT) simply takes fewer. A shared
 * Int32Array holds the next chunk (index 0) and which thread took each chunk (1 + chunk),
 * so the chunks of a helper that failed can be done again by the caller.
 */
import type { PixelRuns } from './pixel-pass.js';

/** What a thread needs to take part. */
export interface ClaimJob {
  chunks: PixelRuns[];
  /** [next chunk, owner of chunk 0, owner of chunk 1, ...] in a SharedArrayBuffer. */
  claims: Int32Array;
  /** This thread's owner id (≥ 1; 0 means unclaimed). */
  owner: number;
}

export function newClaims(chunkCount: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(4 * (1 + chunkCount)));
}

/**
 * Takes chunks until none is left, visiting the first and accumulating the rest into it.
 * Null when every chunk was taken by others. Self-contained: helper threads run its text.
 */
export function visitClaimed<P, R>(
  visit: (pixels: unknown, runs: PixelRuns, params: P) => R,
  accumulate: (pixels: unknown, runs: PixelRuns, params: P, into: R) => R,
  pixels: unknown,
  job: ClaimJob,
  params: P,
): R | null {
  let result: R | null = null;
  for (;;) {
    const c = Atomics.add(job.claims, 0, 1);
    if (c >= job.chunks.length) return result;
    Atomics.store(job.claims, 1 + c, job.owner);
    result = result === null ? visit(pixels, job.chunks[c]!, params) : accumulate(pixels, job.chunks[c]!, params, result);
  }
}

/** The chunks not taken by any of `owners` (0, unmarked, is never among them). */
export function chunksNotOf(job: Pick<ClaimJob, 'chunks' | 'claims'>, owners: Set<number>): PixelRuns[] {
  return job.chunks.filter((_, c) => !owners.has(Atomics.load(job.claims, 1 + c)));
}
