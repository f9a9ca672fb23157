/**
 * THE contract between the host and every client (the Vue renderer over Electron IPC or
 * HTTP + WebSocket, and scripts). Every operation is declared once here with its request
 * and response schemas; the IPC handlers, the `POST /api/<operation>` routes and the
 * renderer's client are all derived from this object.
 *
 * This file imports nothing but zod: the renderer imports its types, the preload its names.
 *
 * Conventions: pixel coordinates are 0-based, x along NAXIS1 (columns), y along NAXIS2
 * (rows, row 0 first in memory, shown at the bottom as DS9 does); regions are end-exclusive;
 * `hdu` is the 0-based HDU index (primary = 0, as astropy counts); times are ISO-8601 UTC.
 */
import { z } from 'zod';

// ---------------------------------------------------------------------------------------------
// Errors and the result envelope (the same for IPC and HTTP)
// ---------------------------------------------------------------------------------------------

/** Every failure a client can see. Switch on `code`, never on the message. */
export interface ApiError {
  code: string;
  message: string;
  details?: unknown;
}

export type ApiResult<T> = { ok: true; result: T } | { ok: false; error: ApiError };

/**
 * Error codes the host uses (others may pass through from the FITS core: NOT_FITS,
 * TRUNCATED, BAD_HEADER, ... which are client errors too).
 */
export const API_ERROR_CODES = [
  'BAD_REQUEST', // the request does not match the schema (details: zod issues)
  'BAD_REGION', // empty or out-of-bounds region
  'BAD_ARGUMENT', // a value out of range (e.g. pixel outside the image)
  'UNAUTHORIZED', // no or unknown API key
  'FORBIDDEN', // the key's user may not do this
  'NOT_FOUND', // no such frame / operation / object
  'CONFLICT',
  'TOO_LARGE',
  'PAYLOAD_TOO_LARGE',
  'INVALID_FPLANE', // details: { problems: string[] }
  'INVALID_SOURCES', // details: { problems: { field, message }[] }
  'BAD_REGION_FILE', // a DS9 region file that cannot be read; the message names the line
  'NO_WCS', // sky coordinates asked of a frame without a usable celestial WCS
  'INTERNAL',
] as const;

// ---------------------------------------------------------------------------------------------
// Shared pieces
// ---------------------------------------------------------------------------------------------

const frameId = z.number().int().positive();
const hduIndex = z.number().int().min(0).optional();
/** Plane of a cube: 0-based over the axes above the second, NAXIS3 fastest (default 0). Results echo it. */
const planeIndex = z.number().int().min(0).optional();
const planeEcho = z.number().int().optional();
const pixelCoordinate = z.number().finite();

export const FrameStatusSchema = z.enum(['listed', 'downloading', 'ready', 'error']);
export type FrameStatus = z.infer<typeof FrameStatusSchema>;

/** A pixel rectangle, end exclusive: columns x0Px..x1Px-1, rows y0Px..y1Px-1. */
export const RegionSchema = z.object({
  x0Px: z.number().int().min(0),
  y0Px: z.number().int().min(0),
  x1Px: z.number().int().min(0),
  y1Px: z.number().int().min(0),
});
export type Region = z.infer<typeof RegionSchema>;

export const PointSchema = z.object({ x: pixelCoordinate, y: pixelCoordinate });
export type Point = z.infer<typeof PointSchema>;

/** A header card as sent to clients (integers beyond 2^53 arrive as strings). */
export const CardSchema = z.object({
  key: z.string(),
  value: z.union([z.string(), z.number(), z.boolean(), z.null()]),
  comment: z.string().optional(),
  isString: z.boolean().optional(),
});
export type ApiCard = z.infer<typeof CardSchema>;

export const HduInfoSchema = z.object({
  index: z.number().int(),
  extname: z.string().nullable(),
  kind: z.enum(['image', 'compressed-image', 'table', 'ascii-table', 'unknown']),
  bitpix: z.number().int().nullable(),
  shape: z.array(z.number().int()),
  bzero: z.number().nullable(),
  bscale: z.number().nullable(),
  compression: z.string().nullable(),
});
export type ApiHduInfo = z.infer<typeof HduInfoSchema>;

export const ImageStatisticsSchema = z.object({
  mean: z.number(),
  median: z.number(),
  mode: z.number(),
  min: z.number(),
  max: z.number(),
  std: z.number(),
  mad: z.number(),
  count: z.number(),
  nanCount: z.number(),
  sky: z.number(),
  noise: z.number(),
  plane: planeEcho,
});
export type ApiImageStatistics = z.infer<typeof ImageStatisticsSchema>;

/** Frame quality as the analysis engine measures it; `sources` lists detected stars (may be omitted). */
export const FrameQualitySchema = z.looseObject({
  /** Sky background (sigma-clipped). */
  background: z.number(),
  noise: z.number(),
  starCount: z.number().int(),
  fwhmMedianPx: z.number().nullable(),
  elongationMedian: z.number().nullable(),
  saturatedPixels: z.number().int(),
  plane: planeEcho,
  sources: z
    .array(z.object({ x: z.number(), y: z.number(), peak: z.number(), flux: z.number(), fwhmPx: z.number(), elongation: z.number() }))
    .optional(),
  /** Saturated stars (centroid of their saturated pixels): not in `sources`, marked apart by the star overlay. */
  saturatedSources: z.array(z.object({ x: z.number(), y: z.number(), saturatedPixels: z.number().int(), areaPx: z.number().int() })).optional(),
});
export type ApiFrameQuality = z.infer<typeof FrameQualitySchema>;

/** One row of the frame list. */
export const FrameSummarySchema = z.object({
  id: frameId,
  source: z.string(),
  key: z.string(),
  name: z.string(),
  night: z.string(),
  status: FrameStatusSchema,
  error: z.string().nullable(),
  dateObs: z.string().nullable(),
  exptime: z.number().nullable(),
  filter: z.string().nullable(),
  object: z.string().nullable(),
  /** NAXIS1 first; empty until the header is read. */
  shape: z.array(z.number().int()),
  bitpix: z.number().int().nullable(),
  size: z.number(),
  addedAt: z.string(),
  stats: z.object({ median: z.number(), sky: z.number(), noise: z.number() }).nullable(),
  quality: z.object({ fwhmMedianPx: z.number().nullable(), starCount: z.number() }).nullable(),
});
export type FrameSummary = z.infer<typeof FrameSummarySchema>;

export const WcsSchema = z.object({
  crval1: z.number(),
  crval2: z.number(),
  crpix1: z.number(),
  crpix2: z.number(),
  /** CD matrix in degrees per pixel: [[CD1_1, CD1_2], [CD2_1, CD2_2]]. */
  cd: z.tuple([z.tuple([z.number(), z.number()]), z.tuple([z.number(), z.number()])]),
  ctype1: z.string(),
  ctype2: z.string(),
});
export type Wcs = z.infer<typeof WcsSchema>;

// --- World coordinates (issue 15): the WCS cards of the opened HDU, read by native-workers/wcs ---
/** Keyword → value of only the WCS cards (CTYPE, CRPIX, CD/PC, PV, SIP, RADESYS, ...), alternates included. */
export const WcsCardsSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));
export type WcsCards = z.infer<typeof WcsCardsSchema>;

export const HistogramSchema = z.object({
  counts: z.array(z.number()),
  edges: z.array(z.number()),
  stats: z.object({ median: z.number(), mean: z.number(), mode: z.number(), min: z.number(), max: z.number() }).optional(),
  plane: planeEcho,
});
export type Histogram = z.infer<typeof HistogramSchema>;

export const S3ConfigSchema = z.object({
  id: z.string().optional(),
  bucket: z.string().min(3).max(63),
  prefix: z.string().optional(),
  /** Watched directories under the prefix (default ['data']). */
  directories: z.array(z.string()).optional(),
  region: z.string().optional(),
  /** Custom endpoint of an S3-compatible store (MinIO, Ceph, s3rver): http(s)://host[:port]. */
  endpoint: z.url({ protocol: /^https?$/ }).optional(),
  forcePathStyle: z.boolean().optional(),
  /** 'default' = the AWS credential chain; 'anonymous' = unsigned; or explicit keys (never echoed back). */
  credentials: z
    .union([
      z.literal('default'),
      z.literal('anonymous'),
      z.object({ accessKeyId: z.string().min(1), secretAccessKey: z.string().min(1), sessionToken: z.string().optional() }),
    ])
    .optional(),
  profile: z.string().optional(),
  requesterPays: z.boolean().optional(),
  pollIntervalMs: z.number().int().min(200).max(3_600_000).optional(),
  autoDownloadNewest: z.number().int().min(0).max(1000).optional(),
});
export type S3Config = z.infer<typeof S3ConfigSchema>;

export const FolderConfigSchema = z.object({ path: z.string().min(1), recursive: z.boolean().optional() });
export type FolderConfig = z.infer<typeof FolderConfigSchema>;

export const SourceStatusSchema = z.looseObject({
  state: z.enum(['ok', 'polling', 'backoff', 'error', 'stopped', 'scanning', 'watching']).or(z.string()),
  lastPollAt: z.string().nullable().optional(),
  nextPollAt: z.string().nullable().optional(),
  lastError: z.object({ code: z.string(), message: z.string() }).nullable().optional(),
});
export type SourceStatus = z.infer<typeof SourceStatusSchema>;

export const SourceInfoSchema = z.object({
  id: z.string(),
  kind: z.enum(['s3', 'folder', 'demo', 'samp']),
  /** The source's configuration with secrets removed. */
  config: z.record(z.string(), z.unknown()),
  status: SourceStatusSchema,
});
export type SourceInfo = z.infer<typeof SourceInfoSchema>;

export const SettingsSchema = z.object({
  /** Default S3 poll interval in seconds. */
  pollIntervalS: z.number().min(0.2).max(3600),
  /** Download cache limit in bytes. */
  cacheBytes: z.number().int().min(16 * 1024 * 1024),
  /** Download the newest frames automatically as they are listed. */
  autoDownload: z.boolean(),
  /** Site longitude (degrees east) used to name observing nights. */
  siteLongitudeDeg: z.number().min(-180).max(180),
  /** Desktop notification when a frame lands. */
  notifyOnNewFrame: z.boolean(),
  /** Seconds between new demo frames. */
  demoIntervalS: z.number().min(0.2).max(3600),
  /** Analyse new frames (statistics + quality) in the background. */
  autoAnalyse: z.boolean(),
  /** SAMP client (desktop): 'auto' registers with a hub whenever one runs; 'off' never. `nightdeck serve` needs --samp. */
  samp: z.enum(['auto', 'off']),
  /** Memory budget for decoded frames in bytes (default min(1 GiB, physical memory / 8)). */
  decodedCacheBytes: z.number().int().min(16 * 1024 * 1024),
});
export type Settings = z.infer<typeof SettingsSchema>;

export const FplaneRowSchema = z.object({
  ifuslot: z.string(),
  x: z.number(),
  y: z.number(),
  specid: z.string(),
  specslot: z.string(),
  ifuid: z.string(),
  ifurot: z.number(),
  platesc: z.number(),
  /** True when the line is commented out in the full file (inactive seat or special entry). */
  commented: z.boolean(),
});
export type FplaneRow = z.infer<typeof FplaneRowSchema>;

export const FplaneIfuInputSchema = z.object({
  ifuslot: z.union([z.string(), z.number()]),
  x: z.union([z.number(), z.string()]),
  y: z.union([z.number(), z.string()]),
  specid: z.union([z.string(), z.number()]),
  specslot: z.union([z.string(), z.number()]),
  ifuid: z.union([z.string(), z.number()]),
  ifurot: z.union([z.number(), z.string()]),
  platesc: z.union([z.number(), z.string()]),
  active: z.boolean().optional(),
  actual: z.object({ x: z.number(), y: z.number() }).optional(),
});

// ---------------------------------------------------------------------------------------------
// Cubes (issue 15): what openFrame tells about the planes of the opened HDU
// ---------------------------------------------------------------------------------------------

/** The third axis' linear world coordinate (CTYPE3, CUNIT3, CRVAL3, CRPIX3, CDELT3 or CD3_3). */
export const PlaneAxisSchema = z.object({ ctype: z.string(), cunit: z.string(), crval: z.number(), crpix: z.number(), cdelt: z.number() });

const OpenedPlanesShape = {
  /** The HDU's full shape, NAXIS1 first (`[11, 10, 7]` for a cube). */
  shape: z.array(z.number().int()).optional(),
  /** Planes of the HDU (product of NAXIS3..; 1 for a 2-D image). */
  planes: z.number().int().min(1).optional(),
  /** The plane opened. */
  plane: planeEcho,
  /** The frame each plane came from, from a FRAMES table (NightDeck's cube export); null when the file has none. */
  planeNames: z.array(z.string()).nullable().optional(),
  /** The third axis' world coordinate, when the header has one. */
  planeAxis: PlaneAxisSchema.nullable().optional(),
};

// ---------------------------------------------------------------------------------------------
// SAMP (issue 16): NightDeck as a client of a desktop SAMP hub
// ---------------------------------------------------------------------------------------------

export const SampStatusSchema = z.object({
  /** False when SAMP is off (setting, no --samp, or a non-loopback bind). */
  enabled: z.boolean(),
  state: z.enum(['off', 'disabled', 'searching', 'connecting', 'connected']),
  /** Why not connected (stale lockfile, hub gone, policy); null when all is well. */
  problem: z.string().nullable(),
  hubUrl: z.string().nullable(),
  selfId: z.string().nullable(),
  lockfile: z.string().nullable(),
});
export type SampStatusView = z.infer<typeof SampStatusSchema>;

export const SampClientSchema = z.object({ id: z.string(), name: z.string().nullable() });
export type SampClientView = z.infer<typeof SampClientSchema>;

export const SampReplySchema = z.object({
  id: z.string(),
  name: z.string().nullable(),
  status: z.enum(['samp.ok', 'samp.warning', 'samp.error']),
  errorText: z.string().nullable(),
  result: z.record(z.string(), z.unknown()),
});

// ---------------------------------------------------------------------------------------------
// DS9 region files (issue 17): schemas used by the region operations at the end of `operations`
// ---------------------------------------------------------------------------------------------

/** The text of a DS9 region file (version 4.1). */
const regionFileText = z.string().max(4_000_000);
export const RegionFileSystemSchema = z.enum(['image', 'icrs', 'fk5', 'galactic', 'ecliptic']);
export type RegionFileSystem = z.infer<typeof RegionFileSystemSchema>;

/** Statistics of one include region (pixels whose centre is inside, minus later exclude regions). */
export const RegionStatisticsRowSchema = z.object({
  /** 0-based position among the include regions with an area, in file order. */
  index: z.number().int(),
  shape: z.string(),
  text: z.string().optional(),
  /** 1-based line of the region file. */
  line: z.number().int().optional(),
  count: z.number().int(),
  sum: z.number().nullable(),
  mean: z.number().nullable(),
  median: z.number().nullable(),
  min: z.number().nullable(),
  max: z.number().nullable(),
  std: z.number().nullable(),
  nanCount: z.number().int(),
});
export type RegionStatisticsRow = z.infer<typeof RegionStatisticsRowSchema>;

// ---------------------------------------------------------------------------------------------
// The observer's night tools (issue 19): focus curve and frame grading
// ---------------------------------------------------------------------------------------------

const nightName = z.string().regex(/^\d{8}$/, 'a night is named YYYYMMDD');

/** One frame of a focus curve: its focuser position, its median FWHM, and whether the fit kept it. */
export const FocusCurvePointSchema = z.object({
  id: frameId,
  name: z.string(),
  dateObs: z.string().nullable(),
  focus: z.number().nullable(),
  fwhmPx: z.number().nullable(),
  starCount: z.number().nullable(),
  used: z.boolean(),
});

export const FocusCurveSchema = z.object({
  /** 'selection' = the frames asked for; 'run' = the night's latest focus run (a one-way sweep of ≥ 5 frames). */
  basis: z.enum(['selection', 'run']),
  /** The header keyword the focus values came from (null when no frame has one). */
  key: z.string().nullable(),
  points: z.array(FocusCurvePointSchema),
  /** FWHM(f) = sqrt(a² + (b·(f − f0))²); null when the fit failed (see `problem`). */
  fit: z.object({ a: z.number(), b: z.number(), f0: z.number() }).nullable(),
  bestFocus: z.number().nullable(),
  bestFocusError: z.number().nullable(),
  minFwhmPx: z.number().nullable(),
  /** Why there is no fit (TOO_FEW_POINTS, NO_MINIMUM, NO_RUN, NOT_MEASURED), shown next to the points. */
  problem: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type FocusCurve = z.infer<typeof FocusCurveSchema>;

/** Limits a good frame keeps to; null switches a check off. */
export const GradingCriteriaSchema = z.object({
  maxFwhmPx: z.number().positive().nullable(),
  maxElongation: z.number().min(1).nullable(),
  minStars: z.number().int().positive().nullable(),
  maxSkyAdu: z.number().positive().nullable(),
  /** Largest sky as a multiple of the night's median sky. */
  maxSkyOverMedian: z.number().positive().nullable(),
});
export type GradingCriteria = z.infer<typeof GradingCriteriaSchema>;

export const VerdictSchema = z.enum(['good', 'bad', 'pending']);
export type Verdict = z.infer<typeof VerdictSchema>;

export const GradedFrameSchema = z.object({
  id: frameId,
  name: z.string(),
  dateObs: z.string().nullable(),
  object: z.string().nullable(),
  filter: z.string().nullable(),
  fwhmPx: z.number().nullable(),
  elongation: z.number().nullable(),
  starCount: z.number().nullable(),
  sky: z.number().nullable(),
  /** The verdict that counts: `override` when set, else `auto`. */
  verdict: VerdictSchema,
  auto: VerdictSchema,
  override: z.enum(['good', 'bad']).nullable(),
  /** Why `auto` is bad (or pending); empty when good. */
  reasons: z.array(z.string()),
});
export type GradedFrame = z.infer<typeof GradedFrameSchema>;

export const NightGradingSchema = z.object({
  night: z.string(),
  criteria: GradingCriteriaSchema,
  /** True when the night has no stored criteria and the defaults apply. */
  defaults: z.boolean(),
  medianSky: z.number().nullable(),
  frames: z.array(GradedFrameSchema),
  counts: z.object({ good: z.number().int(), bad: z.number().int(), pending: z.number().int() }),
});
export type NightGrading = z.infer<typeof NightGradingSchema>;

// ---------------------------------------------------------------------------------------------
// Operations
// ---------------------------------------------------------------------------------------------

/** How preview pixels travel: base64 text in the JSON (scripts) or raw bytes (the console). */
export const PreviewEncodingSchema = z.enum(['base64', 'binary']);
export type PreviewEncoding = z.infer<typeof PreviewEncodingSchema>;

const op = <Req extends z.ZodType, Res extends z.ZodType>(request: Req, response: Res) => ({ request, response });

export const operations = {
  getVersion: op(
    z.object({}),
    z.object({ name: z.string(), version: z.string(), mode: z.enum(['desktop', 'serve']), demo: z.boolean() }),
  ),

  listNights: op(
    z.object({ source: z.string().optional() }),
    z.object({ nights: z.array(z.object({ night: z.string(), frameCount: z.number().int(), lastAddedAt: z.string() })) }),
  ),

  listFrames: op(
    z.object({
      night: z.string().optional(),
      source: z.string().optional(),
      offset: z.number().int().min(0).optional(),
      limit: z.number().int().min(1).max(10_000).optional(),
      sort: z.enum(['time', 'name', 'object', 'filter', 'exptime', 'size', 'added']).optional(),
      order: z.enum(['asc', 'desc']).optional(),
      object: z.string().optional(),
      filter: z.string().optional(),
      text: z.string().max(200).optional(),
      status: FrameStatusSchema.optional(),
    }),
    z.object({ frames: z.array(FrameSummarySchema), total: z.number().int() }),
  ),

  getFrame: op(
    z.object({ id: frameId }),
    FrameSummarySchema.extend({
      directory: z.string(),
      etag: z.string().nullable(),
      lastModified: z.string().nullable(),
      nameFields: z.object({
        site: z.string().nullable(),
        instrument: z.string().nullable(),
        night: z.string().nullable(),
        frameNumber: z.number().nullable(),
        reductionLevel: z.string().nullable(),
      }),
      /** Every HDU's cards, in file order (empty until the header is read). */
      headers: z.array(z.array(CardSchema)),
      fullStats: ImageStatisticsSchema.nullable(),
      fullQuality: FrameQualitySchema.nullable(),
      updatedAt: z.string(),
    }),
  ),

  /** Downloads the frame if needed and decodes it into the worker pool's cache. */
  openFrame: op(
    z.object({ id: frameId, hdu: hduIndex, plane: planeIndex }),
    z.object({
      id: frameId,
      hdus: z.array(HduInfoSchema),
      /** The HDU opened (the first image HDU with data unless asked). */
      hdu: z.number().int(),
      width: z.number().int(),
      height: z.number().int(),
      bitpix: z.number().int(),
      wcs: WcsSchema.nullable(),
      ...OpenedPlanesShape,
      /** Every projection, SIP and TPV: the console reads these with native-workers/wcs (one parse, no header copy). */
      wcsCards: WcsCardsSchema,
    }),
  ),

  /**
   * Pixels for the viewer: the region (default: whole image) binned by an integer factor
   * (area average) so it fits in maxWidth × maxHeight. `data` is base64 of little-endian
   * Float32 values, row 0 first, `width × height` of them; NaN marks missing pixels.
   */
  getPreview: op(
    z.object({
      id: frameId,
      hdu: hduIndex,
      plane: planeIndex,
      region: RegionSchema.optional(),
      maxWidth: z.number().int().min(1).max(8192),
      maxHeight: z.number().int().min(1).max(8192),
      /** 'binary': `data` is an ArrayBuffer of the same bytes (see BINARY_RESULTS); default 'base64'. */
      encoding: PreviewEncodingSchema.optional(),
      /**
       * A first look while the frame decodes (whole frame only; ignored with a region): a quarter
       * of the resolution asked, each pixel the mean of `binFactor` pixels along one row of every
       * `binFactor`-th row (the rows between are not read). Answers with `coarse: true`.
       */
      coarse: z.boolean().optional(),
    }),
    z.object({
      width: z.number().int(),
      height: z.number().int(),
      binFactor: z.number().int().min(1),
      region: RegionSchema,
      dtype: z.literal('float32'),
      data: z.union([z.string(), z.instanceof(ArrayBuffer)]),
      plane: planeEcho,
      coarse: z.boolean().optional(),
    }),
  ),

  getPixel: op(
    z.object({ id: frameId, hdu: hduIndex, plane: planeIndex, x: z.number().int().min(0), y: z.number().int().min(0) }),
    z.object({ x: z.number().int(), y: z.number().int(), value: z.number().nullable(), plane: planeEcho }),
  ),

  getStatistics: op(z.object({ id: frameId, hdu: hduIndex, plane: planeIndex, region: RegionSchema.optional() }), ImageStatisticsSchema),

  /** 'clipped' = QuickAnalysis' clipped histogram (clip in [0, 0.5)); 'bins' = N bins over [min, max]. */
  getHistogram: op(
    z.object({
      id: frameId,
      hdu: hduIndex,
      plane: planeIndex,
      mode: z.enum(['clipped', 'bins']),
      clip: z.number().min(0).max(0.49).optional(),
      bins: z.number().int().min(1).max(100_000).optional(),
      min: z.number().finite().optional(),
      max: z.number().finite().optional(),
      log: z.boolean().optional(),
      region: RegionSchema.optional(),
    }),
    HistogramSchema,
  ),

  /** Line profile between two pixel points, as skimage.measure.profile_line (order 1, cval -1). */
  getProfile: op(
    z.object({ id: frameId, hdu: hduIndex, plane: planeIndex, from: PointSchema, to: PointSchema, width: z.number().int().min(1).max(101).optional() }),
    z.object({ data: z.array(z.number()), plane: planeEcho }),
  ),

  getStretchLimits: op(
    z.object({
      id: frameId,
      hdu: hduIndex,
      plane: planeIndex,
      method: z.enum(['zscale', 'minmax', 'percentile']),
      /** For 'percentile': the central percentage kept, e.g. 99.5. */
      percentile: z.number().gt(0).max(100).optional(),
    }),
    z.object({ min: z.number(), max: z.number(), plane: planeEcho }),
  ),

  getQuality: op(z.object({ id: frameId, hdu: hduIndex, plane: planeIndex }), FrameQualitySchema),

  /** A JPEG thumbnail; `url` is a data: URL (usable over IPC and HTTP alike). */
  getThumbnail: op(
    z.object({
      id: frameId,
      plane: planeIndex,
      width: z.number().int().min(8).max(2048).optional(),
      height: z.number().int().min(8).max(2048).optional(),
      label: z.string().max(200).optional(),
      median: z.boolean().optional(),
      quality: z.number().int().min(1).max(100).optional(),
    }),
    z.object({ url: z.string(), mime: z.string(), plane: planeEcho }),
  ),

  getHeader: op(z.object({ id: frameId, hdu: hduIndex }), z.object({ hdu: z.number().int(), cards: z.array(CardSchema) })),

  /** Per-frame measurements over a night, in DATE-OBS order (frames not analysed yet have nulls). */
  getTrends: op(
    z.object({ night: z.string() }),
    z.object({
      points: z.array(
        z.object({
          id: frameId,
          name: z.string(),
          dateObs: z.string().nullable(),
          sky: z.number().nullable(),
          noise: z.number().nullable(),
          median: z.number().nullable(),
          fwhmMedianPx: z.number().nullable(),
          starCount: z.number().nullable(),
        }),
      ),
    }),
  ),

  getFplane: op(
    z.object({ datestr: z.string().max(40).optional(), full: z.boolean().optional(), actualPos: z.boolean().optional() }),
    z.object({ text: z.string(), ifus: z.array(FplaneRowSchema) }),
  ),

  /** Needs an admin's API key (in `apiKey`, or the HTTP Authorization header). `commit: false` = dry run. */
  updateFplane: op(
    z.object({
      config: z.object({ ifus: z.array(FplaneIfuInputSchema).min(1).max(10_000) }),
      commit: z.boolean(),
      datestr: z.string().max(40).optional(),
      apiKey: z.string().max(500).optional(),
    }),
    z.object({ text: z.string() }),
  ),

  getSources: op(z.object({}), z.object({ sources: z.array(SourceInfoSchema) })),

  /** Replaces the configured S3 sources and folders (the demo source is kept while nothing else is set). */
  setSources: op(
    z.object({ s3: z.array(S3ConfigSchema).max(20).optional(), folders: z.array(FolderConfigSchema).max(50).optional() }),
    z.object({ sources: z.array(SourceInfoSchema) }),
  ),

  getSettings: op(z.object({}), SettingsSchema),

  setSettings: op(SettingsSchema.partial(), SettingsSchema),

  /**
   * Exports frames as one multi-extension FITS ('mef': one extension per frame, headers kept,
   * optional Rice compression) or a 3-D cube + BINTABLE of `keywords` per frame ('cube', equal
   * shapes only). Progress arrives as `exportProgress` events. `outPath` is honoured in the
   * desktop app only; the headless host writes into its data directory's exports folder.
   */
  exportArchive: op(
    z.object({
      ids: z.array(frameId).min(1).max(10_000),
      format: z.enum(['mef', 'cube']),
      compress: z.boolean().optional(),
      keywords: z.array(z.string().min(1).max(68)).max(200).optional(),
      outPath: z.string().max(4096).optional(),
    }),
    z.object({ path: z.string(), bytes: z.number().int(), frames: z.number().int() }),
  ),

  // ---- SAMP (issue 16) ----

  /** Whether NightDeck is registered with a SAMP hub. */
  getSampStatus: op(z.object({}), SampStatusSchema),

  /** Registered SAMP clients that take images (subscribe to image.load.fits), with their samp.name. */
  listSampClients: op(z.object({}), z.object({ clients: z.array(SampClientSchema) })),

  /**
   * Sends image.load.fits for a catalogue frame (a file:// URL on this machine; S3 frames are
   * downloaded into the cache first) to one client, or to every client that takes images.
   */
  sendToSamp: op(
    z.object({ id: frameId, hdu: hduIndex, recipient: z.string().min(1).max(200).optional() }),
    z.object({ url: z.string(), recipients: z.array(SampReplySchema) }),
  ),

  /** Notifies every subscribed client of coord.pointAt.sky (degrees, ICRS). */
  sendSampPointAt: op(
    z.object({ ra: z.number().finite().min(0).max(360), dec: z.number().finite().min(-90).max(90) }),
    z.object({ recipients: z.array(z.string()) }),
  ),

  // ---- DS9 region files (issue 17) ----

  /** Statistics inside each include region of a region file (image, physical or sky coordinates through the frame's WCS). */
  getRegionStatistics: op(
    z.object({ id: frameId, hdu: hduIndex, regions: regionFileText }),
    z.object({ regions: z.array(RegionStatisticsRowSchema), warnings: z.array(z.string()) }),
  ),

  /**
   * The frame's regions as a region file in `system`: the regions given (a region file in any
   * system), else the ones the console saved for the frame with `setFrameRegions`.
   */
  exportRegions: op(
    z.object({ id: frameId, hdu: hduIndex, system: RegionFileSystemSchema, regions: regionFileText.optional() }),
    z.object({ text: z.string(), count: z.number().int() }),
  ),

  /** The regions kept for a frame (a region file in image coordinates), null when none. */
  getFrameRegions: op(z.object({ id: frameId }), z.object({ text: z.string().nullable() })),

  /** Keeps a frame's regions across reloads (a region file; empty text forgets them). */
  setFrameRegions: op(z.object({ id: frameId, text: regionFileText }), z.object({ count: z.number().int() })),

  /**
   * One region file on every frame of a night (sky coordinates follow each frame's WCS): per frame,
   * the statistics of each include region, or why the frame could not be measured. Frames not yet
   * downloaded are measured only with `download: true`.
   */
  getRegionTrends: op(
    z.object({ night: z.string(), regions: regionFileText, download: z.boolean().optional() }),
    z.object({
      /** One label per include region (its text, else its shape and position in the file). */
      labels: z.array(z.string()),
      points: z.array(
        z.object({
          id: frameId,
          name: z.string(),
          dateObs: z.string().nullable(),
          regions: z.array(RegionStatisticsRowSchema).nullable(),
          error: z.string().nullable(),
        }),
      ),
    }),
  ),

  // --- the observer's night tools (issue 19) ---------------------------------------------------

  /**
   * The focus V-curve of the frames asked for (`ids`), else of the night's latest focus run.
   * Focus values come from `key`, else the first of FOCUS, FOCPOS, FOCUSPOS, FOC-POS; FWHM is the
   * quality measure (computed now for frames not measured yet). A failed fit is not an error: the
   * points come back with `problem` saying why.
   */
  getFocusCurve: op(
    z.object({
      night: nightName.optional(),
      ids: z.array(frameId).min(1).max(500).optional(),
      key: z.string().regex(/^[A-Za-z0-9_-]{1,8}$/).optional(),
    }),
    FocusCurveSchema,
  ),

  /** Every frame of the night with its verdict (good, bad, pending) and reasons, against the night's criteria. */
  getGrading: op(z.object({ night: nightName }), NightGradingSchema),

  /** Sets some of the night's criteria (null switches a check off) and returns the new grading. */
  setGradingCriteria: op(z.object({ night: nightName, criteria: GradingCriteriaSchema.partial() }), NightGradingSchema),

  /** Approves ('good') or rejects ('bad') one frame by hand; null returns it to the automatic verdict. */
  setFrameVerdict: op(z.object({ id: frameId, verdict: z.enum(['good', 'bad']).nullable() }), GradedFrameSchema),
} as const;

export type Operations = typeof operations;
export type OperationName = keyof Operations;
export type RequestOf<N extends OperationName> = z.input<Operations[N]['request']>;
/** The request after validation (defaults applied). */
export type ParsedRequestOf<N extends OperationName> = z.output<Operations[N]['request']>;
export type ResponseOf<N extends OperationName> = z.output<Operations[N]['response']>;

export const OPERATION_NAMES = Object.keys(operations) as OperationName[];

/**
 * Operations whose result carries raw bytes when the request asks `encoding: 'binary'`, and the
 * field that holds them (an ArrayBuffer, little-endian Float32 for previews). Over IPC the
 * ArrayBuffer travels by structured clone; over HTTP the bytes are the body
 * (`application/octet-stream`) and the other fields ride in the `X-NightDeck-Result` header
 * (JSON), with `X-Width`, `X-Height`, `X-Dtype` for scripts. Errors stay JSON envelopes.
 */
export const BINARY_RESULTS = { getPreview: 'data' } as const satisfies Partial<Record<OperationName, string>>;

export function isOperationName(name: unknown): name is OperationName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(operations, name);
}

// ---------------------------------------------------------------------------------------------
// Events (host → clients): over IPC as { event, payload }, over WebSocket /api/events as JSON
// ---------------------------------------------------------------------------------------------

export const events = {
  imageAdded: FrameSummarySchema,
  imageUpdated: FrameSummarySchema,
  imageRemoved: z.object({ id: z.number().int(), source: z.string(), key: z.string() }),
  sourceStatus: z.object({ source: z.string(), status: SourceStatusSchema }),
  downloadProgress: z.object({
    source: z.string(),
    key: z.string(),
    id: z.number().int().nullable().optional(),
    bytesDone: z.number(),
    bytesTotal: z.number().nullable(),
  }),
  analysisResult: z.object({ id: frameId, kind: z.enum(['statistics', 'quality']), result: z.unknown() }),
  exportProgress: z.object({ done: z.number().int(), total: z.number().int() }),
  /** A night's criteria or a frame's manual verdict changed (every window refreshes its grading). */
  gradingChanged: z.object({ night: z.string() }),
  /** Desktop only: a command chosen in the application menu, handled like its keyboard shortcut. */
  menuCommand: z.object({
    command: z.enum(['fit', 'zoom-1-1', 'toggle-follow-newest', 'toggle-night-vision', 'show-help', 'focus-search', 'open-settings']),
  }),
  /** Desktop only: a FITS file given to the app (file manager, command line) is listed; the console opens it. */
  openFrameRequested: z.object({ id: frameId, night: z.string() }),
  // ---- SAMP (issue 16) ----
  sampStatus: SampStatusSchema,
  /** Another application sent a frame with image.load.fits: the console opens it. */
  sampImageLoaded: z.object({ id: frameId, night: z.string(), name: z.string(), sender: z.string() }),
  /** Another application sent coord.pointAt.sky: the console centres the open frame there. */
  sampPointAt: z.object({ ra: z.number(), dec: z.number(), sender: z.string() }),
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventOf<E extends EventName> = z.output<Events[E]>;
/** What travels on the wire for one event. */
export type EventMessage = { [E in EventName]: { event: E; payload: EventOf<E> } }[EventName];

export const EVENT_NAMES = Object.keys(events) as EventName[];
