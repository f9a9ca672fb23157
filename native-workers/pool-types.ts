/**
 * The worker pool's task catalogue and message protocol, shared by the pool
 * (main thread) and its workers. Every task a caller can run is one entry of
 * `TaskArgs` (what it takes) and `TaskResult` (what it gives back).
 */
import type { Bitpix, Card, FitsLimits, HduInfo, PixelArray } from './fits/types.js';
import type { ImageStatistics, PixelRegion } from './analysis/types.js';
import type { FrameQuality, QualityOptions } from './analysis/quality.js';
import type { ThumbnailOptions } from './analysis/thumbnail.js';
import type { ColorCompositeOptions } from './analysis/color.js';
import type { computeStatistics } from './analysis/statistics.js';
import type { clippedHistogram, histogram } from './analysis/histogram.js';
import type { lineProfile } from './analysis/profile.js';
import type { stretchLimits } from './analysis/stretch.js';
import type { PixelRegion as PixelRegionShape } from './regions/types.js';
import type { RegionStatistics } from './analysis/region-statistics.js';

/** A frame as the pool knows it. */
export interface FrameRef {
  /** Local file path (.fits, .fits.gz, .fits.bz2, .fits.fz ...). */
  path: string;
  /** 0-based HDU index; default the first image HDU with data. */
  hdu?: number;
  /** 0-based plane of a cube (axes above the second, NAXIS3 fastest); default 0. Only that plane is decoded. */
  plane?: number;
  /** Anything that changes with the content (mtime+size, ETag): a new version invalidates the cached decode. */
  version?: string;
  /**
   * Background work (auto-analysis): its decode is kept at the lowest priority and dropped as soon
   * as it is released, unless an interactive request used the frame meanwhile.
   */
  background?: boolean;
}

export interface Point {
  x: number;
  y: number;
}

export interface PreviewArgs {
  /** Region of the frame (default the whole frame), 0-based pixels, end exclusive. */
  region?: PixelRegion;
  maxWidth: number;
  maxHeight: number;
}

export interface PreviewResult {
  width: number;
  height: number;
  /** The integer area-average factor used (1 = full resolution). */
  binFactor: number;
  /** The region actually covered. */
  region: PixelRegion;
  /** Row 0 first (FITS order); NaN marks missing pixels. */
  pixels: Float32Array;
}

export interface TaskArgs {
  /** Every HDU of the file (does not decode pixels). */
  info: Record<string, never> | object;
  /** Cards of the frame's HDU (default the first image HDU with data). */
  header: Record<string, never> | object;
  /** The frame name of each plane of the frame's HDU, from a FRAMES table (no pixels decoded). */
  planeNames: Record<string, never> | object;
  statistics: { region?: PixelRegion };
  clippedHistogram: { clip?: number; region?: PixelRegion };
  histogram: Parameters<typeof histogram>[1];
  profile: { from: Point; to: Point; linewidth?: number };
  stretchLimits: { method: Parameters<typeof stretchLimits>[1] };
  quality: QualityOptions;
  preview: PreviewArgs;
  /** The whole frame at a quarter of the preview's resolution, from every step-th row read straight from the file (not cached). */
  coarsePreview: { maxWidth: number; maxHeight: number };
  pixel: Point;
  thumbnail: ThumbnailOptions;
  lineProfileDisplay: { from: Point; to: Point };
  /** The frame is the red channel; green and blue are other frames of the same shape. */
  colorComposite: ColorCompositeOptions & { green: FrameRef; blue: FrameRef };
  /** DS9 regions already put on the frame (0-based image pixels), see native-workers/regions. */
  regionStatistics: { regions: PixelRegionShape[] };
}

export interface TaskResult {
  info: HduInfo[];
  header: { hdu: number; cards: Card[] };
  planeNames: string[] | null;
  statistics: ImageStatistics & ReturnType<typeof computeStatistics>;
  clippedHistogram: ReturnType<typeof clippedHistogram>;
  histogram: ReturnType<typeof histogram>;
  profile: number[];
  stretchLimits: ReturnType<typeof stretchLimits>;
  quality: FrameQuality;
  preview: PreviewResult;
  coarsePreview: PreviewResult;
  /** value null for a NaN or BLANK pixel. */
  pixel: { x: number; y: number; value: number | null };
  thumbnail: Buffer;
  lineProfileDisplay: Buffer;
  colorComposite: Buffer;
  regionStatistics: RegionStatistics[];
}

export type TaskKind = keyof TaskArgs;

/** Every task kind `run` accepts. */
export const KNOWN_TASKS: ReadonlySet<string> = new Set<TaskKind>([
  'info',
  'header',
  'planeNames',
  'statistics',
  'clippedHistogram',
  'histogram',
  'profile',
  'stretchLimits',
  'quality',
  'preview',
  'coarsePreview',
  'pixel',
  'thumbnail',
  'lineProfileDisplay',
  'colorComposite',
  'regionStatistics',
]);

/** Tasks that need no cached decode (they read the file's headers, or in coarsePreview a sample of its rows, themselves). */
export const HEADER_TASKS: ReadonlySet<string> = new Set(['info', 'header', 'planeNames', 'coarsePreview']);

export type PixelArrayType =
  | 'Uint8Array'
  | 'Int16Array'
  | 'Uint16Array'
  | 'Int32Array'
  | 'Uint32Array'
  | 'Float32Array'
  | 'Float64Array';

/** A decoded image living in shared memory: every worker views the same bytes. */
export interface SharedImage {
  buffer: SharedArrayBuffer;
  arrayType: PixelArrayType;
  /** Number of pixel values (width × height × depth). */
  length: number;
  width: number;
  height: number;
  depth: number;
  shape: number[];
  bitpix: Bitpix;
  bscale: number;
  bzero: number;
  blank?: number;
  /** The HDU decoded (resolved when the caller gave none). */
  hdu: number;
  /** The plane decoded (pixels hold that plane only). */
  plane: number;
  /** The HDU's full shape (NAXIS1 first), of which this is one plane. */
  hduShape: number[];
  /** SATURATE from the header, when present (quality uses it). */
  saturate?: number;
  /** Which of the spare buffers offered to the decode it was written into (-1 or absent: a new one). */
  reusedIndex?: number;
}

export const PIXEL_ARRAY_TYPES: Record<PixelArrayType, new (buffer: ArrayBufferLike) => PixelArray> = {
  Uint8Array,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
};

// ---- messages ----

export interface WorkerInit {
  limits?: Partial<FitsLimits>;
  /** Allows the test-only tasks (__sleep, __throw, __exit). */
  testTasks: boolean;
}

export interface TaskMessage {
  id: number;
  /** A TaskKind, 'decode', or a test-only task. */
  kind: string;
  frame: FrameRef;
  args: unknown;
  /** The decoded image for pixel tasks (and the extra frames of a composite). */
  images?: SharedImage[];
}

export interface SerializedError {
  name: string;
  code: string;
  message: string;
}

export type ReplyMessage =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: SerializedError };

/** Arguments of the pool's internal 'decode' task. */
export interface DecodeArgs {
  /** Buffers of dropped frames the decode may write into when one has the right size (saves allocating). */
  reuse?: SharedArrayBuffer[];
}
