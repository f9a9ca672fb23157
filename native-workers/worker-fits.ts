/**
 * The worker's door to the FITS reader: decode a frame into shared memory, and
 * read headers / HDU summaries without decoding pixels.
 */
import { readFitsFile, readImage, selectImageHdu } from './fits/index.js';
import type { Card, FitsLimits, HduInfo, PixelArray } from './fits/types.js';
import type { FrameRef, PixelArrayType, SharedImage } from './pool-types.js';

function arrayTypeOf(pixels: PixelArray): PixelArrayType {
  return pixels.constructor.name as PixelArrayType;
}

/**
 * Decodes the frame's HDU and copies its pixels once into a SharedArrayBuffer that every worker can
 * view: one of `reuse` (buffers of frames the pool dropped) when one has exactly the right size, else
 * a new one. Reusing keeps memory flat over a night of same-sized frames: a dropped buffer is only
 * freed once every thread that saw it has collected its garbage, which idle threads rarely do.
 */
export async function decodeToShared(frame: FrameRef, limits?: Partial<FitsLimits>, reuse: SharedArrayBuffer[] = []): Promise<SharedImage> {
  const file = await readFitsFile(frame.path, { limits });
  const hdu = selectImageHdu(file, frame.hdu);
  // The file's bytes are ours alone: let the reader swap them in place instead of copying.
  const image = readImage(file, hdu.index, { limits, inPlace: true });
  const reusedIndex = reuse.findIndex((b) => b.byteLength === image.pixels.byteLength);
  const buffer = reusedIndex >= 0 ? reuse[reusedIndex]! : new SharedArrayBuffer(image.pixels.byteLength);
  new Uint8Array(buffer).set(new Uint8Array(image.pixels.buffer, image.pixels.byteOffset, image.pixels.byteLength));
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
