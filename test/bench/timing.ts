/** Timing helpers shared by the benchmark modules. */
import type { BenchRow } from './bench-types.js';
import type { PixelArray } from '../../native-workers/fits/types.js';

/** Best wall time of `repeat` runs of `f` (after one run that warms the JIT), in ms. */
export function bestOf(f: () => unknown, repeat: number): number {
  f();
  let min = Infinity;
  for (let i = 0; i < repeat; i++) {
    const t = performance.now();
    f();
    min = Math.min(min, performance.now() - t);
  }
  return min;
}

/**
 * `bestOf` for work that completes asynchronously. The warm-up runs also start any helper
 * threads; work split between threads needs a few (V8 optimises each thread's copy apart).
 */
export async function bestOfAsync(f: () => unknown, repeat: number, warmups = 1): Promise<number> {
  for (let i = 0; i < warmups; i++) await f();
  let min = Infinity;
  for (let i = 0; i < repeat; i++) {
    const t = performance.now();
    await f();
    min = Math.min(min, performance.now() - t);
  }
  return min;
}

/** A table row: ours against a reference timed in the same run. */
export function row(name: string, ours: number, reference: string, ref: number, goal?: string): BenchRow {
  return { name, ours_ms: ours, reference, reference_ms: ref, ratio: ours / ref, goal };
}

/** The pixels copied into a SharedArrayBuffer, where the analysis workers keep decoded frames. */
export function inSharedMemory<T extends PixelArray>(pixels: T): T {
  const Ctor = pixels.constructor as new (b: SharedArrayBuffer) => T;
  const out = new Ctor(new SharedArrayBuffer(pixels.byteLength));
  out.set(pixels as never);
  return out;
}
