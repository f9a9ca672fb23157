/**
 * The default memory budget for decoded frames: 1 GiB, or an eighth of the machine's
 * physical memory when that is less, so a small machine still has room for everything else.
 */
import { totalmem } from 'node:os';

export const MAX_DEFAULT_DECODED_BYTES = 1024 ** 3;

export function defaultDecodedCacheBytes(physicalBytes: number = totalmem()): number {
  const eighth = Math.floor(physicalBytes / 8);
  return Math.min(MAX_DEFAULT_DECODED_BYTES, eighth > 0 ? eighth : MAX_DEFAULT_DECODED_BYTES);
}
