/**
 * Runs a pixel pass over a region: on this thread alone, or split between this thread and
 * helper threads when the pixels are in shared memory and the region is large enough to
 * repay them. A helper that fails costs time, never the result: its part is visited here.
 */
import type { PixelView } from '../types.js';
import type { CheckedRegion } from '../region.js';
import type { PixelPass, PixelRuns } from './pixel-pass.js';
import { regionRuns, runsSize, splitRuns } from './runs.js';
import { maxPassHelpers, passHelpers, type PassHelper } from './pass-helpers.js';

/** Below this many pixels one thread is done before a helper would have answered. */
export const PARALLEL_MIN_PIXELS = 1 << 20;

export interface RunPassOptions {
  /** Helpers to share the work with (default: the module's helper threads; [] = this thread only). */
  helpers?: PassHelper[];
}

const warned = new Set<string>();

/** A helper's failure is worth one line (it only costs time, but a pass that always fails there is a bug). */
function warnOnce(pass: string, message: string): void {
  if (warned.has(pass)) return;
  warned.add(pass);
  process.emitWarning(`pixel pass ${pass} failed in a helper thread (${message}); its part was visited on the calling thread`);
}

export function runPassSync<P, R>(pass: PixelPass<P, R>, view: PixelView, r: CheckedRegion | PixelRuns, params: P): R {
  const runs = Array.isArray(r) ? r : regionRuns(view.width, r);
  return pass.visit(view.pixels, runs, params);
}

/** Whether `runPass` would split this work between threads. */
export function wouldSplit(view: PixelView, pixelCount: number, helpers?: PassHelper[]): boolean {
  const available = helpers ? helpers.length : maxPassHelpers();
  return available > 0 && pixelCount >= PARALLEL_MIN_PIXELS && view.pixels.buffer instanceof SharedArrayBuffer;
}

export async function runPass<P, R>(
  pass: PixelPass<P, R>,
  view: PixelView,
  r: CheckedRegion | PixelRuns,
  params: P,
  options: RunPassOptions = {},
): Promise<R> {
  const runs = Array.isArray(r) ? r : regionRuns(view.width, r);
  if (!wouldSplit(view, runsSize(runs), options.helpers)) return pass.visit(view.pixels, runs, params);
  const helpers = options.helpers ?? passHelpers();
  const parts = splitRuns(runs, helpers.length + 1, pass.cuts?.(params));
  // Helpers take the later parts; this thread visits the first while they work.
  const outcomes = helpers.map((h, i) => h.visit(pass, view.pixels, parts[i + 1]!, params));
  let result = pass.visit(view.pixels, parts[0]!, params);
  for (let i = 0; i < helpers.length; i++) {
    const outcome = await outcomes[i]!;
    if (!outcome.ok) warnOnce(pass.name, outcome.message);
    const part = outcome.ok ? outcome.result : pass.visit(view.pixels, parts[i + 1]!, params);
    result = pass.merge(result, part);
  }
  return result;
}
