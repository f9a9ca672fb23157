/**
 * A coarse look at an image from every step-th row only: output row oy is row oy·step of the
 * source, averaged over blocks of `step` columns (NaN and BLANK pixels left out; NaN where a
 * block has none). Rows in between are never read, so a decoder may skip them.
 */
import { AnalysisError, type PixelView } from './types.js';
import type { BinnedImage } from './render.js';

export function sampleRowsBinned(view: PixelView, step: number): BinnedImage {
  if (!Number.isInteger(step) || step < 1) throw new AnalysisError('BAD_ARGUMENT', `row step must be a positive integer, got ${step}`);
  const { pixels, width, height } = view;
  const blank = view.blank;
  const outW = Math.ceil(width / step);
  const outH = Math.ceil(height / step);
  const out = new Float32Array(outW * outH);
  for (let oy = 0; oy < outH; oy++) {
    const row = oy * step * width;
    for (let ox = 0; ox < outW; ox++) {
      const x0 = ox * step;
      const x1 = Math.min(width, x0 + step);
      let sum = 0;
      let n = 0;
      for (let x = x0; x < x1; x++) {
        const v = pixels[row + x]!;
        // v === v is false for NaN only.
        if (v === v && v !== blank) {
          sum += v;
          n++;
        }
      }
      out[oy * outW + ox] = n > 0 ? sum / n : NaN;
    }
  }
  return { pixels: out, width: outW, height: outH };
}
