/** Every pixel pass a helper thread can run (their sources make up its program). */
import type { PixelPass } from './pixel-pass.js';
import { bucketFillPass } from './bucket-fill.js';
import { binRowsPass } from './bin-rows.js';
import { valueRangePass } from './value-range.js';
import { percentileBracketPass } from './percentile-bracket.js';
import { edgeCountsPass } from './edge-counts.js';

export const REGISTERED_PASSES: readonly PixelPass<never, unknown>[] = [
  bucketFillPass,
  binRowsPass,
  valueRangePass,
  percentileBracketPass,
  edgeCountsPass,
] as unknown as readonly PixelPass<never, unknown>[];
