/**
 * Thumbnails as JPEG or PNG: area-averaged to fit inside width × height (aspect
 * kept), optionally 3×3 median-filtered, stretched, row 0 at the bottom, with an
 * optional white label in the lower left. The only kernel that calls a library
 * with native code (sharp, for encoding and drawing the label).
 */
import sharp from 'sharp';
import type { OverlayOptions } from 'sharp';
import type { PixelView } from './types.js';
import { AnalysisError } from './types.js';
import type { RunPassOptions } from './passes/run-pass.js';
import { fitInside, resampleAreaAsync, valuesToBytes, type Transfer } from './render.js';
import { medianFilter3x3 } from './median-filter.js';
import { pictureLimits, type PictureStretch } from './display-limits.js';

export type PictureFormat = 'jpeg' | 'png';

export interface ThumbnailOptions {
  /** Fit inside width × height, aspect kept (when neither is given: inside 512 × 512, never enlarged). */
  width?: number;
  height?: number;
  /** White text in the lower-left corner. */
  label?: string;
  /** JPEG quality 1..100 (default 80). */
  quality?: number;
  /** 3×3 median filter on the thumbnail-sized image before stretching (hides hot pixels). */
  median?: boolean;
  /** Display limits (default zscale). */
  stretch?: PictureStretch;
  /** Transfer function (default linear). */
  transfer?: Transfer;
  format?: PictureFormat;
}

export const DEFAULT_THUMBNAIL_SIZE = 512;

/** The picture size for a source of srcWidth × srcHeight under the options (never larger than asked). */
export function thumbnailSize(srcWidth: number, srcHeight: number, opts: Pick<ThumbnailOptions, 'width' | 'height'>): { width: number; height: number } {
  if (opts.width === undefined && opts.height === undefined) {
    // No size asked: at most 512 × 512, and never enlarged.
    const box = Math.min(DEFAULT_THUMBNAIL_SIZE, Math.max(srcWidth, srcHeight));
    return fitInside(srcWidth, srcHeight, box, box);
  }
  return fitInside(srcWidth, srcHeight, opts.width, opts.height);
}

/** `passes`: helper threads for the binning of large frames in shared memory. */
export async function makeThumbnail(view: PixelView, opts: ThumbnailOptions = {}, passes?: RunPassOptions): Promise<Buffer> {
  const { width, height } = thumbnailSize(view.width, view.height, opts);
  const binned = await resampleAreaAsync(view, width, height, undefined, passes);
  const values = opts.median ? medianFilter3x3(binned.pixels, width, height) : binned.pixels;
  const limits = pictureLimits(values, width, height, opts.stretch ?? 'zscale');
  const grey = valuesToBytes(values, width, height, limits, opts.transfer ?? 'linear', true);
  return encodePicture({ data: grey, width, height, channels: 1 }, opts);
}

export interface RawPicture {
  data: Uint8Array;
  width: number;
  height: number;
  channels: 1 | 3;
}

/** Encodes raw 8-bit pixels (top row first) with an optional label; shared by thumbnails and composites. */
export async function encodePicture(
  picture: RawPicture,
  opts: Pick<ThumbnailOptions, 'label' | 'quality' | 'format'> & { overlays?: OverlayOptions[] },
): Promise<Buffer> {
  const quality = opts.quality ?? 80;
  if (!Number.isInteger(quality) || quality < 1 || quality > 100) {
    throw new AnalysisError('BAD_ARGUMENT', `quality must be an integer 1..100, got ${quality}`);
  }
  const format = opts.format ?? 'jpeg';
  if (format !== 'jpeg' && format !== 'png') throw new AnalysisError('BAD_ARGUMENT', `unknown format '${String(format)}' (jpeg, png)`);
  let image = sharp(Buffer.from(picture.data.buffer, picture.data.byteOffset, picture.data.byteLength), {
    raw: { width: picture.width, height: picture.height, channels: picture.channels },
  });
  const overlays = [...(opts.overlays ?? [])];
  if (opts.label) overlays.push({ input: labelSvg(opts.label, picture.width, picture.height), left: 0, top: 0 });
  if (overlays.length > 0) image = image.composite(overlays);
  return format === 'png' ? image.png().toBuffer() : image.jpeg({ quality }).toBuffer();
}

/** A transparent SVG of the picture's size with the label in white at the lower left, on a thin dark outline. */
function labelSvg(label: string, width: number, height: number): Buffer {
  const fontPx = Math.max(9, Math.min(32, Math.round(Math.min(width, height) * 0.06)));
  const margin = Math.max(2, Math.round(fontPx * 0.4));
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
    `<text x="${margin}" y="${height - margin}" font-family="DejaVu Sans, sans-serif" font-size="${fontPx}" ` +
    `fill="#ffffff" stroke="#000000" stroke-width="${Math.max(1, fontPx / 12).toFixed(1)}" paint-order="stroke">` +
    `${escapeXml(label)}</text></svg>`;
  return Buffer.from(svg);
}

export function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
}
