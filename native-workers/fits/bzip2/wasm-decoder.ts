/**
 * libbzip2 compiled to WebAssembly (the emscripten module inside @foxglove/wasm-bz2), decoding
 * one standalone stream at a time. The package's own wrapper mallocs the input and a worst-case
 * output area on every call and copies the result out; here both areas live as long as the
 * decoder, the input is written straight into the heap and the caller copies the output to
 * where it belongs. ./pool.ts runs the same calls on workers.
 *
 * The wasm is compiled once per process and every thread instantiates that compiled module, so
 * compiled (and optimised) code is shared rather than made again by each worker.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { outsideAsarPath } from '../../asar-path.js';

const require = createRequire(import.meta.url);

/** The emscripten module file; the worker threads load it by this path (never from inside app.asar). */
export const BZ2_MODULE_PATH = outsideAsarPath(require.resolve('@foxglove/wasm-bz2/wasm/module.js'));
const BZ2_WASM_PATH = require.resolve('@foxglove/wasm-bz2/wasm/module.wasm');

/** A compiled WebAssembly.Module (opaque here; it can be sent to worker threads). */
export type CompiledWasm = object;

/** The part of the WebAssembly API used here (the project's TypeScript libs do not declare it). */
interface WasmApi {
  compile(bytes: Uint8Array): Promise<CompiledWasm>;
  instantiate(module: CompiledWasm, imports: object): Promise<object>;
}

const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

let compiled: Promise<CompiledWasm> | null = null;

/** libbzip2's wasm, compiled once for all threads of this process. */
export function compiledBzip2(): Promise<CompiledWasm> {
  compiled ??= readFile(BZ2_WASM_PATH).then((bytes) => wasmApi.compile(bytes));
  return compiled;
}

type Bz2Factory = (overrides?: object) => Promise<Bz2Module>;

/**
 * Instantiates the emscripten module from an already compiled wasm module. The same steps run
 * in the worker source of ./pool.ts.
 */
function instantiate(factory: Bz2Factory, module: CompiledWasm): Promise<Bz2Module> {
  let fail: (err: unknown) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => (fail = reject));
  const ready = factory({
    instantiateWasm(imports: object, receive: (instance: object, module: CompiledWasm) => void) {
      wasmApi.instantiate(module, imports).then((instance) => receive(instance, module), fail);
      return {};
    },
  });
  return Promise.race([ready, failed]);
}

/** The part of the emscripten module used here (see @foxglove/wasm-bz2/wasm/module.d.ts). */
interface Bz2Module {
  _malloc(size: number): number;
  _free(ptr: number): void;
  HEAPU8: Uint8Array;
  decompress(dst: number, dstSize: number, src: number, srcSize: number, small: number): { code: number; error?: string; buffer?: Uint8Array };
}

export type DecodeOutcome =
  | { ok: true; bytes: Uint8Array }
  | { ok: false; reason: 'corrupt' | 'truncated' | 'too-large' | 'worker-failed'; message: string };

/** libbzip2 return codes that matter here. */
const BZ_UNEXPECTED_EOF = -7;
const BZ_OUTBUFF_FULL = -8;

export class BlockDecoder {
  private src = 0;
  private srcCapacity = 0;
  private dst = 0;
  private dstCapacity = 0;

  constructor(private readonly wasm: Bz2Module) {}

  /**
   * Decodes the standalone stream that `write` puts into the first `length` bytes of the input
   * area, into at most `capacity` bytes. On success `bytes` is a view into the wasm heap, valid
   * until the next call: copy it out.
   */
  decode(length: number, write: (target: Uint8Array) => void, capacity: number): DecodeOutcome {
    if (!this.load(length, write)) return { ok: false, reason: 'too-large', message: `cannot allocate ${length} bytes for a bzip2 stream` };
    return this.decodeLoaded(length, capacity);
  }

  /** Writes a stream into the input area now, to be decoded by `decodeLoaded`; false when there is no room. */
  load(length: number, write: (target: Uint8Array) => void): boolean {
    if (!this.reserveInput(length)) return false;
    write(this.wasm.HEAPU8.subarray(this.src, this.src + length));
    return true;
  }

  /** Decodes the `length` bytes last written by `load`. */
  decodeLoaded(length: number, capacity: number): DecodeOutcome {
    const cap = Math.max(1, capacity);
    if (!this.reserveOutput(cap)) return { ok: false, reason: 'too-large', message: `cannot allocate ${cap} bytes for a bzip2 block` };
    let r: ReturnType<Bz2Module['decompress']>;
    try {
      r = this.wasm.decompress(this.dst, cap, this.src, length, 0);
    } catch (err) {
      return failedOutcome(err instanceof Error ? err.message : String(err));
    }
    if (r.code !== 0 || !r.buffer) return failedOutcome(`BZ2 decompression failed: ${r.code} (${r.error ?? 'unknown'})`);
    return { ok: true, bytes: r.buffer };
  }

  /** Grows the input area (keeping nothing: it is written afresh for each stream). */
  private reserveInput(length: number): boolean {
    if (length <= this.srcCapacity) return true;
    if (this.src) this.wasm._free(this.src);
    this.srcCapacity = Math.max(length, 1 << 20);
    this.src = this.wasm._malloc(this.srcCapacity);
    if (!this.src) this.srcCapacity = 0;
    return this.src !== 0;
  }

  /** Grows the output area; its pages cost memory only once written. */
  private reserveOutput(capacity: number): boolean {
    if (capacity <= this.dstCapacity) return true;
    if (this.dst) this.wasm._free(this.dst);
    this.dstCapacity = capacity;
    this.dst = this.wasm._malloc(capacity);
    if (!this.dst) this.dstCapacity = 0;
    return this.dst !== 0;
  }
}

let decoder: Promise<BlockDecoder> | null = null;

/** This thread's decoder, instantiated on first use. */
export function loadDecoder(): Promise<BlockDecoder> {
  decoder ??= (async () => {
    const factory = require(BZ2_MODULE_PATH) as Bz2Factory;
    return new BlockDecoder(await instantiate(factory, await compiledBzip2()));
  })();
  return decoder;
}

/** Decodes one standalone stream into a fresh array; `capacity` bounds the output (and the allocation). */
export function decodeStandalone(bz: BlockDecoder, stream: Uint8Array, capacity: number): DecodeOutcome {
  const outcome = bz.decode(stream.length, (target) => target.set(stream), capacity);
  return outcome.ok ? { ok: true, bytes: outcome.bytes.slice() } : outcome;
}

/** Classifies libbzip2's error message ("BZ2 decompression failed: <code> ..."). */
export function failedOutcome(message: string): Exclude<DecodeOutcome, { ok: true }> {
  const code = Number(/failed: (-?\d+)/.exec(message)?.[1] ?? NaN);
  if (code === BZ_OUTBUFF_FULL) return { ok: false, reason: 'too-large', message };
  if (code === BZ_UNEXPECTED_EOF) return { ok: false, reason: 'truncated', message };
  return { ok: false, reason: 'corrupt', message };
}
