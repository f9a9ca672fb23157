/** RangeReaders and chunk streams over local files, for header-only reads. */
import { open, type FileHandle } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import type { RangeReader } from '../../../native-workers/fits/types.js';

/** A RangeReader on an open file handle; returns fewer bytes at the end of the file. */
export function fileHandleRangeReader(handle: FileHandle): RangeReader {
  return async (offset, length) => {
    const buffer = new Uint8Array(length);
    let filled = 0;
    while (filled < length) {
      const { bytesRead } = await handle.read(buffer, filled, length - filled, offset + filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return filled === length ? buffer : buffer.subarray(0, filled);
  };
}

/** Opens the file, runs `fn` with a RangeReader on it and closes the file whatever happens. */
export async function withFileRangeReader<T>(path: string, fn: (read: RangeReader) => Promise<T>): Promise<T> {
  const handle = await open(path, 'r');
  try {
    return await fn(fileHandleRangeReader(handle));
  } finally {
    await handle.close();
  }
}

/** The file's bytes as chunks; destroying the iterator (break/return) closes the file. */
export function fileChunks(path: string, signal?: AbortSignal): AsyncIterable<Uint8Array> {
  return createReadStream(path, { highWaterMark: 64 * 1024, signal });
}
