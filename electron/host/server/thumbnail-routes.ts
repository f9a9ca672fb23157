/**
 * LCO thumbservice-compatible route: `GET /thumbnail/<basename>/?width=&height=&label=&image=&color=&median=&quality=`
 * → `{"url": …}` pointing at the cached JPEG on this host (`/thumbnail-cache/<key>.jpg`),
 * or the JPEG itself when `image` is given. `color=true` composes the red, visual and blue
 * frames of the same object and night.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Host } from '../host.js';
import type { FrameRecord } from '../store/catalogue-types.js';
import { HostError, toApiError, httpStatusFor } from '../errors.js';
import { frameThumbnail, thumbnailKey, thumbnailPath, storeThumbnailBytes, normalizeThumbnailParams, type ThumbnailParams } from '../thumbnails.js';
import { frameRef } from '../handlers/frame-access.js';
import { sendBytes, sendJson, sendText, queryOf } from './http-util.js';

const FITS_EXT = /\.(fits|fit|fts)(\.(gz|bz2|fz))?$|\.fz$/i;

function stem(name: string): string {
  return name.replace(FITS_EXT, '');
}

/** The newest catalogue frame whose file name, with or without its FITS extension, is `basename`. */
export function findFrameByBasename(host: Host, basename: string): FrameRecord | null {
  const { frames } = host.services.catalogue.listFrames({ text: stem(basename), limit: 200, sort: 'added', order: 'desc' });
  return frames.find((f) => f.name === basename || stem(f.name) === stem(basename)) ?? null;
}

function intParam(q: URLSearchParams, name: string, min: number, max: number): number | undefined {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new HostError('BAD_ARGUMENT', `${name} must be an integer in [${min}, ${max}]`);
  return n;
}

function boolParam(q: URLSearchParams, name: string): boolean {
  const v = q.get(name);
  return v !== null && /^(1|true|yes|on)$/i.test(v);
}

function baseUrl(req: IncomingMessage): string {
  const host = req.headers.host ?? '127.0.0.1';
  return /^[\w.\-:[\]]+$/.test(host) ? `http://${host}` : 'http://127.0.0.1';
}

const RED = /^(r|rp|r'|red|i)$/i;
const VISUAL = /^(v|g|gp|g'|visual|green)$/i;
const BLUE = /^(b|u|blue|up)$/i;

async function colorThumbnail(host: Host, frame: FrameRecord, params: ThumbnailParams): Promise<{ key: string; bytes: Uint8Array }> {
  const object = frame.summary?.object ?? null;
  const pickFrom = (frames: FrameRecord[]) => {
    const sameTarget = frames.filter((f) => (f.summary?.object ?? null) === object);
    const pick = (re: RegExp) => sameTarget.filter((f) => re.test((f.summary?.filter ?? '').trim())).pop();
    return [pick(RED), pick(VISUAL), pick(BLUE)] as const;
  };
  // The same night first; frames of the object from other nights only when the night lacks a channel.
  let [r, g, b] = pickFrom(host.services.catalogue.listFrames({ night: frame.night, limit: 10_000, sort: 'time', order: 'asc' }).frames);
  if ((!r || !g || !b) && object) {
    [r, g, b] = pickFrom(host.services.catalogue.listFrames({ object, limit: 10_000, sort: 'time', order: 'asc' }).frames);
  }
  if (!r || !g || !b) throw new HostError('NOT_FOUND', 'color needs red, visual and blue frames of the same object and night');
  const key = thumbnailKey([r, g, b], params, 'color');
  const cached = thumbnailPath(host.services, key);
  if (existsSync(cached)) return { key, bytes: readFileSync(cached) };
  const [rRef, gRef, bRef] = await Promise.all([r, g, b].map((f) => frameRef(host.services, f)));
  const p = normalizeThumbnailParams(params);
  const jpeg = (await host.services.pool.run('colorComposite', rRef!, {
    green: gRef,
    blue: bRef,
    width: p.width,
    height: p.height,
    quality: p.quality,
    median: p.median,
    format: 'jpeg',
    ...(p.label ? { label: p.label } : {}),
  })) as Uint8Array;
  storeThumbnailBytes(host.services, key, jpeg);
  return { key, bytes: jpeg };
}

export async function handleThumbnail(host: Host, basename: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HostError('METHOD_NOT_ALLOWED', 'use GET');
    const q = queryOf(req);
    const params: ThumbnailParams = {};
    const width = intParam(q, 'width', 8, 2048);
    const height = intParam(q, 'height', 8, 2048);
    const quality = intParam(q, 'quality', 1, 100);
    if (width !== undefined) params.width = width;
    if (height !== undefined) params.height = height;
    if (quality !== undefined) params.quality = quality;
    const label = q.get('label');
    if (label) {
      if (label.length > 200) throw new HostError('BAD_ARGUMENT', 'label is too long');
      params.label = label;
    }
    if (boolParam(q, 'median')) params.median = true;
    const frame = findFrameByBasename(host, basename);
    if (!frame) throw new HostError('NOT_FOUND', `no frame named ${basename}`);
    const { key, bytes } = boolParam(q, 'color') ? await colorThumbnail(host, frame, params) : await frameThumbnail(host.services, frame, params);
    if (boolParam(q, 'image')) {
      sendBytes(res, 200, bytes, 'image/jpeg', { 'cache-control': 'public, max-age=86400' });
      return;
    }
    sendJson(res, 200, { url: `${baseUrl(req)}/thumbnail-cache/${key}.jpg`, propid: null });
  } catch (err) {
    const error = toApiError(err);
    sendJson(res, httpStatusFor(error.code), { error: error.message, code: error.code });
  }
}

/** `GET /thumbnail-cache/<key>.jpg`: a cached thumbnail by its hash (nothing else is reachable). */
export function handleThumbnailCache(host: Host, file: string, res: ServerResponse): void {
  const m = /^([0-9a-f]{40})\.jpg$/.exec(file);
  const path = m ? thumbnailPath(host.services, m[1]!) : null;
  if (!path || !existsSync(path)) {
    sendText(res, 404, 'not found');
    return;
  }
  sendBytes(res, 200, readFileSync(path), 'image/jpeg', { 'cache-control': 'public, max-age=86400' });
}
