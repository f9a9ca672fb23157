/**
 * Writes an image as a tile-compressed BINTABLE HDU (header, rows of heap descriptors,
 * heap, padding): lossless RICE_1/GZIP_1/GZIP_2 for integer images, GZIP for floats
 * without quantization (ZQUANTIZ = 'NONE').
 */
import { FitsError } from '../errors.js';
import type { Card, FitsImage } from '../types.js';
import { gzipTile, shuffle } from './bytes.js';
import { headerBytes } from '../writer.js';
import { riceEncode } from './rice.js';

export interface EncodeOptions {
  type: 'RICE_1' | 'GZIP_1' | 'GZIP_2';
  /** Tile size per axis, NAXIS1 first; default one image row per tile. */
  tileShape?: number[];
  extname?: string;
}

const RICE_BLOCKSIZE = 32;

/** Keywords the compressed HDU writes itself, never copied from the caller's cards. */
const STRUCTURAL = /^(SIMPLE|XTENSION|BITPIX|NAXIS\d*|PCOUNT|GCOUNT|EXTEND|TFIELDS|TTYPE\d+|TFORM\d+|TUNIT\d+|THEAP|ZIMAGE|ZBITPIX|ZNAXIS\d*|ZTILE\d+|ZCMPTYPE|ZNAME\d+|ZVAL\d+|ZMASKCMP|ZSIMPLE|ZTENSION|ZEXTEND|ZBLOCKED|ZPCOUNT|ZGCOUNT|ZHECKSUM|ZDATASUM|ZQUANTIZ|ZDITHER0|ZSCALE|ZZERO|ZBLANK|EXTNAME|BSCALE|BZERO|CHECKSUM|DATASUM|END)$/;

/** Integers as stored in the file (BSCALE/BZERO removed), or null for floating-point images. */
function storedIntegers(image: FitsImage): { values: ArrayLike<number>; bytes: 1 | 2 | 4 } | null {
  const px = image.pixels;
  const n = px.length;
  switch (image.bitpix) {
    case 8:
    case 16:
    case 32: {
      const bytes = (image.bitpix / 8) as 1 | 2 | 4;
      if (px instanceof Uint8Array || px instanceof Int16Array || px instanceof Int32Array) {
        if (image.bscale !== 1 || image.bzero !== 0) break;
        return { values: px, bytes };
      }
      if (px instanceof Uint16Array || px instanceof Uint32Array) {
        const out = new Int32Array(n);
        for (let i = 0; i < n; i++) out[i] = px[i]! - image.bzero;
        return { values: out, bytes };
      }
      break;
    }
    case -32:
    case -64:
      return null;
    default:
      break;
  }
  throw new FitsError('UNSUPPORTED', `cannot tile-compress BITPIX ${image.bitpix} stored as ${px.constructor.name} with BSCALE ${image.bscale}, BZERO ${image.bzero}`);
}

function bigEndianBytes(values: ArrayLike<number>, start: number[], size: number[], strides: number[], kind: 'i1' | 'i2' | 'i4' | 'f4' | 'f8'): Uint8Array {
  const elem = Number(kind[1]);
  const tileLen = size.reduce((a, b) => a * b, 1);
  const out = new Uint8Array(tileLen * elem);
  const view = new DataView(out.buffer);
  let k = 0;
  forEachTileValue(start, size, strides, (idx) => {
    const v = values[idx]!;
    if (kind === 'i1') out[k] = v;
    else if (kind === 'i2') view.setInt16(2 * k, v);
    else if (kind === 'i4') view.setInt32(4 * k, v);
    else if (kind === 'f4') view.setFloat32(4 * k, v);
    else view.setFloat64(8 * k, v);
    k++;
  });
  return out;
}

/** Visits a tile's pixels in tile order (axis 1 fastest), giving their image indices. */
function forEachTileValue(start: number[], size: number[], strides: number[], visit: (index: number) => void): void {
  const ndim = size.length;
  const counter = new Array<number>(ndim).fill(0);
  const total = size.reduce((a, b) => a * b, 1);
  for (let done = 0; done < total; done += size[0]!) {
    let base = start[0]!;
    for (let k = 1; k < ndim; k++) base += (start[k]! + counter[k]!) * strides[k]!;
    for (let i = 0; i < size[0]!; i++) visit(base + i);
    for (let k = 1; k < ndim; k++) {
      if (++counter[k]! < size[k]!) break;
      counter[k] = 0;
    }
  }
}

export function encodeCompressedImageHdu(image: FitsImage, cards: Card[], opts: EncodeOptions): Uint8Array {
  const naxes = image.shape.length ? image.shape : [image.width, image.height];
  const ndim = naxes.length;
  const npix = naxes.reduce((a, b) => a * b, 1);
  if (npix !== image.pixels.length) throw new FitsError('BAD_VALUE', `shape ${naxes.join('×')} does not match ${image.pixels.length} pixels`);
  const ints = storedIntegers(image);
  if (!ints && opts.type === 'RICE_1') {
    throw new FitsError('UNSUPPORTED', 'RICE_1 needs integer pixels; floating-point images are written losslessly with GZIP_1 or GZIP_2');
  }
  const tiles = naxes.map((n, k) => Math.max(1, Math.min(opts.tileShape?.[k] ?? (k === 0 ? n : 1), n)));
  const ntiles = naxes.map((n, k) => Math.ceil(n / tiles[k]!));
  const rows = npix === 0 ? 0 : ntiles.reduce((a, b) => a * b, 1);
  const strides: number[] = [];
  naxes.reduce((s, n, k) => ((strides[k] = s), s * n), 1);

  const pieces: Uint8Array[] = [];
  let heapSize = 0;
  let maxLen = 0;
  const start = new Array<number>(ndim).fill(0);
  const size = new Array<number>(ndim).fill(0);
  const kind = ints ? (`i${ints.bytes}` as const) : image.bitpix === -64 ? 'f8' : 'f4';
  const elem = Number(kind[1]);
  for (let row = 0; row < rows; row++) {
    let rest = row;
    for (let k = 0; k < ndim; k++) {
      const idx = rest % ntiles[k]!;
      rest = Math.floor(rest / ntiles[k]!);
      start[k] = idx * tiles[k]!;
      size[k] = Math.min(tiles[k]!, naxes[k]! - start[k]!);
    }
    let compressed: Uint8Array;
    if (opts.type === 'RICE_1') {
      const tileLen = size.reduce((a, b) => a * b, 1);
      const tileValues = new Int32Array(tileLen);
      let k = 0;
      forEachTileValue(start, size, strides, (idx) => (tileValues[k++] = ints!.values[idx]!));
      compressed = riceEncode(tileValues, tileLen, RICE_BLOCKSIZE, ints!.bytes);
    } else {
      const raw = bigEndianBytes(ints ? ints.values : image.pixels, start, size, strides, kind);
      compressed = gzipTile(opts.type === 'GZIP_2' ? shuffle(raw, elem) : raw);
    }
    pieces.push(compressed);
    heapSize += compressed.length;
    maxLen = Math.max(maxLen, compressed.length);
  }
  if (heapSize > 0x7fffffff) throw new FitsError('TOO_LARGE', 'compressed heap exceeds 2 GiB');

  const own: Card[] = [
    { key: 'XTENSION', value: 'BINTABLE', isString: true, comment: 'binary table extension' },
    { key: 'BITPIX', value: 8 },
    { key: 'NAXIS', value: 2 },
    { key: 'NAXIS1', value: 8, comment: 'width of table in bytes' },
    { key: 'NAXIS2', value: rows, comment: 'number of tiles' },
    { key: 'PCOUNT', value: heapSize, comment: 'heap size' },
    { key: 'GCOUNT', value: 1 },
    { key: 'TFIELDS', value: 1 },
    { key: 'TTYPE1', value: 'COMPRESSED_DATA', isString: true },
    { key: 'TFORM1', value: `1PB(${maxLen})`, isString: true },
    { key: 'ZIMAGE', value: true, comment: 'extension contains compressed image' },
    { key: 'ZBITPIX', value: image.bitpix },
    { key: 'ZNAXIS', value: ndim },
    ...naxes.map((n, k) => ({ key: `ZNAXIS${k + 1}`, value: n })),
    ...tiles.map((t, k) => ({ key: `ZTILE${k + 1}`, value: t })),
    { key: 'ZCMPTYPE', value: opts.type, isString: true },
  ];
  if (opts.type === 'RICE_1') {
    own.push(
      { key: 'ZNAME1', value: 'BLOCKSIZE', isString: true },
      { key: 'ZVAL1', value: RICE_BLOCKSIZE },
      { key: 'ZNAME2', value: 'BYTEPIX', isString: true },
      { key: 'ZVAL2', value: ints!.bytes },
    );
  }
  if (!ints) own.push({ key: 'ZQUANTIZ', value: 'NONE', isString: true, comment: 'floats stored losslessly' });
  own.push({ key: 'EXTNAME', value: opts.extname ?? 'COMPRESSED_IMAGE', isString: true });
  if (ints && (image.bscale !== 1 || image.bzero !== 0)) {
    own.push({ key: 'BSCALE', value: image.bscale }, { key: 'BZERO', value: image.bzero });
  }
  if (ints && image.blank !== undefined) {
    // The stored integer that marks missing pixels, as the convention names it.
    own.push({ key: 'ZBLANK', value: Math.round((image.blank - image.bzero) / image.bscale), comment: 'null value in the stored integers' });
  }
  const header = headerBytes([...own, ...cards.filter((c) => !STRUCTURAL.test(c.key.toUpperCase()))]);

  const dataSize = rows * 8 + heapSize;
  const out = new Uint8Array(header.length + Math.ceil(dataSize / 2880) * 2880);
  out.set(header);
  const view = new DataView(out.buffer, header.length);
  let offset = 0;
  pieces.forEach((p, row) => {
    view.setUint32(row * 8, p.length);
    view.setUint32(row * 8 + 4, offset);
    out.set(p, header.length + rows * 8 + offset);
    offset += p.length;
  });
  return out;
}
