/**
 * From a frame id to pixels: the catalogue record, a local file (downloaded through the
 * source if needed), the HDU to use, and typed calls into the worker pool. Every analysis
 * request goes through here, so the pool's task names and argument shapes live in one place.
 */
import { existsSync } from 'node:fs';
import type { FrameRecord } from '../store/catalogue-types.js';
import type { ApiHduInfo, ApiImageStatistics, Histogram, Region } from '../api.js';
import { HostError } from '../errors.js';
import type { FrameRef, HostServices } from '../services.js';
import { resultKey } from '../result-cache.js';

/**
 * A pure analysis task, memoized per frame version and arguments. A shared computation is
 * not tied to one caller's cancellation (another caller may be waiting for it).
 */
function memo<T>(s: HostServices, kind: string, ref: FrameRef, args: unknown, signal?: AbortSignal): Promise<T> {
  const key = resultKey(kind, ref, args);
  return s.results.get(key, () => s.pool.run(kind, ref, args, key === null ? signal : undefined) as Promise<T>);
}

export function requireFrame(services: HostServices, id: number): FrameRecord {
  const record = services.catalogue.getById(id);
  if (!record) throw new HostError('NOT_FOUND', `no frame with id ${id}`);
  return record;
}

/** A version string that changes when the frame's content does (invalidates the pool cache). */
export function frameVersion(r: FrameRecord): string {
  return `${r.etag ?? ''}:${r.size}:${r.lastModified ?? ''}`;
}

/** The local path of a frame, downloading it through its source when it is not here yet. */
export async function localPath(services: HostServices, r: FrameRecord, signal?: AbortSignal): Promise<string> {
  if (r.status === 'error' && r.error) throw new HostError('BAD_FRAME', `frame ${r.name} is not readable: ${r.error}`);
  if (r.localPath && existsSync(r.localPath)) return r.localPath;
  return services.sources.ensureLocal(r.source, r.key, signal);
}

export async function frameRef(services: HostServices, r: FrameRecord, hdu?: number, signal?: AbortSignal): Promise<FrameRef> {
  const path = await localPath(services, r, signal);
  const ref: FrameRef = { path, version: frameVersion(r) };
  if (hdu !== undefined) ref.hdu = hdu;
  return ref;
}

/** The first HDU holding a 2-D (or more) image, as the FITS core picks it by default. */
export function defaultImageHdu(hdus: readonly ApiHduInfo[]): ApiHduInfo {
  const hdu = hdus.find(
    (h) => (h.kind === 'image' || h.kind === 'compressed-image') && h.shape.length >= 1 && h.shape.every((n) => n > 0),
  );
  if (!hdu) throw new HostError('NO_IMAGE', 'the file holds no image');
  return hdu;
}

export function imageHdu(hdus: readonly ApiHduInfo[], index: number | undefined): ApiHduInfo {
  if (index === undefined) return defaultImageHdu(hdus);
  const hdu = hdus[index];
  if (!hdu) throw new HostError('BAD_HDU', `HDU ${index} does not exist (the file has ${hdus.length})`);
  if (hdu.kind !== 'image' && hdu.kind !== 'compressed-image') throw new HostError('BAD_HDU', `HDU ${index} is not an image`);
  if (hdu.shape.length === 0) throw new HostError('BAD_HDU', `HDU ${index} holds no data`);
  return hdu;
}

/** Width and height of an image HDU (NAXIS1, NAXIS2; 1-D images have height 1). */
export function sizeOf(hdu: ApiHduInfo): { width: number; height: number } {
  return { width: hdu.shape[0] ?? 0, height: hdu.shape[1] ?? 1 };
}

/** Typed wrappers over `pool.run`. */
export const analysis = {
  info: (s: HostServices, ref: FrameRef, signal?: AbortSignal) =>
    memo<ApiHduInfo[]>(s, 'info', { ...ref, hdu: undefined }, {}, signal),
  statistics: (s: HostServices, ref: FrameRef, region?: Region, signal?: AbortSignal) =>
    memo<ApiImageStatistics>(s, 'statistics', ref, { region }, signal),
  clippedHistogram: (s: HostServices, ref: FrameRef, clip: number | undefined, region?: Region, signal?: AbortSignal) =>
    memo<Required<Histogram>>(s, 'clippedHistogram', ref, { clip, region }, signal),
  histogram: (
    s: HostServices,
    ref: FrameRef,
    opts: { bins: number; min?: number; max?: number; log?: boolean; region?: Region },
    signal?: AbortSignal,
  ) => memo<Histogram>(s, 'histogram', ref, opts, signal),
  profile: (
    s: HostServices,
    ref: FrameRef,
    from: { x: number; y: number },
    to: { x: number; y: number },
    linewidth?: number,
    signal?: AbortSignal,
  ) => memo<number[]>(s, 'profile', ref, { from, to, linewidth }, signal),
  stretchLimits: (s: HostServices, ref: FrameRef, method: unknown, signal?: AbortSignal) =>
    memo<{ min: number; max: number }>(s, 'stretchLimits', ref, { method }, signal),
  quality: (s: HostServices, ref: FrameRef, signal?: AbortSignal) =>
    memo<Record<string, unknown>>(s, 'quality', ref, {}, signal),
  /** A quick quarter-resolution look at the whole frame from a sample of its rows (not cached). */
  coarsePreview: (s: HostServices, ref: FrameRef, args: { maxWidth: number; maxHeight: number }, signal?: AbortSignal) =>
    s.pool.run('coarsePreview', ref, args, signal) as Promise<{ width: number; height: number; binFactor: number; region: Region; pixels: Float32Array }>,
  preview: (s: HostServices, ref: FrameRef, args: { region?: Region; maxWidth: number; maxHeight: number }, signal?: AbortSignal) =>
    s.pool.run('preview', ref, args, signal) as Promise<{
      width: number;
      height: number;
      binFactor: number;
      region: Region;
      pixels: Float32Array;
    }>,
  pixel: (s: HostServices, ref: FrameRef, x: number, y: number, signal?: AbortSignal) =>
    s.pool.run('pixel', ref, { x, y }, signal) as Promise<number | null | { value: number | null }>,
  thumbnail: (
    s: HostServices,
    ref: FrameRef,
    opts: { width?: number; height?: number; label?: string; quality?: number; median?: boolean },
    signal?: AbortSignal,
  ) => s.pool.run('thumbnail', ref, opts, signal) as Promise<Uint8Array>,
  lineProfileDisplay: (s: HostServices, ref: FrameRef, from: { x: number; y: number }, to: { x: number; y: number }, signal?: AbortSignal) =>
    s.pool.run('lineProfileDisplay', ref, { from, to }, signal) as Promise<Uint8Array>,
  header: (s: HostServices, ref: FrameRef, signal?: AbortSignal) =>
    s.pool.run('header', ref, {}, signal) as Promise<unknown>,
  planeNames: (s: HostServices, ref: FrameRef, signal?: AbortSignal) =>
    memo<string[] | null>(s, 'planeNames', { ...ref, plane: undefined }, {}, signal),
};
