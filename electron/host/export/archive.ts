/**
 * Archive export of chosen frames:
 *  - 'mef': one FITS file, an empty primary HDU and one image extension per frame with its
 *    header kept (structural keywords are rewritten by the writer), optionally Rice
 *    tile-compressed (integer frames; float frames stay uncompressed);
 *  - 'cube': frames of one shape stacked as a 3-D primary image (frame index = third axis),
 *    followed by a BINTABLE with the chosen header keywords per frame.
 * Written to a temporary file and renamed, so a failed export leaves nothing half-written.
 */
import { closeSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { loadImage, readFitsFile } from '../../../native-workers/fits/index.js';
import { fitsWriter } from './writer.js';
import type { Card, FitsImage, PixelArray } from '../../../native-workers/fits/types.js';
import type { FrameRecord } from '../store/catalogue-types.js';
import { HostError } from '../errors.js';
import { buildKeywordTable } from './bintable.js';

export interface ExportFrame {
  record: FrameRecord;
  /** Local file of the frame. */
  path: string;
}

export interface ExportOptions {
  frames: ExportFrame[];
  format: 'mef' | 'cube';
  compress: boolean;
  keywords: string[];
  outPath: string;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
  /** Refuse exports whose decoded pixels exceed this (default 1 GiB: the file is assembled in memory). */
  maxBytes?: number;
}

export interface ExportResult {
  path: string;
  bytes: number;
  frames: number;
}

/** Keywords the writer owns (structure, scaling, tile compression, checksums). */
const STRUCTURAL =
  /^(SIMPLE|XTENSION|BITPIX|NAXIS\d*|EXTEND|PCOUNT|GCOUNT|BSCALE|BZERO|BLANK|END|EXTNAME|CHECKSUM|DATASUM|TFIELDS|TTYPE\d+|TFORM\d+|TUNIT\d+|TNULL\d+|THEAP|ZIMAGE|ZSIMPLE|ZEXTEND|ZBITPIX|ZNAXIS\d*|ZTILE\d+|ZCMPTYPE|ZNAME\d+|ZVAL\d+|ZQUANTIZ|ZDITHER0|ZBLANK|ZSCALE|ZZERO|ZPCOUNT|ZGCOUNT|ZHECKSUM|ZDATASUM|ZTENSION|ZBLOCKED)$/;

export function keptCards(cards: readonly Card[]): Card[] {
  return cards.filter((c) => !STRUCTURAL.test(c.key));
}

/** The cards of the image HDU a frame's pixels come from (from the file, so nothing is lost). */
async function imageCards(path: string, hduIndex: number): Promise<Card[]> {
  const file = await readFitsFile(path);
  const hdu = file.hdus[hduIndex];
  return hdu ? [...hdu.header.cards] : [];
}

function checkAbort(signal?: AbortSignal): void {
  if (signal?.aborted) throw new HostError('CANCELLED', 'export cancelled');
}

function writeAtomic(outPath: string, parts: Uint8Array[]): number {
  const tmp = `${outPath}.${process.pid}.partial`;
  const fd = openSync(tmp, 'w');
  try {
    for (const p of parts) {
      let off = 0;
      while (off < p.length) off += writeSync(fd, p, off, p.length - off);
    }
  } catch (err) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw err;
  }
  closeSync(fd);
  renameSync(tmp, outPath);
  return statSync(outPath).size;
}

/** One typed array holding every frame, in the type of the first (or float32 when they differ). */
function stackPixels(images: FitsImage[]): PixelArray {
  const planeLength = images[0]!.width * images[0]!.height;
  const sameType = images.every((im) => im.pixels.constructor === images[0]!.pixels.constructor);
  const Ctor = (sameType ? images[0]!.pixels.constructor : Float32Array) as new (n: number) => PixelArray;
  const out = new Ctor(planeLength * images.length);
  images.forEach((im, i) => out.set(im.pixels.subarray(0, planeLength) as ArrayLike<number> as never, i * planeLength));
  return out;
}

export async function exportArchive(opts: ExportOptions): Promise<ExportResult> {
  const { frames, onProgress, signal } = opts;
  const total = frames.length;
  const maxBytes = opts.maxBytes ?? 1024 ** 3;
  let decodedBytes = 0;
  const images: FitsImage[] = [];
  const cards: Card[][] = [];
  onProgress?.(0, total);
  for (const f of frames) {
    checkAbort(signal);
    const image = await loadImage(f.path);
    decodedBytes += image.pixels.byteLength;
    if (decodedBytes > maxBytes) throw new HostError('TOO_LARGE', `export over ${maxBytes} bytes of pixels: choose fewer frames`);
    const hduIndex = (image as { hdu?: number }).hdu ?? firstImageIndex(f.record);
    images.push(image);
    cards.push(await imageCards(f.path, hduIndex));
    onProgress?.(images.length, total);
  }

  let parts: Uint8Array[];
  if (opts.format === 'cube') {
    const { width, height } = images[0]!;
    const odd = images.findIndex((im) => im.width !== width || im.height !== height || im.depth !== 1);
    if (odd >= 0) {
      throw new HostError(
        'BAD_ARGUMENT',
        `a cube needs frames of one 2-D shape: ${frames[0]!.record.name} is ${width}×${height}, ${frames[odd]!.record.name} is ${images[odd]!.shape.join('×')}`,
      );
    }
    const primaryCards: Card[] = [
      { key: 'ORIGIN', value: 'NightDeck', comment: 'archive export', isString: true },
      { key: 'NFRAMES', value: images.length, comment: 'frames along NAXIS3' },
      ...keptCards(cards[0]!).filter((c) => c.key === 'TELESCOP' || c.key === 'INSTRUME' || c.key === 'OBSERVAT'),
    ];
    const writeFits = await fitsWriter();
    const cube = writeFits([{ image: { pixels: stackPixels(images), shape: [width, height, images.length] }, cards: primaryCards }]);
    const table = buildKeywordTable(
      frames.map((f, i) => ({ name: f.record.name, cards: cards[i]! })),
      opts.keywords,
    );
    parts = [cube, table];
  } else {
    const hdus = [
      { cards: [{ key: 'ORIGIN', value: 'NightDeck', comment: 'archive export', isString: true }, { key: 'NFRAMES', value: images.length }] as Card[] },
      ...images.map((im, i) => {
        const integer = im.bitpix > 0 && im.bscale === 1;
        const hdu: Record<string, unknown> = {
          image: { pixels: im.pixels, shape: im.shape },
          cards: keptCards(cards[i]!),
          extname: frames[i]!.record.name.slice(0, 68),
        };
        if (opts.compress && integer) hdu.compress = { type: 'RICE_1' };
        return hdu;
      }),
    ];
    const writeFits = await fitsWriter();
    parts = [writeFits(hdus as never)];
  }
  checkAbort(signal);
  const bytes = writeAtomic(opts.outPath, parts);
  onProgress?.(total, total);
  return { path: opts.outPath, bytes, frames: images.length };
}

function firstImageIndex(r: FrameRecord): number {
  const headers = r.summary?.headers ?? [];
  const i = headers.findIndex((cards) => {
    const naxis = cards.find((c) => c.key === 'NAXIS' || c.key === 'ZNAXIS')?.value;
    return typeof naxis === 'number' && naxis >= 1;
  });
  return i < 0 ? 0 : i;
}

