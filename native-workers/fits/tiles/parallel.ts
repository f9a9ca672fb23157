/**
 * Tile-compressed images decoded on several threads: large Rice images whose tiles are
 * runs of the image (row-by-row tiles, as fpack writes them) are decoded into shared
 * memory by this thread and the worker threads together (see rice-job.ts for how they
 * share the work). Everything else, and small images that would not repay a worker,
 * goes to the one-thread decoder.
 */
import { FitsError } from '../errors.js';
import type { FitsImage, FitsLimits, HeaderLike } from '../types.js';
import { decodeCompressedImage, directRiceFlip, findColumns, inTile, newCompressedImage, tileCounts, tileExtent } from './decode.js';
import { KeywordReader } from './keywords.js';
import { readCompressedImageParams, type CompressedImageParams } from './params.js';
import { RICE_READ_SLACK, riceDecode, type RiceOutput } from './rice-decode.js';
import { CLAIM, CLAIM_LAYOUT, TILE_FIELDS, type RiceArrayType, type RiceJob, type RiceJobFailure } from './rice-job.js';
import { maxRiceWorkers, riceWorkers, type RiceJobRunner } from './rice-workers.js';
import { heapArray, readTableLayout } from './table.js';

/** Below this many pixels one thread is done before a worker would have started. */
export const PARALLEL_MIN_PIXELS = 1 << 20;
/** Chunks per image: small enough to balance the threads, large enough that claiming costs nothing. */
const CHUNKS = 64;
/** The share of the image (from the end) laid out for workers; the calling thread can always take the rest. */
const WORKER_MAX_SHARE = 0.6;

/**
 * Hooks into the sharing protocol, for tests only (production passes none): they let a test
 * decide who takes which chunk instead of betting on thread timing.
 */
export interface RiceDecodeHooks {
  /**
   * Awaited once the workers' chunks are laid out and before this thread claims any: a test
   * holds this thread here until a worker has claimed a chunk.
   */
  beforeCallerClaims?: (job: RiceJob) => Promise<void>;
}

interface RiceTile {
  bytes: Uint8Array;
  /** Index of its first pixel in the image. */
  at: number;
  n: number;
}

interface RicePlan {
  p: CompressedImageParams;
  image: FitsImage;
  out: RiceOutput;
  flip: number;
  tiles: RiceTile[];
  maxTilePixels: number;
}

/**
 * Decodes a tile-compressed image like `decodeCompressedImage`, with worker threads for
 * large Rice images (the pixels are then in a SharedArrayBuffer). `runners`: the workers
 * to use (default: the module's pool, started only for an image that needs it; none
 * means one thread). `hooks`: for tests (see RiceDecodeHooks).
 */
export async function decodeCompressedImageAsync(
  header: HeaderLike,
  data: Uint8Array,
  hduIndex: number,
  limits: FitsLimits,
  runners?: RiceJobRunner[],
  hooks: RiceDecodeHooks = {},
): Promise<FitsImage> {
  const haveWorkers = runners ? runners.length > 0 : maxRiceWorkers() > 0;
  const plan = haveWorkers ? planParallelRice(header, data, hduIndex, limits) : null;
  if (!plan) return decodeCompressedImage(header, data, hduIndex, limits);
  await decodeTogether(plan, data, hduIndex, runners ?? riceWorkers(), hooks);
  return plan.image;
}

/** Rows of tiles in image order, each one run of the image: the tile shape spans every axis below its last one. */
function tilesAreRuns(p: CompressedImageParams): boolean {
  let top = p.tiles.length - 1;
  while (top > 0 && p.tiles[top] === 1) top--;
  for (let k = 0; k < top; k++) if (p.tiles[k] !== p.naxes[k]) return false;
  return true;
}

/** The tiles and the shared image, or null when this image is for the one-thread decoder. */
function planParallelRice(header: HeaderLike, data: Uint8Array, hduIndex: number, limits: FitsLimits): RicePlan | null {
  const p = readCompressedImageParams(header, hduIndex);
  const flip = directRiceFlip(p);
  const npix = p.naxes.length === 0 ? 0 : p.naxes.reduce((a, b) => a * b, 1);
  if (flip === null || npix < PARALLEL_MIN_PIXELS || !tilesAreRuns(p)) return null;

  const kw = new KeywordReader(header, hduIndex);
  const table = readTableLayout(kw, data.length, hduIndex);
  const cols = findColumns(table, hduIndex);
  const ntiles = tileCounts(p, table, hduIndex);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const start = new Array<number>(p.naxes.length).fill(0);
  const size = new Array<number>(p.naxes.length).fill(0);
  const tiles: RiceTile[] = [];
  let at = 0;
  let maxTilePixels = 0;
  for (let row = 0; row < table.rows; row++) {
    const bytes = heapArray(data, view, table, cols.compressed, row, hduIndex);
    // A tile kept in a fallback column (gzip, uncompressed) is the one-thread decoder's business.
    if (bytes.length === 0) return null;
    const n = tileExtent(row, p, ntiles, start, size);
    tiles.push({ bytes, at, n });
    at += n;
    maxTilePixels = Math.max(maxTilePixels, n);
  }
  const image = newCompressedImage(p, kw, limits, hduIndex, true);
  return { p, image, out: image.pixels as RiceOutput, flip, tiles, maxTilePixels };
}

/** Chunk c covers tiles bounds[c] .. bounds[c + 1] − 1: equal tile counts. */
function chunkBounds(tileCount: number): Int32Array {
  const chunks = Math.min(CHUNKS, tileCount);
  const bounds = new Int32Array(chunks + 1);
  for (let c = 0; c <= chunks; c++) bounds[c] = Math.round((c * tileCount) / chunks);
  return bounds;
}

/**
 * Copies a chunk's compressed tiles to the end of its own output region, followed by the
 * decoder's read slack, and records where each went. Possible when, for every tile, the
 * output of the tiles before it ends where its bytes begin, so that decoding in order
 * never overwrites bytes still to be read. Returns false (nothing copied) otherwise.
 */
function layOutInPlace(plan: RicePlan, first: number, last: number, tileFields: Float64Array): boolean {
  const bytesPerPixel = plan.out.BYTES_PER_ELEMENT;
  const regionEnd = (plan.tiles[last]!.at + plan.tiles[last]!.n) * bytesPerPixel;
  let from = regionEnd - RICE_READ_SLACK;
  for (let t = last; t >= first; t--) {
    from -= plan.tiles[t]!.bytes.length;
    if (from < plan.tiles[t]!.at * bytesPerPixel) return false;
    tileFields[TILE_FIELDS * t] = from;
  }
  const memory = new Uint8Array(plan.out.buffer);
  for (let t = first; t <= last; t++) memory.set(plan.tiles[t]!.bytes, tileFields[TILE_FIELDS * t]!);
  return true;
}

function decodeOnThisThread(plan: RicePlan, first: number, last: number, data: Uint8Array, hduIndex: number): void {
  const readableEnd = data.byteOffset + data.byteLength;
  const { p, out, flip } = plan;
  for (let t = first; t <= last; t++) {
    const tile = plan.tiles[t]!;
    try {
      riceDecode(tile.bytes, out, tile.at, tile.n, p.blockSize, p.bytePix, flip, readableEnd);
    } catch (err) {
      throw inTile(err, t, hduIndex);
    }
  }
}

function release(claims: Int32Array, chunk: number, state: number): void {
  const word = CLAIM_LAYOUT.words + chunk;
  Atomics.store(claims, word, state);
  Atomics.notify(claims, word);
}

/** The job the workers share, its back chunks PENDING until `layOutForWorkers`. */
function newJob(plan: RicePlan): RiceJob {
  const bounds = chunkBounds(plan.tiles.length);
  const chunks = bounds.length - 1;
  const claims = new Int32Array(new SharedArrayBuffer(4 * (CLAIM_LAYOUT.words + chunks)));
  claims[CLAIM_LAYOUT.front] = 0;
  claims[CLAIM_LAYOUT.back] = chunks;
  const firstShared = Math.floor(chunks * (1 - WORKER_MAX_SHARE));
  for (let c = 0; c < chunks; c++) claims[CLAIM_LAYOUT.words + c] = c < firstShared ? CLAIM.MAIN_ONLY : CLAIM.PENDING;
  // Shared: where each tile's bytes go is written after the job is posted.
  const tiles = new Float64Array(new SharedArrayBuffer(8 * TILE_FIELDS * plan.tiles.length));
  plan.tiles.forEach((tile, t) => {
    tiles[TILE_FIELDS * t + 1] = tile.bytes.length;
    tiles[TILE_FIELDS * t + 2] = tile.at;
    tiles[TILE_FIELDS * t + 3] = tile.n;
  });
  return {
    pixels: plan.out.buffer as SharedArrayBuffer,
    arrayType: plan.out.constructor.name as RiceArrayType,
    claims: claims.buffer as SharedArrayBuffer,
    chunkTiles: bounds,
    tiles,
    maxTilePixels: plan.maxTilePixels,
    blockSize: plan.p.blockSize,
    bytePix: plan.p.bytePix,
    flip: plan.flip,
    slack: RICE_READ_SLACK,
    codes: CLAIM,
    layout: CLAIM_LAYOUT,
  };
}

/** Lays out the PENDING chunks, last first (where workers start); none may stay PENDING, workers wait on it. */
function layOutForWorkers(plan: RicePlan, job: RiceJob): void {
  const claims = new Int32Array(job.claims);
  const bounds = job.chunkTiles;
  let c = bounds.length - 2;
  try {
    for (; c >= 0 && claims[CLAIM_LAYOUT.words + c] === CLAIM.PENDING; c--) {
      release(claims, c, layOutInPlace(plan, bounds[c]!, bounds[c + 1]! - 1, job.tiles) ? CLAIM.FREE : CLAIM.MAIN_ONLY);
    }
  } finally {
    for (; c >= 0; c--) if (claims[CLAIM_LAYOUT.words + c] === CLAIM.PENDING) release(claims, c, CLAIM.MAIN_ONLY);
  }
}

/** Chunks a worker claimed and has not finished. */
function chunksInWorkers(claims: Int32Array): number[] {
  const taken: number[] = [];
  for (let c = 0; c + CLAIM_LAYOUT.words < claims.length; c++) if (Atomics.load(claims, CLAIM_LAYOUT.words + c) === CLAIM.WORKER) taken.push(c);
  return taken;
}

async function decodeTogether(plan: RicePlan, data: Uint8Array, hduIndex: number, runners: RiceJobRunner[], hooks: RiceDecodeHooks): Promise<void> {
  const job = newJob(plan);
  const claims = new Int32Array(job.claims);
  const bounds = job.chunkTiles;
  const chunks = bounds.length - 1;
  const decodeChunk = (c: number): void => decodeOnThisThread(plan, bounds[c]!, bounds[c + 1]! - 1, data, hduIndex);
  const outcomes = runners.map((r) => r.run(job));
  layOutForWorkers(plan, job);
  if (hooks.beforeCallerClaims) await hooks.beforeCallerClaims(job);

  // This thread takes chunks from the front until none is left, skipping those a worker took.
  for (;;) {
    const c = Atomics.add(claims, CLAIM_LAYOUT.front, 1);
    if (c >= chunks) break;
    const word = CLAIM_LAYOUT.words + c;
    if (Atomics.load(claims, word) === CLAIM.MAIN_ONLY || Atomics.compareExchange(claims, word, CLAIM.FREE, CLAIM.MAIN) === CLAIM.FREE) decodeChunk(c);
  }

  // Workers that took no chunk are not waited for (a cold one may not even have started).
  if (chunksInWorkers(claims).length === 0) return;
  const failures: RiceJobFailure[] = [];
  for (const outcome of await Promise.all(outcomes)) if (outcome.ok && outcome.failure) failures.push(outcome.failure);
  const failure = failures.length > 0 ? failures.reduce((a, b) => (b.tile < a.tile ? b : a)) : null;
  // Chunks claimed but not done: a worker failed, or stopped at a corrupt tile. Decode them
  // here from the file's bytes, in order, so that the first corrupt tile is the one reported.
  for (const c of chunksInWorkers(claims)) {
    if (failure && bounds[c]! > failure.tile) break;
    decodeChunk(c);
  }
  if (failure) throw inTile(new FitsError('CORRUPT_DATA', failure.message), failure.tile, hduIndex);
}
