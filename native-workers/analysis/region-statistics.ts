/**
 * Statistics inside DS9 regions: the pixels each include region holds (centre-in-shape, minus
 * the exclude regions after it, see native-workers/regions/mask.ts) are gathered in their own
 * dtype and measured by the same exact ordered-multiset statistics as the whole frame, so the
 * numbers equal numpy's on the same pixels.
 */
import type { PixelArray } from '../fits/types.js';
import { regionPixels } from '../regions/mask.js';
import type { PixelRegion, PixelShape } from '../regions/types.js';
import { buildOrderedValues } from './ordered.js';
import { statisticsOf } from './statistics.js';
import { checkView } from './region.js';
import type { PixelView } from './types.js';

export interface RegionStatistics {
  /** 0-based position among the include regions with an area, in file order. */
  index: number;
  shape: PixelShape['kind'];
  text?: string;
  /** 1-based line of the region file, when the region came from one. */
  line?: number;
  count: number;
  sum: number | null;
  mean: number | null;
  median: number | null;
  min: number | null;
  max: number | null;
  std: number | null;
  nanCount: number;
}

type PixelArrayConstructor = new (length: number) => PixelArray;

/** The values at `indices`, in the image's own dtype (so the ordered statistics see what numpy sees). */
function gather(pixels: PixelArray, indices: Uint32Array): PixelArray {
  const out = new (pixels.constructor as PixelArrayConstructor)(indices.length);
  for (let k = 0; k < indices.length; k++) out[k] = pixels[indices[k]!]!;
  return out;
}

export function measurePixels(view: PixelView, indices: Uint32Array): Omit<RegionStatistics, 'index' | 'shape' | 'text' | 'line'> {
  const empty = { count: 0, sum: null, mean: null, median: null, min: null, max: null, std: null };
  if (indices.length === 0) return { ...empty, nanCount: 0 };
  const values = gather(view.pixels, indices);
  const gathered: PixelView = { pixels: values, width: values.length, height: 1 };
  if (view.blank !== undefined) gathered.blank = view.blank;
  const ov = buildOrderedValues(gathered, { x0Px: 0, y0Px: 0, x1Px: values.length, y1Px: 1 });
  if (ov.count === 0) return { ...empty, nanCount: ov.nanCount };
  const s = statisticsOf(ov);
  return { count: s.count, sum: ov.moments(0, ov.count, 0).s1, mean: s.mean, median: s.median, min: s.min, max: s.max, std: s.std, nanCount: s.nanCount };
}

/** One entry per include region with an area, in list order. */
export function regionStatistics(view: PixelView, regions: readonly PixelRegion[]): RegionStatistics[] {
  checkView(view);
  return regionPixels(regions, view.width, view.height).map((rp, index) => {
    const region = regions[rp.regionIndex]!;
    const entry: RegionStatistics = { index, shape: region.shape.kind, ...measurePixels(view, rp.indices) };
    if (region.text !== undefined && region.text !== '') entry.text = region.text;
    if (region.line !== undefined) entry.line = region.line;
    return entry;
  });
}
