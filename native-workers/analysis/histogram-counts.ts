/**
 * The clipped histogram's counts and edges without the ordered multiset, for 32-bit and
 * float64 pixels: percentiles from a sample and one bracket pass (./percentile-brackets.ts),
 * or min and max from one pass, then one binning pass against the float64 edges. Equal,
 * number for number and error for error, to `clippedHistogram` (./histogram.ts).
 *
 * The recipe is written once as a generator that asks for its pixel passes; a synchronous
 * and an asynchronous driver (helper threads) answer them.
 */
import { AnalysisError, type PixelView } from './types.js';
import { type CheckedRegion, regionSize } from './region.js';
import { buildOrderedValues, buildOrderedValuesAsync, type NumericKind, type OrderedValues } from './ordered.js';
import { percentileLinear } from './numpy-semantics.js';
import { clippedEdges, scalarRange } from './histogram-edges.js';
import {
  blankAsPixel,
  percentileOfSample,
  percentilesFromBrackets,
  planBrackets,
  samplePixels,
  SAMPLE_SIZE,
} from './percentile-brackets.js';
import type { PixelPass } from './passes/pixel-pass.js';
import { runPass, runPassSync, type RunPassOptions } from './passes/run-pass.js';
import { valueRangePass } from './passes/value-range.js';
import { percentileBracketPass } from './passes/percentile-bracket.js';
import { edgeCountsPass } from './passes/edge-counts.js';
import { planEdgeCounts } from './bin-guess.js';

export interface HistogramResult {
  counts: number[];
  edges: number[];
}

/**
 * The way a clipped histogram's percentiles were found:
 *  - wholeSample: the region was sampled whole, percentiles straight from the sample;
 *  - brackets: from the bracket pass;
 *  - dense: the brackets would lie in the bulk of the values (a wide clip) and the pixels are 32-bit: the multiset answered;
 *  - fallback: a wanted rank fell outside the brackets: the multiset answered.
 */
export type HistogramCountsPath = 'wholeSample' | 'brackets' | 'dense' | 'fallback';

/** Knobs for tests: a smaller sample exercises the bracket pass on small images. */
export interface HistogramTuning {
  sampleSize?: number;
  /** Use the bracket pass for 32-bit pixels even when the brackets lie in the bulk (see `countsRecipe`). */
  denseBrackets?: boolean;
  /** Told which way the percentiles were found (tests check that the fast way is the usual one). */
  onPath?: (path: HistogramCountsPath) => void;
}

export function emptyDataError(invalid: number): AnalysisError {
  return new AnalysisError('EMPTY_DATA', `no valid pixels: all ${invalid} are NaN or BLANK`);
}

/** The clipped histogram from an ordered multiset (EMPTY_DATA when it is empty). */
export function clippedHistogramOf(ov: OrderedValues, clip: number | undefined): HistogramResult {
  const n = ov.count;
  if (n === 0) throw emptyDataError(ov.nanCount);
  let low: number;
  let range: number;
  if (clip === undefined) {
    low = ov.at(0);
    range = scalarRange(low, ov.at(n - 1), ov.kind);
  } else {
    const percent = clip * 100;
    low = percentileLinear(ov, percent);
    range = percentileLinear(ov, 100 - percent) - low;
  }
  const { edges } = clippedEdges(low, range);
  return { counts: countIntoEdges(ov, edges), edges };
}

/** np.histogram(values, bins=edges): [e_i, e_i+1) with the last bin closed; values outside are left out. */
function countIntoEdges(ov: OrderedValues, edges: number[]): number[] {
  const counts = new Array<number>(Math.max(0, edges.length - 1));
  for (let i = 0; i < counts.length; i++) {
    const from = ov.lowerBound(edges[i]!);
    const to = i === counts.length - 1 ? ov.upperBound(edges[i + 1]!) : ov.lowerBound(edges[i + 1]!);
    counts[i] = Math.max(0, to - from);
  }
  return counts;
}

/** Whether the recipe below serves this kind (8/16-bit images keep their count tables). */
export function hasFastCounts(kind: NumericKind): boolean {
  return kind === 'float32' || kind === 'int32' || kind === 'uint32' || kind === 'float64';
}

/** What the recipe asks its driver for: a pixel pass over the region, or the multiset. */
type Request = { pass: PixelPass<never, unknown>; params: unknown } | { multiset: true };

function passRequest<P, R>(pass: PixelPass<P, R>, params: P): Request {
  return { pass: pass as unknown as PixelPass<never, unknown>, params };
}

/** The recipe: yields requests, receives their answers, returns the histogram. */
function* countsRecipe(
  view: PixelView,
  r: CheckedRegion,
  kind: NumericKind,
  clip: number | undefined,
  tuning: HistogramTuning,
): Generator<Request, HistogramResult, unknown> {
  const blank = blankAsPixel(kind, view.blank);
  const size = regionSize(r);
  let low: number;
  let range: number;
  if (clip === undefined) {
    const found = (yield passRequest(valueRangePass, { blank })) as ReturnType<typeof valueRangePass.visit>;
    if (found.invalid === size) throw emptyDataError(size);
    low = found.min + 0; // −0 reads as 0, as in the multiset
    range = scalarRange(low, found.max + 0, kind);
  } else {
    const percents = [clip * 100, 100 - clip * 100] as const;
    const sample = samplePixels(view, r, blank, tuning.sampleSize ?? SAMPLE_SIZE);
    let limits: number[] | null;
    if (sample.whole) {
      tuning.onPath?.('wholeSample');
      if (sample.values.length === 0) throw emptyDataError(size);
      limits = percents.map((p) => percentileOfSample(kind, sample, p));
    } else {
      const params = planBrackets(kind, sample, percents, blank);
      if (!params.mostlyBetween && kind !== 'float64' && !tuning.denseBrackets) {
        // Brackets in the bulk cost a poorly predicted test per pixel; the 32-bit multiset is
        // then faster (for float64 it is a full sort, much slower still).
        tuning.onPath?.('dense');
        return clippedHistogramOf((yield { multiset: true }) as OrderedValues, clip);
      }
      const found = (yield passRequest(percentileBracketPass, params)) as ReturnType<typeof percentileBracketPass.visit>;
      const count = size - found.invalid;
      if (count === 0) throw emptyDataError(size);
      limits = percentilesFromBrackets(kind, params, found, count, percents);
      if (limits) tuning.onPath?.('brackets');
    }
    if (!limits) {
      tuning.onPath?.('fallback');
      return clippedHistogramOf((yield { multiset: true }) as OrderedValues, clip);
    }
    low = limits[0]!;
    range = limits[1]! - low;
  }
  const { edges, binSize } = clippedEdges(low, range);
  if (edges.length < 2) return { counts: [], edges };
  const params = planEdgeCounts(edges, binSize, kind, blank);
  const binned = (yield passRequest(edgeCountsPass, params)) as ReturnType<typeof edgeCountsPass.visit>;
  return { counts: Array.from(binned.counts), edges };
}

export function clippedCountsSync(
  view: PixelView,
  r: CheckedRegion,
  kind: NumericKind,
  clip: number | undefined,
  tuning: HistogramTuning = {},
): HistogramResult {
  const recipe = countsRecipe(view, r, kind, clip, tuning);
  let step = recipe.next();
  while (!step.done) {
    const req = step.value;
    step = recipe.next('multiset' in req ? buildOrderedValues(view, r) : runPassSync(req.pass, view, r, req.params as never));
  }
  return step.value;
}

export async function clippedCountsAsync(
  view: PixelView,
  r: CheckedRegion,
  kind: NumericKind,
  clip: number | undefined,
  options: RunPassOptions & HistogramTuning = {},
): Promise<HistogramResult> {
  const recipe = countsRecipe(view, r, kind, clip, options);
  let step = recipe.next();
  while (!step.done) {
    const req = step.value;
    step = recipe.next(
      'multiset' in req ? await buildOrderedValuesAsync(view, r, options) : await runPass(req.pass, view, r, req.params as never, options),
    );
  }
  return step.value;
}
