/**
 * The FITS writer: card images (CONTINUE long strings, HIERARCH), header blocks, and files of a
 * primary HDU plus IMAGE extensions in every BITPIX, unsigned data through BZERO, optionally
 * tile-compressed extensions (delegated to ./tiles).
 */
import { randomBytes } from 'node:crypto';
import { rename, unlink, writeFile } from 'node:fs/promises';
import { BLOCK_LENGTH, CARD_LENGTH } from './card.js';
import { FitsError } from './errors.js';
import { padToBlock } from './header.js';
import { encodeCompressedImageHdu } from './tiles/index.js';
import type { Bitpix, Card, FitsImage, PixelArray } from './types.js';

export interface WriteHdu {
  image?: { pixels: PixelArray; shape: number[] /* NAXIS1 first */; bitpix?: Bitpix };
  /** Extra keywords; structural ones (SIMPLE, BITPIX, NAXISn, BZERO, ...) are written by the writer and skipped here. */
  cards?: Card[];
  extname?: string;
  /** Write this HDU as a tile-compressed BINTABLE (a compressed first HDU gets an empty primary before it). */
  compress?: { type: 'RICE_1' | 'GZIP_1' | 'GZIP_2'; tileShape?: number[] };
}

const STANDARD_KEY = /^[A-Z0-9_-]{0,8}$/;
const COMMENTARY = new Set(['COMMENT', 'HISTORY', '']);
/** Keywords whose values follow from the pixels and the HDU's position; callers' copies are dropped. */
const STRUCTURAL = /^(SIMPLE|XTENSION|BITPIX|NAXIS\d*|PCOUNT|GCOUNT|EXTEND|GROUPS|BZERO|BSCALE|BLANK|EXTNAME|END|CHECKSUM|DATASUM)$/;

function checkAscii(text: string, key: string): void {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) throw new FitsError('BAD_VALUE', `card ${key} holds a character FITS cannot store (code ${c})`, { keyword: key });
  }
}

/** A number as FITS writes it: integers plainly, floats with a '.' or an 'E' and the shortest exact digits. */
export function formatNumber(v: number | bigint, key: string): string {
  if (typeof v === 'bigint') return v.toString();
  if (!Number.isFinite(v)) throw new FitsError('BAD_VALUE', `card ${key}: FITS cannot store ${v}`, { keyword: key });
  if (Number.isInteger(v) && Math.abs(v) < 1e21) return Object.is(v, -0) ? '0' : String(v);
  let s = String(v).toUpperCase();
  const e = s.indexOf('E');
  const mantissa = e < 0 ? s : s.slice(0, e);
  if (!mantissa.includes('.')) s = mantissa + '.0' + (e < 0 ? '' : s.slice(e));
  return s;
}

function formatValue(card: Card): string {
  const v = card.value;
  if (typeof v === 'boolean') return (v ? 'T' : 'F').padStart(20);
  if (typeof v === 'number' || typeof v === 'bigint') return formatNumber(v, card.key).padStart(20);
  return '';
}

const escapeQuotes = (s: string): string => s.replace(/'/g, "''");

/** Splits a string into pieces whose escaped form is at most `room` characters (never splitting a quote pair). */
function splitEscaped(s: string, room: number): string[] {
  const pieces: string[] = [];
  let cur = '';
  let len = 0;
  for (const ch of s) {
    const w = ch === "'" ? 2 : 1;
    if (len + w > room) {
      pieces.push(cur);
      cur = '';
      len = 0;
    }
    cur += ch;
    len += w;
  }
  pieces.push(cur);
  return pieces;
}

/** Appends " / comment" when it fits in the card, else returns null. */
function withComment(head: string, comment: string | undefined): string | null {
  if (!comment) return head;
  const line = `${head} / ${comment}`;
  return line.length <= CARD_LENGTH ? line : null;
}

/** Comment text spread over CONTINUE cards that add nothing to the string ('&' then ''). */
function commentContinuations(comment: string): string[] {
  const room = CARD_LENGTH - "CONTINUE  '&' / ".length;
  // Readers join the pieces with a space, so cut at spaces (a word longer than a card is cut where it must be).
  const parts: string[] = [];
  let rest = comment.trim();
  while (rest.length > room) {
    const cut = rest.lastIndexOf(' ', room);
    if (cut <= 0) {
      parts.push(rest.slice(0, room));
      rest = rest.slice(room);
    } else {
      parts.push(rest.slice(0, cut));
      rest = rest.slice(cut + 1);
    }
  }
  parts.push(rest);
  return parts.map((p, i) => `CONTINUE  '${i === parts.length - 1 ? '' : '&'}' / ${p}`);
}

function stringCards(prefix: string, value: string, comment: string | undefined, key: string): string[] {
  const escaped = escapeQuotes(value);
  const single = `${prefix}'${escaped.padEnd(8)}'`;
  if (single.length <= CARD_LENGTH) {
    const line = withComment(single, comment);
    if (line) return [line];
    if (!prefix.startsWith('HIERARCH')) return [`${prefix}'${escaped}&'`, ...commentContinuations(comment!)];
  }
  if (prefix.startsWith('HIERARCH')) {
    throw new FitsError('BAD_VALUE', `HIERARCH card ${key} is longer than 80 characters`, { keyword: key });
  }
  // Long string: pieces of 67 escaped characters + '&' on the first card and on CONTINUE cards.
  const room = CARD_LENGTH - prefix.length - 3;
  const pieces = splitEscaped(value, room);
  const lines = pieces.map((p, i) => {
    const last = i === pieces.length - 1;
    const head = i === 0 ? prefix : 'CONTINUE  ';
    return `${head}'${escapeQuotes(p)}${last ? '' : '&'}'`;
  });
  if (comment) {
    const lastWith = withComment(lines[lines.length - 1]!, comment);
    if (lastWith) lines[lines.length - 1] = lastWith;
    else {
      lines[lines.length - 1] = lines[lines.length - 1]!.replace(/'$/, "&'");
      lines.push(...commentContinuations(comment));
    }
  }
  return lines;
}

/** The 80-character card images of one card (several when a long string needs CONTINUE). */
export function formatCard(card: Card): string[] {
  const key = card.key.toUpperCase();
  checkAscii(key, key);
  if (typeof card.value === 'string') checkAscii(card.value, key);
  if (card.comment) checkAscii(card.comment, key);
  const valued = card.value !== null || card.isString === true;
  if (!valued && COMMENTARY.has(key)) {
    const text = card.comment ?? '';
    const lines: string[] = [];
    for (let i = 0; i < Math.max(1, text.length); i += 72) lines.push(key.padEnd(8) + text.slice(i, i + 72));
    return lines.map((l) => l.padEnd(CARD_LENGTH));
  }
  const hierarch = !STANDARD_KEY.test(key);
  const prefix = hierarch ? `HIERARCH ${key} = ` : `${key.padEnd(8)}= `;
  let lines: string[];
  if (typeof card.value === 'string' || (card.value === null && card.isString)) {
    lines = stringCards(prefix, card.value ?? '', card.comment, key);
  } else {
    const head = hierarch ? prefix + formatValue(card).trim() : prefix + formatValue(card);
    if (head.length > CARD_LENGTH) throw new FitsError('BAD_VALUE', `card ${key} is longer than 80 characters`, { keyword: key });
    // A comment that does not fit is cut, as astropy does.
    const line = card.comment ? `${head} / ${card.comment}`.slice(0, CARD_LENGTH) : head;
    lines = [line];
  }
  return lines.map((l) => l.padEnd(CARD_LENGTH));
}

/** Header bytes: the cards, END, blank-padded to a multiple of 2880. */
export function headerBytes(cards: Card[]): Uint8Array {
  const text = cards.flatMap(formatCard).join('') + 'END'.padEnd(CARD_LENGTH);
  return Buffer.from(text.padEnd(padToBlock(text.length), ' '), 'latin1');
}

/** How each array type is stored: BITPIX and the BZERO that makes unsigned data signed. */
function naturalStorage(pixels: PixelArray): { bitpix: Bitpix; bzero: number } {
  if (pixels instanceof Uint8Array) return { bitpix: 8, bzero: 0 };
  if (pixels instanceof Int16Array) return { bitpix: 16, bzero: 0 };
  if (pixels instanceof Uint16Array) return { bitpix: 16, bzero: 32768 };
  if (pixels instanceof Int32Array) return { bitpix: 32, bzero: 0 };
  if (pixels instanceof Uint32Array) return { bitpix: 32, bzero: 2147483648 };
  if (pixels instanceof Float32Array) return { bitpix: -32, bzero: 0 };
  if (pixels instanceof Float64Array) return { bitpix: -64, bzero: 0 };
  throw new FitsError('BAD_VALUE', 'pixels must be a typed array of a FITS pixel type');
}

const INTEGER_RANGE: Record<number, [number, number]> = {
  8: [0, 255],
  16: [-32768, 32767],
  32: [-2147483648, 2147483647],
  // Every integral double in [-2^63, 2^63) is an exact int64 (the upper bound is checked as exclusive).
  64: [-(2 ** 63), 2 ** 63],
};

/** Values converted to the requested BITPIX (integers rounded and range-checked). */
function convertPixels(pixels: PixelArray, bitpix: Bitpix): Uint8Array | Int16Array | Int32Array | BigInt64Array | Float32Array | Float64Array {
  const n = pixels.length;
  if (bitpix === -32) return Float32Array.from(pixels);
  if (bitpix === -64) return Float64Array.from(pixels);
  const [lo, hi] = INTEGER_RANGE[bitpix]!;
  const check = (v: number, i: number): number => {
    const r = Math.round(v);
    if (!(r >= lo && (bitpix === 64 ? r < hi : r <= hi))) throw new FitsError('BAD_VALUE', `pixel ${i} = ${v} does not fit BITPIX ${bitpix}`);
    return r;
  };
  if (bitpix === 64) {
    const out = new BigInt64Array(n);
    for (let i = 0; i < n; i++) out[i] = BigInt(check(pixels[i]!, i));
    return out;
  }
  const out = bitpix === 8 ? new Uint8Array(n) : bitpix === 16 ? new Int16Array(n) : new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = check(pixels[i]!, i);
  return out;
}

/** Big-endian data bytes, zero-padded to 2880. */
function dataBytes(stored: ArrayBufferView, size: number, flipSign: boolean): Uint8Array {
  const length = stored.byteLength;
  const out = Buffer.alloc(padToBlock(length));
  out.set(new Uint8Array(stored.buffer, stored.byteOffset, length));
  const body = out.subarray(0, length);
  if (flipSign) {
    // Unsigned → signed with BZERO: flipping the top bit subtracts 2^(bits-1).
    const words = new Uint32Array(out.buffer, out.byteOffset, padToBlock(length) >>> 2);
    const mask = size === 2 ? 0x80008000 : 0x80000000;
    for (let i = 0; i < words.length; i++) words[i] = words[i]! ^ mask;
    out.fill(0, length);
  }
  if (size === 2) body.swap16();
  else if (size === 4) body.swap32();
  else if (size === 8) body.swap64();
  return out;
}

function checkShape(pixels: PixelArray, shape: number[]): void {
  if (!shape.every((n) => Number.isInteger(n) && n >= 0)) throw new FitsError('BAD_VALUE', `invalid shape ${shape.join('×')}`);
  const n = shape.reduce((a, b) => a * b, 1);
  if (n !== pixels.length) throw new FitsError('BAD_VALUE', `shape ${shape.join('×')} holds ${n} pixels, the array has ${pixels.length}`);
}

function userCards(hdu: WriteHdu): Card[] {
  return (hdu.cards ?? []).filter((c) => !STRUCTURAL.test(c.key.toUpperCase()));
}

function imageHdu(hdu: WriteHdu, isPrimary: boolean): Uint8Array {
  const cards: Card[] = isPrimary
    ? [{ key: 'SIMPLE', value: true, comment: 'conforms to FITS standard' }]
    : [{ key: 'XTENSION', value: 'IMAGE', comment: 'Image extension', isString: true }];
  let data: Uint8Array = new Uint8Array(0);
  const img = hdu.image;
  let bitpix: Bitpix = 8;
  let bzero = 0;
  if (img) {
    checkShape(img.pixels, img.shape);
    const natural = naturalStorage(img.pixels);
    bitpix = img.bitpix ?? natural.bitpix;
    if (bitpix === natural.bitpix) {
      bzero = natural.bzero;
      data = dataBytes(img.pixels, Math.abs(bitpix) / 8, bzero !== 0);
    } else {
      data = dataBytes(convertPixels(img.pixels, bitpix), Math.abs(bitpix) / 8, false);
    }
  }
  const shape = img?.shape ?? [];
  cards.push({ key: 'BITPIX', value: bitpix, comment: 'array data type' }, { key: 'NAXIS', value: shape.length, comment: 'number of array dimensions' });
  shape.forEach((n, i) => cards.push({ key: `NAXIS${i + 1}`, value: n }));
  if (isPrimary) cards.push({ key: 'EXTEND', value: true });
  else cards.push({ key: 'PCOUNT', value: 0, comment: 'number of parameters' }, { key: 'GCOUNT', value: 1, comment: 'number of groups' });
  if (bzero !== 0) cards.push({ key: 'BSCALE', value: 1 }, { key: 'BZERO', value: bzero });
  if (hdu.extname !== undefined) cards.push({ key: 'EXTNAME', value: hdu.extname, comment: 'extension name', isString: true });
  cards.push(...userCards(hdu));
  return concatAll([headerBytes(cards), data]);
}

function compressedHdu(hdu: WriteHdu): Uint8Array {
  const img = hdu.image;
  if (!img) throw new FitsError('BAD_VALUE', 'a compressed HDU needs an image');
  checkShape(img.pixels, img.shape);
  const natural = naturalStorage(img.pixels);
  if (img.bitpix !== undefined && img.bitpix !== natural.bitpix) {
    throw new FitsError('UNSUPPORTED', `compressed HDUs store pixels in their own type (BITPIX ${natural.bitpix}), not ${img.bitpix}`);
  }
  const shape = img.shape;
  const image: FitsImage = {
    width: shape[0] ?? 1,
    height: shape[1] ?? 1,
    shape: [...shape],
    depth: shape.slice(2).reduce((a, b) => a * b, 1),
    bitpix: natural.bitpix,
    bscale: 1,
    bzero: natural.bzero,
    pixels: img.pixels,
  };
  const opts = { type: hdu.compress!.type, ...(hdu.compress!.tileShape ? { tileShape: hdu.compress!.tileShape } : {}), ...(hdu.extname !== undefined ? { extname: hdu.extname } : {}) };
  return encodeCompressedImageHdu(image, userCards(hdu), opts);
}

function concatAll(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A whole FITS file: the first HDU is the primary (an empty one is added before a compressed first HDU). */
export function writeFits(hdus: WriteHdu[]): Uint8Array {
  const list = hdus.length === 0 || hdus[0]!.compress ? [{}, ...hdus] : hdus;
  const parts = list.map((hdu, i) => (i > 0 && hdu.compress ? compressedHdu(hdu) : imageHdu(hdu, i === 0)));
  const out = concatAll(parts);
  if (out.length % BLOCK_LENGTH !== 0) throw new FitsError('BAD_VALUE', 'internal: HDU not padded to 2880 bytes');
  return out;
}

/** Writes a FITS file atomically: a temporary file in the same folder, then a rename. */
export async function writeFitsFile(path: string, hdus: WriteHdu[]): Promise<void> {
  const bytes = writeFits(hdus);
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, bytes);
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
}
