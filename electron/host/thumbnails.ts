/**
 * JPEG thumbnails cached on disk under a stable hash of the frame (source, key, version)
 * and the rendering parameters, shared by the contract's getThumbnail and the LCO-style
 * /thumbnail route.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameRecord } from './store/catalogue-types.js';
import type { HostServices } from './services.js';
import { analysis, frameRef, frameVersion } from './handlers/frame-access.js';

export interface ThumbnailParams {
  width?: number;
  height?: number;
  label?: string;
  median?: boolean;
  quality?: number;
}

export function normalizeThumbnailParams(p: ThumbnailParams): Required<Omit<ThumbnailParams, 'label'>> & { label: string } {
  return {
    width: p.width ?? 512,
    height: p.height ?? p.width ?? 512,
    label: p.label ?? '',
    median: p.median ?? false,
    quality: p.quality ?? 80,
  };
}

/** Stable cache key: the same frame content and parameters always give the same name. */
export function thumbnailKey(frames: readonly FrameRecord[], params: ThumbnailParams, extra = ''): string {
  const identity = frames.map((f) => [f.source, f.key, frameVersion(f)]);
  return createHash('sha256')
    .update(JSON.stringify([identity, normalizeThumbnailParams(params), extra]))
    .digest('hex')
    .slice(0, 40);
}

export function thumbnailPath(s: HostServices, key: string): string {
  return join(s.paths.thumbnails, `${key}.jpg`);
}

function writeAtomic(path: string, bytes: Uint8Array): void {
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, path);
}

/** The thumbnail of one frame, rendered by the pool once and then read from the cache. */
export async function frameThumbnail(
  s: HostServices,
  record: FrameRecord,
  params: ThumbnailParams,
  signal?: AbortSignal,
  plane = 0,
): Promise<{ key: string; path: string; bytes: Buffer }> {
  // Plane 0 keeps the name it always had; other planes of a cube get their own.
  const key = thumbnailKey([record], params, plane === 0 ? '' : `plane:${plane}`);
  const path = thumbnailPath(s, key);
  if (existsSync(path)) return { key, path, bytes: readFileSync(path) };
  const ref = { ...(await frameRef(s, record, undefined, signal)), plane };
  const p = normalizeThumbnailParams(params);
  const jpeg = await analysis.thumbnail(
    s,
    ref,
    { width: p.width, height: p.height, quality: p.quality, median: p.median, ...(p.label ? { label: p.label } : {}) },
    signal,
  );
  mkdirSync(s.paths.thumbnails, { recursive: true });
  writeAtomic(path, jpeg);
  return { key, path, bytes: Buffer.from(jpeg) };
}

export function storeThumbnailBytes(s: HostServices, key: string, bytes: Uint8Array): string {
  mkdirSync(s.paths.thumbnails, { recursive: true });
  const path = thumbnailPath(s, key);
  writeAtomic(path, bytes);
  return path;
}
