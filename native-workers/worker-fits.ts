/**
 * The worker's door to the FITS reader: decode a frame into shared memory, and
 * read headers / HDU summaries without decoding pixels.
 */
import { readFitsFile, readImage, selectImageHdu } from './fits/index.js';
import { planeNamesOf } from './fits/frames-table.js';
import type { Card, FitsLimits, HduInfo, PixelArray } from './fits/types.js';
import type { FrameRef, PixelArrayType, PreviewResult, SharedImage } from './pool-types.js';
import { previewBinFactor } from './analysis/render.js';
import { sampleRowsBinned } from './analysis/row-sample.js';

function arrayTypeOf(pixels: PixelArray): PixelArrayType {
  return pixels.constructor.name as PixelArrayType;
}

/**
 * Decodes one plane (default 0) of the frame's HDU into a SharedArrayBuffer that every worker can
 * view. Tile-compressed frames are decoded straight into shared memory; plain ones are copied once,
 * into one of `reuse` (buffers of frames the pool dropped) when one has exactly the right size, else
 * a new one. Reusing keeps memory flat over a night of same-sized frames: a dropped buffer is only
 * freed once every thread that saw it has collected its garbage, which idle threads rarely do.
 */
export async function decodeToShared(frame: FrameRef, limits?: Partial<FitsLimits>, reuse: SharedArrayBuffer[] = []): Promise<SharedImage> {
  const file = await readFitsFile(frame.path, { limits });
  const hdu = selectImageHdu(file, frame.hdu);
  // The file's bytes are ours alone: let the reader swap them in place instead of copying.
  const image = readImage(file, hdu.index, { limits, inPlace: true, plane: frame.plane ?? 0, shared: true });
  const px = image.pixels;
  const alreadyShared = px.buffer instanceof SharedArrayBuffer && px.byteOffset === 0 && px.byteLength === px.buffer.byteLength;
  const reusedIndex = alreadyShared ? -1 : reuse.findIndex((b) => b.byteLength === px.byteLength);
  const buffer = alreadyShared ? (px.buffer as SharedArrayBuffer) : reusedIndex >= 0 ? reuse[reusedIndex]! : new SharedArrayBuffer(px.byteLength);
  if (!alreadyShared) new Uint8Array(buffer).set(new Uint8Array(px.buffer, px.byteOffset, px.byteLength));
  const saturate = hdu.header.get('SATURATE');
  return {
    buffer,
    arrayType: arrayTypeOf(image.pixels),
    length: image.pixels.length,
    width: image.width,
    height: image.height,
    depth: image.depth,
    shape: image.shape,
    bitpix: image.bitpix,
    bscale: image.bscale,
    bzero: image.bzero,
    ...(image.blank !== undefined ? { blank: image.blank } : {}),
    hdu: hdu.index,
    plane: image.plane ?? 0,
    hduShape: image.hduShape ?? image.shape,
    ...(typeof saturate === 'number' && Number.isFinite(saturate) ? { saturate } : {}),
    reusedIndex,
  };
}

export async function readHduInfo(path: string, limits?: Partial<FitsLimits>): Promise<HduInfo[]> {
  const file = await readFitsFile(path, { limits });
  return file.hdus.map((h) => h.info);
}

/** Cards of the frame's HDU: the one asked for, else the first image HDU with data. */
export async function readHeaderCards(frame: FrameRef, limits?: Partial<FitsLimits>): Promise<{ hdu: number; cards: Card[] }> {
  const file = await readFitsFile(frame.path, { limits });
  const hdu = frame.hdu ?? selectImageHdu(file).index;
  const chosen = file.hdus[hdu];
  if (!chosen) selectImageHdu(file, hdu); // throws the reader's BAD_HDU error
  return { hdu, cards: [...file.hdus[hdu]!.header.cards] };
}

/** The frame name of each plane of the frame's HDU (from a FRAMES table), or null. */
export async function readPlaneNames(frame: FrameRef, limits?: Partial<FitsLimits>): Promise<string[] | null> {
  const file = await readFitsFile(frame.path, { limits });
  return planeNamesOf(file, selectImageHdu(file, frame.hdu));
}

/**
 * A first look before the full decode: the whole frame at a quarter of the resolution the
 * preview will have, averaged along rows from every step-th row. Tile-compressed frames
 * decode only those rows' tiles (fpack's row-by-row tiles), so this costs a fraction of a
 * decode; nothing is cached, the full preview follows.
 */
export async function coarsePreview(frame: FrameRef, args: { maxWidth: number; maxHeight: number }, limits?: Partial<FitsLimits>): Promise<PreviewResult> {
  const file = await readFitsFile(frame.path, { limits });
  const hdu = selectImageHdu(file, frame.hdu);
  const [width = 0, height = 1] = hdu.info.shape;
  const step = 4 * previewBinFactor(width, height, args.maxWidth, args.maxHeight);
  const image = readImage(file, hdu.index, { limits, inPlace: true, plane: frame.plane ?? 0, rowStep: step });
  const binned = sampleRowsBinned({ pixels: image.pixels, width: image.width, height: image.height, blank: image.blank }, step);
  return { ...binned, binFactor: step, region: { x0Px: 0, y0Px: 0, x1Px: image.width, y1Px: image.height } };
}
