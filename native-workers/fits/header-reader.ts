/**
 * Header-only reading: every HDU's header without touching its data, either through a
 * byte-range reader (S3 range GETs, file reads) or from a stream that is abandoned as soon as
 * the wanted headers are in.
 */
import { BLOCK_LENGTH } from './card.js';
import { FitsError } from './errors.js';
import { findEndCard, padToBlock, type Header } from './header.js';
import { checkIsFits, readHduHeader, resolveLimits, startsExtension } from './hdu.js';
import type { FitsLimits, HduInfo, RangeReader } from './types.js';

export interface HeaderOnly {
  header: Header;
  info: HduInfo;
}

export interface HeaderReadOptions {
  limits?: Partial<FitsLimits>;
  /** Stop after this many HDUs. */
  maxHdus?: number;
  /** Stop as soon as an HDU holding image data (plain or compressed) has been read. */
  stopAfterFirstImage?: boolean;
}

export interface RangeHeaderReadOptions extends HeaderReadOptions {
  /** Size of the first read; later reads guess from the previous header's size. Default 8 blocks. */
  initialBytes?: number;
}

const DEFAULT_MAX_HDUS = 100_000;

function holdsImage(info: HduInfo): boolean {
  return (info.kind === 'image' || info.kind === 'compressed-image') && info.shape.length > 0 && info.shape.every((n) => n > 0);
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/**
 * Reads all headers through `read`, fetching header blocks only: data units are jumped over
 * using their computed size. A read returning fewer bytes than asked marks the end of the file.
 */
export async function readHeadersByRange(
  read: RangeReader,
  opts: RangeHeaderReadOptions = {},
): Promise<{ hdus: HeaderOnly[]; bytesRead: number }> {
  const limits = resolveLimits(opts.limits);
  const maxHdus = opts.maxHdus ?? DEFAULT_MAX_HDUS;
  const maxHeaderBytes = limits.maxHeaderCards * 80 + BLOCK_LENGTH;
  const hdus: HeaderOnly[] = [];
  let bytesRead = 0;
  // The last bytes fetched, kept so a header that follows a small data unit is not fetched twice.
  let window: Uint8Array = new Uint8Array(0);
  let windowStart = 0;

  const fetchAt = async (offset: number, length: number): Promise<{ bytes: Uint8Array; eof: boolean }> => {
    const have = offset >= windowStart && offset < windowStart + window.length ? window.subarray(offset - windowStart) : new Uint8Array(0);
    if (have.length >= length) return { bytes: have, eof: false };
    const ask = length - have.length;
    const more = await read(offset + have.length, ask);
    if (!(more instanceof Uint8Array)) throw new FitsError('TRUNCATED', 'range reader returned no bytes', { offset });
    bytesRead += more.length;
    window = concat(have, more.length > ask ? more.subarray(0, ask) : more);
    windowStart = offset;
    return { bytes: window, eof: more.length < ask };
  };

  let offset = 0;
  let guess = Math.max(BLOCK_LENGTH, padToBlock(opts.initialBytes ?? 8 * BLOCK_LENGTH));
  while (hdus.length < maxHdus) {
    const index = hdus.length;
    let want = guess;
    let parsed: ReturnType<typeof readHduHeader> | null = null;
    for (;;) {
      const { bytes, eof } = await fetchAt(offset, want);
      if (index === 0) checkIsFits(bytes);
      else if (!startsExtension(bytes, 0)) break; // end of file, or trailing bytes that are no HDU
      if (findEndCard(bytes, 0, index, limits.maxHeaderCards) >= 0) {
        parsed = readHduHeader(bytes, 0, index, limits);
        break;
      }
      if (eof) throw new FitsError('TRUNCATED', 'file ends before the END card of the header', { hduIndex: index, offset });
      if (want >= maxHeaderBytes) {
        throw new FitsError('TOO_LARGE', `header has more than ${limits.maxHeaderCards} cards without END`, { hduIndex: index, offset });
      }
      want = Math.min(want * 2, padToBlock(maxHeaderBytes));
    }
    if (!parsed) break;
    hdus.push({ header: parsed.header, info: parsed.info });
    if (opts.stopAfterFirstImage && holdsImage(parsed.info)) break;
    // Extensions usually have headers about as long as this one.
    guess = Math.max(BLOCK_LENGTH, parsed.headerEnd);
    offset += parsed.headerEnd + padToBlock(parsed.layout.dataLength);
  }
  return { hdus, bytesRead };
}

/** A growable byte buffer for stream reading (appending chunk by chunk stays linear). */
class ByteQueue {
  private buf = new Uint8Array(64 * 1024);
  private start = 0;
  private end = 0;

  get length(): number {
    return this.end - this.start;
  }
  view(): Uint8Array {
    return this.buf.subarray(this.start, this.end);
  }
  push(chunk: Uint8Array): void {
    if (this.end + chunk.length > this.buf.length) {
      const live = this.length;
      if (live + chunk.length <= this.buf.length) {
        this.buf.copyWithin(0, this.start, this.end);
      } else {
        const next = new Uint8Array(Math.max(this.buf.length * 2, live + chunk.length));
        next.set(this.buf.subarray(this.start, this.end));
        this.buf = next;
      }
      this.start = 0;
      this.end = live;
    }
    this.buf.set(chunk, this.end);
    this.end += chunk.length;
  }
  drop(n: number): void {
    this.start += Math.min(n, this.length);
    if (this.start === this.end) this.start = this.end = 0;
  }
}

/**
 * Reads headers from an already-decompressed stream, skipping data units as they flow past.
 * Returns as soon as `maxHdus` headers (or, with `stopAfterFirstImage`, the first image header)
 * are in, leaving the rest of the stream unread; otherwise reads to the end of the stream.
 */
export async function readHeadersFromChunks(
  chunks: AsyncIterable<Uint8Array>,
  opts: HeaderReadOptions = {},
): Promise<{ hdus: HeaderOnly[]; bytesConsumed: number }> {
  const limits = resolveLimits(opts.limits);
  const maxHdus = opts.maxHdus ?? DEFAULT_MAX_HDUS;
  const maxHeaderBytes = limits.maxHeaderCards * 80 + BLOCK_LENGTH;
  const hdus: HeaderOnly[] = [];
  const queue = new ByteQueue();
  let bytesConsumed = 0;
  let skip = 0; // data bytes still to pass over
  let offset = 0; // stream offset of the queue's first byte, for error details
  let finished = false;

  /** Parses as many headers as the queue holds; returns true when reading should stop. */
  const drain = (): boolean => {
    for (;;) {
      const index = hdus.length;
      const bytes = queue.view();
      if (bytes.length === 0) return false;
      if (index === 0) {
        if (bytes.length < 9) return false;
        checkIsFits(bytes);
      } else if (bytes.length >= 8 && !startsExtension(bytes, 0)) {
        return true; // trailing bytes that are no HDU
      } else if (bytes.length < 8) return false;
      const end = findEndCard(bytes, 0, index, limits.maxHeaderCards);
      if (end < 0) {
        if (bytes.length > maxHeaderBytes) {
          throw new FitsError('TOO_LARGE', `header has more than ${limits.maxHeaderCards} cards without END`, { hduIndex: index, offset });
        }
        return false;
      }
      if (padToBlock(end) > bytes.length) return false;
      const parsed = readHduHeader(bytes, 0, index, limits);
      hdus.push({ header: parsed.header, info: parsed.info });
      if (hdus.length >= maxHdus || (opts.stopAfterFirstImage && holdsImage(parsed.info))) return true;
      const unit = parsed.headerEnd + padToBlock(parsed.layout.dataLength);
      const dropped = Math.min(unit, bytes.length);
      queue.drop(dropped);
      offset += dropped;
      skip = unit - dropped;
      if (skip > 0) return false;
    }
  };

  for await (const chunk of chunks) {
    bytesConsumed += chunk.length;
    let c = chunk;
    if (skip > 0) {
      const s = Math.min(skip, c.length);
      skip -= s;
      offset += s;
      c = c.subarray(s);
    }
    if (c.length === 0) continue;
    queue.push(c);
    if (drain()) {
      finished = true;
      break; // leaving the loop calls the iterator's return(): the download stops
    }
  }
  if (!finished) {
    const rest = queue.view();
    if (hdus.length === 0) {
      if (rest.length === 0) throw new FitsError('NOT_FITS', 'stream is empty');
      checkIsFits(rest);
      throw new FitsError('TRUNCATED', 'stream ends before the END card of the primary header', { hduIndex: 0, offset });
    }
    if (rest.length > 0 && startsExtension(rest, 0)) {
      throw new FitsError('TRUNCATED', 'stream ends inside an extension header', { hduIndex: hdus.length, offset });
    }
  }
  return { hdus, bytesConsumed };
}
