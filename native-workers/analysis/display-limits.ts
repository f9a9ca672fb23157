/**
 * Display limits for pictures (thumbnails, composites, profile displays), computed
 * on the already binned picture values: cheap, and what the picture shows.
 * zscale is the analysis engine's own (astropy ZScaleInterval defaults).
 */
import type { DisplayLimits } from './render.js';
import { AnalysisError } from './types.js';
import { stretchLimits } from './stretch.js';

export type PictureStretch = 'zscale' | 'minmax' | 'percentile';

/** Central percentage kept by the 'percentile' stretch. */
export const PICTURE_PERCENTILE = 99.5;

export function pictureLimits(values: Float32Array, width: number, height: number, stretch: PictureStretch): DisplayLimits {
  const view = { pixels: values, width, height };
  let hasFinite = false;
  for (let i = 0; i < values.length && !hasFinite; i++) hasFinite = Number.isFinite(values[i]!);
  // A picture with no valid pixel at all is drawn black rather than refused.
  if (!hasFinite) return { min: 0, max: 1 };
  switch (stretch) {
    case 'minmax':
      return stretchLimits(view, { kind: 'minmax' });
    case 'percentile':
      return stretchLimits(view, { kind: 'percentile', percent: PICTURE_PERCENTILE });
    case 'zscale':
      return stretchLimits(view, { kind: 'zscale' });
    default:
      throw new AnalysisError('BAD_ARGUMENT', `unknown stretch '${String(stretch)}' (zscale, minmax, percentile)`);
  }
}
