/**
 * Pixel-rectangle validation shared by every kernel: one place decides what a
 * bad region is, so statistics, histograms and stretches refuse it the same way.
 */
import { AnalysisError, type PixelRegion, type PixelView } from './types.js';

/** A validated rectangle, end exclusive, always inside the image and non-empty. */
export interface CheckedRegion {
  x0Px: number;
  y0Px: number;
  x1Px: number;
  y1Px: number;
}

function isIndex(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n);
}

/** The whole image when `region` is absent; BAD_REGION for empty, inverted, fractional or out-of-bounds rectangles. */
export function checkRegion(view: PixelView, region?: PixelRegion): CheckedRegion {
  checkView(view);
  if (!region) return { x0Px: 0, y0Px: 0, x1Px: view.width, y1Px: view.height };
  const { x0Px, y0Px, x1Px, y1Px } = region;
  if (![x0Px, y0Px, x1Px, y1Px].every(isIndex)) {
    throw new AnalysisError('BAD_REGION', `region corners must be integer pixel indices, got ${JSON.stringify(region)}`);
  }
  if (x0Px < 0 || y0Px < 0 || x1Px > view.width || y1Px > view.height) {
    throw new AnalysisError(
      'BAD_REGION',
      `region x ${x0Px}..${x1Px}, y ${y0Px}..${y1Px} (end exclusive) leaves the ${view.width}×${view.height} image`,
    );
  }
  if (x1Px <= x0Px || y1Px <= y0Px) {
    throw new AnalysisError('BAD_REGION', `region x ${x0Px}..${x1Px}, y ${y0Px}..${y1Px} (end exclusive) is empty or inverted`);
  }
  return { x0Px, y0Px, x1Px, y1Px };
}

/** Guards the view itself: dimensions that do not match the pixel buffer are a caller bug, reported as BAD_ARGUMENT. */
export function checkView(view: PixelView): void {
  const { width, height, pixels } = view;
  if (!isIndex(width) || !isIndex(height) || width < 0 || height < 0 || pixels.length < width * height) {
    throw new AnalysisError(
      'BAD_ARGUMENT',
      `pixel view of ${width}×${height} does not fit its buffer of ${pixels?.length} values`,
    );
  }
}

export function regionSize(r: CheckedRegion): number {
  return (r.x1Px - r.x0Px) * (r.y1Px - r.y0Px);
}

export function isWholeImage(view: PixelView, r: CheckedRegion): boolean {
  return r.x0Px === 0 && r.y0Px === 0 && r.x1Px === view.width && r.y1Px === view.height;
}
