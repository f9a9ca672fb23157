/**
 * gunzip into one buffer, from memory or straight from a file, without holding the output twice.
 *
 * zlib is asked for output chunks as large as the expected size (ISIZE from the gzip trailer:
 * the last member's size mod 2^32). Node's zlib then fills a single buffer and hands it out as
 * consecutive views; those views are adopted as the result instead of copied. When the guess is
 * short (several members, > 4 GiB) or zlib hands out something else, the bytes are copied into a
 * buffer of our own that grows. Input is read from a file in pieces into one reused buffer.
 */
import type { FileHandle } from 'node:fs/promises';
import { createGunzip, type Gunzip } from 'node:zlib';
import { FitsError } from './errors.js';

/** deflate cannot expand more than about 1032:1; a larger ISIZE is not believed for the first guess. */
const MAX_DEFLATE_RATIO = 1032;
const MIN_CHUNK = 64 * 1024;
/** Compressed bytes read from a file per step. */
const READ_PIECE = 1024 * 1024;

/** ISIZE: the last four bytes of a gzip file, little-endian. */
export function gzipTrailerSize(tail: Uint8Array): number {
  const n = tail.length;
  if (n < 4) return 0;
  return (tail[n - 4]! | (tail[n - 3]! << 8) | (tail[n - 2]! << 16) | (tail[n - 1]! << 24)) >>> 0;
}

/** The size to plan for: ISIZE, unless deflate could not have produced that much from this input. */
function expectedOutput(isize: number, compressedBytes: number, maxOutputBytes: number): number {
  const plausible = Math.min(isize, compressedBytes * MAX_DEFLATE_RATIO + MIN_CHUNK, maxOutputBytes);
  return Math.max(MIN_CHUNK, plausible);
}

/** Collects zlib's output: adopts its views of one buffer while it can, copies otherwise. */
class OutputCollector {
  private adopted: ArrayBuffer | null = null;
  private own: Buffer | null = null;
  length = 0;

  /** `zlibChunk`: the chunkSize zlib was given; only a buffer of exactly that size is adopted. */
  constructor(
    private readonly maxOutputBytes: number,
    private readonly zlibChunk: number,
  ) {}

  /** Returns false when the output would pass the limit. */
  add(chunk: Buffer): boolean {
    const need = this.length + chunk.length;
    if (need > this.maxOutputBytes) return false;
    if (this.own === null) {
      const ab = chunk.buffer as ArrayBuffer;
      if (this.length === 0 && chunk.byteOffset === 0 && ab.byteLength === this.zlibChunk) this.adopted = ab;
      if (this.adopted === ab && chunk.byteOffset === this.length) {
        this.length = need;
        return true;
      }
      // zlib started another buffer: continue in one of our own, keeping what was adopted.
      this.own = Buffer.allocUnsafeSlow(Math.min(this.maxOutputBytes, Math.max(need, this.length * 2)));
      if (this.adopted) this.own.set(new Uint8Array(this.adopted, 0, this.length));
      this.adopted = null;
    }
    if (need > this.own.length) {
      const grown = Buffer.allocUnsafeSlow(Math.min(this.maxOutputBytes, Math.max(need, this.own.length * 2)));
      grown.set(this.own.subarray(0, this.length));
      this.own = grown;
    }
    this.own.set(chunk, this.length);
    this.length = need;
    return true;
  }

  result(): Uint8Array {
    if (this.own) return this.own.subarray(0, this.length);
    if (this.adopted) return new Uint8Array(this.adopted, 0, this.length);
    return new Uint8Array(0);
  }
}

/**
 * Runs one gunzip: `feed` writes the compressed input (awaiting each write), then the stream
 * ends. Resolves with the output; rejects with TOO_LARGE, TRUNCATED or CORRUPT_DATA.
 */
function gunzipWith(expected: number, maxOutputBytes: number, feed: (gz: Gunzip, failed: () => boolean) => Promise<void>): Promise<Uint8Array> {
  const out = new OutputCollector(maxOutputBytes, expected);
  const gz = createGunzip({ chunkSize: expected });
  let failure: Error | null = null;
  return new Promise<Uint8Array>((resolve, reject) => {
    const fail = (err: Error): void => {
      if (failure) return;
      failure = err;
      gz.destroy();
      reject(err);
    };
    gz.on('data', (chunk: Buffer) => {
      if (failure) return;
      if (!out.add(chunk)) fail(new FitsError('TOO_LARGE', `gzip output exceeds the limit of ${maxOutputBytes} bytes`));
    });
    gz.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'Z_BUF_ERROR') fail(new FitsError('TRUNCATED', 'gzip stream ends early'));
      else fail(new FitsError('CORRUPT_DATA', `gzip stream does not decode: ${err.message}`));
    });
    gz.on('end', () => {
      if (!failure) resolve(out.result());
    });
    feed(gz, () => failure !== null).then(
      () => {
        if (!failure) gz.end();
      },
      // A read error (EIO, ...) keeps its own code, as when the whole file is read at once.
      (err: unknown) => fail(err instanceof Error ? err : new Error(String(err))),
    );
  });
}

/** Writes one piece and waits until zlib has consumed it, so its buffer may be reused. */
function writeAndWait(gz: Gunzip, piece: Uint8Array): Promise<void> {
  return new Promise((resolve) => {
    // Errors surface through the stream's 'error' event; here only the pace matters. A stream
    // destroyed by an error may never call back, so its 'close' ends the wait too.
    const done = (): void => {
      gz.off('close', done);
      resolve();
    };
    gz.once('close', done);
    gz.write(piece, done);
  });
}

/** gunzips a whole in-memory .gz (one or more members). */
export function gunzipBytes(bytes: Uint8Array, maxOutputBytes: number): Promise<Uint8Array> {
  const expected = expectedOutput(bytes.length >= 18 ? gzipTrailerSize(bytes) : 0, bytes.length, maxOutputBytes);
  return gunzipWith(expected, maxOutputBytes, async (gz) => {
    gz.write(bytes);
  });
}

/**
 * gunzips a .gz file read in pieces from an open handle; the compressed file is never held whole.
 * File-system errors are passed through unchanged (they keep their ENOENT/EIO code).
 */
export async function gunzipFile(file: FileHandle, size: number, maxOutputBytes: number): Promise<Uint8Array> {
  const tail = new Uint8Array(4);
  if (size >= 18) await file.read(tail, 0, 4, size - 4);
  const expected = expectedOutput(size >= 18 ? gzipTrailerSize(tail) : 0, size, maxOutputBytes);
  const piece = Buffer.allocUnsafeSlow(Math.min(READ_PIECE, Math.max(size, 1)));
  return gunzipWith(expected, maxOutputBytes, async (gz, failed) => {
    for (let position = 0; position < size && !failed(); ) {
      const { bytesRead } = await file.read(piece, 0, Math.min(piece.length, size - position), position);
      if (bytesRead === 0) break; // the file shrank: zlib reports the cut stream
      position += bytesRead;
      await writeAndWait(gz, piece.subarray(0, bytesRead));
    }
  });
}
