/** Pixel-facing operations: preview, pixel, statistics, histogram, profile, stretch, quality, thumbnail. */
import type { HostServices } from '../services.js';
import { HostError } from '../errors.js';
import { frameThumbnail } from '../thumbnails.js';
import { analysis, frameRef, imageHdu, requireFrame, sizeOf } from './frame-access.js';
import { storeAnalysis } from './persist.js';
import { checkedPlane } from './planes.js';
import type { HandlerGroup } from './types.js';

type AnalysisOps =
  | 'getPreview'
  | 'getPixel'
  | 'getStatistics'
  | 'getHistogram'
  | 'getProfile'
  | 'getStretchLimits'
  | 'getQuality'
  | 'getThumbnail';

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Little-endian Float32 bytes in an ArrayBuffer of their own (the binary preview encoding).
 * On a little-endian host the pool's transferred buffer is handed on as it is, no copy.
 */
export function float32ToLittleEndianBuffer(pixels: Float32Array): ArrayBuffer {
  const whole = pixels.byteOffset === 0 && pixels.byteLength === pixels.buffer.byteLength && pixels.buffer instanceof ArrayBuffer;
  if (LITTLE_ENDIAN && whole) return pixels.buffer as ArrayBuffer;
  const out = new Float32Array(pixels.length);
  out.set(pixels);
  const bytes = new Uint8Array(out.buffer);
  if (!LITTLE_ENDIAN) {
    for (let i = 0; i < bytes.length; i += 4) {
      const a = bytes[i]!, b = bytes[i + 1]!;
      bytes[i] = bytes[i + 3]!; bytes[i + 1] = bytes[i + 2]!; bytes[i + 2] = b; bytes[i + 3] = a;
    }
  }
  return out.buffer;
}

/** Little-endian Float32 bytes as base64 (the contract's default preview encoding). */
export function float32ToBase64(pixels: Float32Array): string {
  return Buffer.from(float32ToLittleEndianBuffer(pixels)).toString('base64');
}

export function analysisHandlers(s: HostServices): HandlerGroup<AnalysisOps> {
  /** The frame's local ref plus the chosen image HDU (validated against the file). */
  const imageRef = async (id: number, hdu: number | undefined, signal?: AbortSignal, planeAsked?: number) => {
    const record = requireFrame(s, id);
    const fileRef = await frameRef(s, record, undefined, signal);
    const info = imageHdu(await analysis.info(s, fileRef, signal), hdu);
    const plane = checkedPlane(info, planeAsked);
    // Only the default HDU's first plane is "the frame" whose results the catalogue keeps.
    return { record, ref: { ...fileRef, hdu: info.index, plane }, plane, ...sizeOf(info), isDefault: hdu === undefined && plane === 0 };
  };

  return {
    async getPreview(req, ctx) {
      // Bounded so one request cannot ask for hundreds of megabytes of JSON.
      if (req.maxWidth * req.maxHeight > 4096 * 4096) throw new HostError('BAD_ARGUMENT', 'maxWidth × maxHeight must not exceed 4096²');
      const { ref, plane } = await imageRef(req.id, req.hdu, ctx.signal, req.plane);
      const args: { region?: typeof req.region; maxWidth: number; maxHeight: number } = { maxWidth: req.maxWidth, maxHeight: req.maxHeight };
      if (req.region) args.region = req.region;
      const p = req.coarse && !req.region
        ? await analysis.coarsePreview(s, ref, { maxWidth: req.maxWidth, maxHeight: req.maxHeight }, ctx.signal)
        : await analysis.preview(s, ref, args, ctx.signal);
      const data = req.encoding === 'binary' ? float32ToLittleEndianBuffer(p.pixels) : float32ToBase64(p.pixels);
      return { width: p.width, height: p.height, binFactor: p.binFactor, region: p.region, dtype: 'float32', data, plane, ...(req.coarse && !req.region ? { coarse: true } : {}) };
    },

    async getPixel(req, ctx) {
      const { ref, width, height, plane } = await imageRef(req.id, req.hdu, ctx.signal, req.plane);
      if (req.x >= width || req.y >= height) {
        throw new HostError('BAD_ARGUMENT', `pixel (${req.x}, ${req.y}) is outside the ${width}×${height} image`);
      }
      const r = await analysis.pixel(s, ref, req.x, req.y, ctx.signal);
      const value = typeof r === 'number' ? r : r === null ? null : r.value;
      return { x: req.x, y: req.y, value: value === null || Number.isNaN(value) ? null : value, plane };
    },

    async getStatistics(req, ctx) {
      const { record, ref, isDefault, plane } = await imageRef(req.id, req.hdu, ctx.signal, req.plane);
      const stats = await analysis.statistics(s, ref, req.region, ctx.signal);
      if (isDefault && !req.region) storeAnalysis(s, record.id, 'statistics', stats);
      return { ...stats, plane };
    },

    async getHistogram(req, ctx) {
      const { ref, plane } = await imageRef(req.id, req.hdu, ctx.signal, req.plane);
      if (req.mode === 'clipped') return { ...(await analysis.clippedHistogram(s, ref, req.clip, req.region, ctx.signal)), plane };
      const opts: { bins: number; min?: number; max?: number; log?: boolean; region?: typeof req.region } = { bins: req.bins ?? 256 };
      if (req.min !== undefined) opts.min = req.min;
      if (req.max !== undefined) opts.max = req.max;
      if (req.log !== undefined) opts.log = req.log;
      if (req.region) opts.region = req.region;
      if (opts.min !== undefined && opts.max !== undefined && !(opts.max > opts.min)) {
        throw new HostError('BAD_ARGUMENT', 'histogram max must be greater than min');
      }
      return { ...(await analysis.histogram(s, ref, opts, ctx.signal)), plane };
    },

    async getProfile(req, ctx) {
      const { ref, plane } = await imageRef(req.id, req.hdu, ctx.signal, req.plane);
      const length = Math.hypot(req.to.x - req.from.x, req.to.y - req.from.y);
      if (length > 1e6) throw new HostError('BAD_ARGUMENT', 'profile line is too long');
      return { data: await analysis.profile(s, ref, req.from, req.to, req.width, ctx.signal), plane };
    },

    async getStretchLimits(req, ctx) {
      const { ref, plane } = await imageRef(req.id, req.hdu, ctx.signal, req.plane);
      const method =
        req.method === 'percentile' ? { kind: 'percentile', percent: req.percentile ?? 99.5 } : { kind: req.method };
      return { ...(await analysis.stretchLimits(s, ref, method, ctx.signal)), plane };
    },

    async getQuality(req, ctx) {
      const { record, ref, isDefault, plane } = await imageRef(req.id, req.hdu, ctx.signal, req.plane);
      const quality = await analysis.quality(s, ref, ctx.signal);
      if (isDefault) storeAnalysis(s, record.id, 'quality', quality);
      return { ...quality, plane } as never;
    },

    async getThumbnail(req, ctx) {
      const record = requireFrame(s, req.id);
      let plane = 0;
      if (req.plane !== undefined) {
        // Checked against the file before anything is rendered or cached under its name.
        const info = imageHdu(await analysis.info(s, await frameRef(s, record, undefined, ctx.signal), ctx.signal), undefined);
        plane = checkedPlane(info, req.plane);
      }
      const { bytes } = await frameThumbnail(s, record, req, ctx.signal, plane);
      return { url: `data:image/jpeg;base64,${bytes.toString('base64')}`, mime: 'image/jpeg', plane };
    },
  };
}
