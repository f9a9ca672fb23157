/** Every pixel pass a helper thread can run (their sources make up its program). */
import type { PixelPass } from './pixel-pass.js';
import { bucketFillPass } from './bucket-fill.js';
import { binRowsPass } from './bin-rows.js';

export const REGISTERED_PASSES: readonly PixelPass<never, unknown>[] = [
  bucketFillPass as PixelPass<never, unknown>,
  binRowsPass as PixelPass<never, unknown>,
];
