/**
 * Inputs and outputs of the pure analysis kernels. A `FitsImage` is a `PixelView`.
 * Coordinates are 0-based pixel indices, x along NAXIS1 (columns), y along NAXIS2 (rows, row 0 first in memory).
 */
import type { PixelArray } from '../fits/types.js';

export interface PixelView {
  pixels: PixelArray;
  width: number;
  height: number;
  /** Physical value that marks a missing pixel in integer data; NaN always marks one. */
  blank?: number;
}

/** A pixel rectangle, end exclusive: columns x0Px..x1Px-1, rows y0Px..y1Px-1. */
export interface PixelRegion {
  x0Px: number;
  y0Px: number;
  x1Px: number;
  y1Px: number;
}

export interface ImageStatistics {
  mean: number;
  median: number;
  /** Most frequent value, the smallest on ties (scipy.stats.mode). */
  mode: number;
  min: number;
  max: number;
  /** Population standard deviation (ddof 0). */
  std: number;
  /** Median absolute deviation about the median, unscaled (scipy.stats.median_abs_deviation default). */
  mad: number;
  /** Pixels counted (excluding NaN and BLANK). */
  count: number;
  /** NaN and BLANK pixels excluded. */
  nanCount: number;
  /** 3σ-clipped median. */
  sky: number;
  /** 1.4826 × MAD. */
  noise: number;
}

/** Errors the kernels raise for bad requests (empty/out-of-bounds region, no valid pixels, ...). */
export type AnalysisErrorCode = 'BAD_REGION' | 'EMPTY_DATA' | 'BAD_ARGUMENT';

export class AnalysisError extends Error {
  readonly code: AnalysisErrorCode;
  constructor(code: AnalysisErrorCode, message: string) {
    super(message);
    this.name = 'AnalysisError';
    this.code = code;
  }
}
