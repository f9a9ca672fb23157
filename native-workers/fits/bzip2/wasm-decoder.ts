/**
 * libbzip2 compiled to WebAssembly (@foxglove/wasm-bz2), decoding one standalone
 * stream into a buffer of a given capacity. Loaded once per thread, lazily.
 */
import Bzip2 from '@foxglove/wasm-bz2';

let decoder: Promise<Bzip2> | null = null;

export function loadDecoder(): Promise<Bzip2> {
  decoder ??= Bzip2.init();
  return decoder;
}

export type DecodeOutcome =
  | { ok: true; bytes: Uint8Array }
  | { ok: false; reason: 'corrupt' | 'truncated' | 'too-large' | 'worker-failed'; message: string };

/** libbzip2 return codes that matter here. */
const BZ_UNEXPECTED_EOF = -7;
const BZ_OUTBUFF_FULL = -8;

/** Decodes one standalone stream; `capacity` bounds the output (and the allocation). */
export function decodeStandalone(bz: Bzip2, stream: Uint8Array, capacity: number): DecodeOutcome {
  try {
    return { ok: true, bytes: bz.decompress(stream, Math.max(1, capacity)) };
  } catch (err) {
    return failedOutcome(err instanceof Error ? err.message : String(err));
  }
}

/** Classifies libbzip2's error message ("BZ2 decompression failed: <code> ..."). */
export function failedOutcome(message: string): Exclude<DecodeOutcome, { ok: true }> {
  const code = Number(/failed: (-?\d+)/.exec(message)?.[1] ?? NaN);
  if (code === BZ_OUTBUFF_FULL) return { ok: false, reason: 'too-large', message };
  if (code === BZ_UNEXPECTED_EOF) return { ok: false, reason: 'truncated', message };
  return { ok: false, reason: 'corrupt', message };
}
