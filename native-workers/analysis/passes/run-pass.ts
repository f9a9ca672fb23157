/**
 * Runs a pixel pass over a region: on this thread alone, or split between this thread and
 * the helpers it is given when the pixels are in shared memory and the region is large
 * enough to repay them. A helper that fails costs time, never the result: its part is visited here.
 */
import type { PixelView } from '../types.js';
import type { CheckedRegion } from '../region.js';
import type { PassHelper, PixelPass, PixelRuns } from './pixel-pass.js';
import { regionRuns, runsSize, splitRuns } from './runs.js';
import { chunksNotOf, newClaims, visitClaimed } from './claims.js';

/** Below this many pixels one thread is done before a helper would have answered. */
export const PARALLEL_MIN_PIXELS = 1 << 20;

export interface RunPassOptions {
  /** Helpers to share the work with (none: this thread only). The threads are in ../../pass-helpers.ts. */
  helpers?: PassHelper[];
}

export function runPassSync<P, R>(pass: PixelPass<P, R>, view: PixelView, r: CheckedRegion | PixelRuns, params: P): R {
  const runs = Array.isArray(r) ? r : regionRuns(view.width, r);
  return pass.visit(view.pixels, runs, params);
}

/** Whether `runPass` would split this work between threads. */
export function wouldSplit(view: PixelView, pixelCount: number, helpers: PassHelper[] = []): boolean {
  return helpers.length > 0 && pixelCount >= PARALLEL_MIN_PIXELS && view.pixels.buffer instanceof SharedArrayBuffer;
}

/** Chunks per claimed pass: enough that the threads finish together, few enough that claiming costs nothing. */
export const CLAIM_CHUNKS = 32;

async function runClaimed<P, R>(
  pass: PixelPass<P, R>,
  accumulate: NonNullable<PixelPass<P, R>['accumulate']>,
  view: PixelView,
  runs: PixelRuns,
  params: P,
  helpers: PassHelper[],
): Promise<R> {
  const chunks = splitRuns(runs, CLAIM_CHUNKS);
  const claims = newClaims(chunks.length);
  const visit = pass.visit as (pixels: unknown, runs: PixelRuns, params: P) => R;
  const into = accumulate as (pixels: unknown, runs: PixelRuns, params: P, into: R) => R;
  const outcomes = helpers.map((h, i) => h.visitClaimed(pass, view.pixels, { chunks, claims, owner: i + 2 }, params));
  let result = visitClaimed(visit, into, view.pixels, { chunks, claims, owner: 1 }, params);
  const add = (part: R | null): void => {
    if (part !== null) result = result === null ? part : pass.merge(result, part);
  };
  const answered = new Set([1]);
  for (let i = 0; i < helpers.length; i++) {
    const outcome = await outcomes[i]!;
    if (!outcome.ok) continue;
    answered.add(i + 2);
    add(outcome.result);
  }
  // What a failed helper took is done again here (also a chunk it died between taking and marking).
  for (const chunk of chunksNotOf({ chunks, claims }, answered)) add(visit(view.pixels, chunk, params));
  return result ?? pass.visit(view.pixels, [], params);
}

export async function runPass<P, R>(
  pass: PixelPass<P, R>,
  view: PixelView,
  r: CheckedRegion | PixelRuns,
  params: P,
  options: RunPassOptions = {},
): Promise<R> {
  const runs = Array.isArray(r) ? r : regionRuns(view.width, r);
  const helpers = options.helpers ?? [];
  if (!wouldSplit(view, runsSize(runs), helpers)) return pass.visit(view.pixels, runs, params);
  if (pass.accumulate) return runClaimed(pass, pass.accumulate, view, runs, params, helpers);
  const parts = splitRuns(runs, helpers.length + 1, pass.cuts?.(params));
  // Helpers take the later parts; this thread visits the first while they work.
  const outcomes = helpers.map((h, i) => h.visit(pass, view.pixels, parts[i + 1]!, params));
  let result = pass.visit(view.pixels, parts[0]!, params);
  for (let i = 0; i < helpers.length; i++) {
    const outcome = await outcomes[i]!;
    const part = outcome.ok ? outcome.result : pass.visit(view.pixels, parts[i + 1]!, params);
    result = pass.merge(result, part);
  }
  return result;
}
