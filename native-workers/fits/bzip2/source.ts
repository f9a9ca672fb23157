/**
 * Where compressed bzip2 bytes come from: a buffer already in memory, or a file read in
 * pieces so that the compressed file is never held whole.
 */
import type { FileHandle } from 'node:fs/promises';

export interface ByteSource {
  /** Total bytes (the file size when the reading started). */
  readonly size: number;
  /** Copies bytes from `position` into `into`; returns how many (fewer only at the end). */
  readInto(into: Uint8Array, position: number): Promise<number>;
  /** The whole input when it is already in memory: scanned in place, without a window. */
  readonly whole?: Uint8Array;
}

export function memorySource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    whole: bytes,
    readInto: async (into, position) => {
      const part = bytes.subarray(position, position + into.length);
      into.set(part);
      return part.length;
    },
  };
}

export function fileSource(file: FileHandle, size: number): ByteSource {
  return {
    size,
    readInto: async (into, position) => {
      let done = 0;
      while (done < into.length && position + done < size) {
        const { bytesRead } = await file.read(into, done, Math.min(into.length - done, size - position - done), position + done);
        if (bytesRead === 0) break; // the file shrank: the scanner reports a cut stream
        done += bytesRead;
      }
      return done;
    },
  };
}

/** Bytes [start, end) of the source, as a view for memory and a fresh copy for a file. */
export async function readRange(source: ByteSource, start: number, end: number): Promise<Uint8Array> {
  if (source.whole) return source.whole.subarray(start, end);
  const out = new Uint8Array(Math.max(0, end - start));
  const n = await source.readInto(out, start);
  return out.subarray(0, n);
}
