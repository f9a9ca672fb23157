/**
 * RGB composite of three frames of the same shape (e.g. red, visual, blue
 * filters), each channel stretched on its own (zscale by default) so that
 * frames with different sky levels still balance.
 */
import type { PixelView } from './types.js';
import { AnalysisError } from './types.js';
import type { RunPassOptions } from './passes/run-pass.js';
import { resampleAreaAsync, valuesToBytes, type Transfer } from './render.js';
import { medianFilter3x3 } from './median-filter.js';
import { pictureLimits } from './display-limits.js';
import { encodePicture, thumbnailSize, type ThumbnailOptions } from './thumbnail.js';

export type ColorCompositeOptions = ThumbnailOptions & { transfer?: Transfer };

export async function makeColorComposite(
  red: PixelView,
  green: PixelView,
  blue: PixelView,
  opts: ColorCompositeOptions = {},
  passes?: RunPassOptions,
): Promise<Buffer> {
  for (const [name, v] of [['green', green], ['blue', blue]] as const) {
    if (v.width !== red.width || v.height !== red.height) {
      throw new AnalysisError(
        'BAD_ARGUMENT',
        `colour composite needs frames of one shape: red is ${red.width}×${red.height}, ${name} is ${v.width}×${v.height}`,
      );
    }
  }
  const { width, height } = thumbnailSize(red.width, red.height, opts);
  const rgb = new Uint8Array(width * height * 3);
  for (const [channel, view] of [red, green, blue].entries()) {
    const binned = await resampleAreaAsync(view, width, height, undefined, passes);
    const values = opts.median ? medianFilter3x3(binned.pixels, width, height) : binned.pixels;
    const limits = pictureLimits(values, width, height, opts.stretch ?? 'zscale');
    const levels = valuesToBytes(values, width, height, limits, opts.transfer ?? 'linear', true);
    for (let i = 0; i < levels.length; i++) rgb[3 * i + channel] = levels[i]!;
  }
  return encodePicture({ data: rgb, width, height, channels: 3 }, opts);
}
