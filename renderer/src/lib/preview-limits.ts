/**
 * Display limits computed in the console from the preview itself, so the first picture need
 * not wait for the host: the same pure kernels the host runs (astropy's zscale, min/max,
 * percentile), only on the binned pixels. The host's limits on the full frame replace them
 * when they arrive.
 */
import { stretchLimits } from '../../../native-workers/analysis/stretch';
import type { LimitsMethod } from './view-memory';

export function previewLimits(
  preview: { pixels: Float32Array; width: number; height: number },
  method: LimitsMethod,
  percentile: number,
): { min: number; max: number } | null {
  const kind = method === 'manual' ? 'zscale' : method;
  try {
    const l = stretchLimits(
      { pixels: preview.pixels, width: preview.width, height: preview.height },
      kind === 'percentile' ? { kind, percent: percentile } : { kind },
    );
    return Number.isFinite(l.min) && Number.isFinite(l.max) ? { min: l.min, max: l.max } : null;
  } catch {
    return null; // an all-NaN preview: wait for the host's answer
  }
}
