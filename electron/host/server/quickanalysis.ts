/**
 * QuickAnalysis-compatible routes (the public Photon Ranch service), so existing scripts and
 * web pages work unchanged: `POST /statistics`, `POST /histogram-clipped`, `POST /lineprofile`,
 * `GET /lineprofiledisplay`. Relative coordinates in [0, 1] map to pixels exactly as the
 * service does: subregion rows rint(min(y0,y1)·H)..rint(max(y0,y1)·H) and columns likewise
 * with W (end exclusive, y counted from row 0); line ends at column x·(W−1), row (H−1)−y·(H−1).
 * Replies carry `Access-Control-Allow-Origin: *` as the service's flask-cors does.
 */
import { statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Host } from '../host.js';
import type { Region } from '../api.js';
import { HostError } from '../errors.js';
import { analysis, defaultImageHdu, sizeOf } from '../handlers/frame-access.js';
import { readJson, sendJson, queryOf } from './http-util.js';

export const QUICKANALYSIS_ROUTES = new Set(['/statistics', '/histogram-clipped', '/lineprofile', '/lineprofiledisplay']);

/** A client mistake: 400 with "Validation error: …" as the service words it. */
class ValidationError extends Error {}

export function corsHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = { 'access-control-allow-origin': '*' };
  if (req.method === 'OPTIONS') {
    headers['access-control-allow-methods'] = 'DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT';
    const asked = req.headers['access-control-request-headers'];
    if (asked) headers['access-control-allow-headers'] = String(asked);
  }
  return headers;
}

/** numpy.rint: round half to even. */
export function rint(v: number): number {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function asObject(v: unknown, what: string): Record<string, unknown> {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new ValidationError(`${what} must be a JSON object`);
  return v as Record<string, unknown>;
}

function relative(v: unknown, name: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ValidationError(`${name} must be a number`);
  if (v < 0 || v > 1) throw new ValidationError('Input coordinates must be between 0 and 1');
  return v;
}

/** A file or directory name as scripts send it: no absolute paths, no `..`, no NUL. */
function safeName(v: unknown, name: string, required: boolean): string | undefined {
  if (v === undefined && !required) return undefined;
  if (typeof v !== 'string' || (required && v.length === 0)) throw new ValidationError(`${name} must be a non-empty string`);
  if (v.length > 1024 || v.includes('\0') || v.includes('\\') || v.startsWith('/') || v.split('/').some((p) => p === '..')) {
    throw new ValidationError(`${name} is not a valid name`);
  }
  return v;
}

/** Pixel rectangle of a relative subregion, as QuickAnalysis' get_subregion_rect. */
export function subregionToPixels(sub: { x0: number; x1: number; y0: number; y1: number }, width: number, height: number): Region {
  return {
    y0Px: rint(Math.min(sub.y0, sub.y1) * height),
    y1Px: rint(Math.max(sub.y0, sub.y1) * height),
    x0Px: rint(Math.min(sub.x0, sub.x1) * width),
    x1Px: rint(Math.max(sub.x0, sub.x1) * width),
  };
}

/** Pixel coordinates (x = column, y = row) of a relative point, y measured up from the bottom. */
export function relativePointToPixels(p: { x: number; y: number }, width: number, height: number): { x: number; y: number } {
  return { x: p.x * (width - 1), y: height - 1 - p.y * (height - 1) };
}

function parseSubregion(v: unknown): { x0: number; x1: number; y0: number; y1: number } | undefined {
  if (v === undefined || v === null) return undefined;
  const o = asObject(v, 'subregion');
  return { x0: relative(o.x0, 'subregion.x0'), x1: relative(o.x1, 'subregion.x1'), y0: relative(o.y0, 'subregion.y0'), y1: relative(o.y1, 'subregion.y1') };
}

function parsePoint(v: unknown, name: string): { x: number; y: number } {
  const o = asObject(v, name);
  return { x: relative(o.x, `${name}.x`), y: relative(o.y, `${name}.y`) };
}

interface OpenedFrame {
  ref: { path: string; hdu: number; version: string };
  width: number;
  height: number;
}

/** Resolves `<dir>/<name>` through the configured source; a missing frame is the service's 400. */
async function openCompatFrame(host: Host, dir: string | undefined, name: string): Promise<OpenedFrame | { missing: string }> {
  let path: string;
  try {
    path = await host.services.sources.resolveCompatFrame(dir, name);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'NOT_FOUND' || code === 'PATH_OUTSIDE_ROOT' || code === 'ENOENT') {
      return { missing: `Image does not exist: ${dir === undefined ? '' : `${dir}/`}${name}.` };
    }
    throw err;
  }
  // The file's size and mtime version the pool's decode and the memoized results.
  const st = statSync(path);
  const version = `${st.size}:${st.mtimeMs}`;
  const info = defaultImageHdu(await analysis.info(host.services, { path, version }));
  return { ref: { path, hdu: info.index, version }, ...sizeOf(info) };
}

function regionOrFull(region: Region | undefined, width: number, height: number): Region | undefined {
  if (!region) return undefined;
  const r = { x0Px: Math.min(region.x0Px, width), x1Px: Math.min(region.x1Px, width), y0Px: Math.min(region.y0Px, height), y1Px: Math.min(region.y1Px, height) };
  if (r.x1Px <= r.x0Px || r.y1Px <= r.y0Px) throw new ValidationError('subregion selects no pixels');
  return r;
}

type Reply = { status: number; body: unknown; html?: string };

async function statistics(host: Host, params: unknown): Promise<Reply> {
  const args = asObject(params, 'request body');
  const name = safeName(args.full_filename, 'full_filename', true)!;
  const dir = safeName(args.s3_directory, 's3_directory', false);
  const sub = parseSubregion(args.subregion);
  const frame = await openCompatFrame(host, dir, name);
  if ('missing' in frame) return { status: 400, body: { success: false, message: frame.missing } };
  const region = regionOrFull(sub && subregionToPixels(sub, frame.width, frame.height), frame.width, frame.height);
  const s = await analysis.statistics(host.services, frame.ref, region);
  const stats = { median: s.median, mean: s.mean, mode: s.mode, min: s.min, max: s.max, std: s.std, median_abs_deviation: s.mad };
  return { status: 200, body: { success: true, stats, params } };
}

async function histogramClipped(host: Host, params: unknown): Promise<Reply> {
  const args = asObject(params, 'request body');
  const name = safeName(args.full_filename, 'full_filename', true)!;
  const dir = safeName(args.s3_directory, 's3_directory', false);
  let clip: number | undefined;
  if (args.clip_percent !== undefined && args.clip_percent !== null) {
    if (typeof args.clip_percent !== 'number' || !(args.clip_percent >= 0 && args.clip_percent < 0.5)) {
      throw new ValidationError('clip_percent must be a number in [0, 0.5)');
    }
    clip = args.clip_percent;
  }
  const sub = parseSubregion(args.subregion);
  const frame = await openCompatFrame(host, dir, name);
  if ('missing' in frame) return { status: 400, body: { success: false, message: frame.missing } };
  const region = regionOrFull(sub && subregionToPixels(sub, frame.width, frame.height), frame.width, frame.height);
  const h = await analysis.clippedHistogram(host.services, frame.ref, clip, region);
  const stats = h.stats ?? (await analysis.statistics(host.services, frame.ref, region));
  return {
    status: 200,
    body: {
      success: true,
      histogram: { counts: h.counts, edges: h.edges, stats: { median: stats.median, mean: stats.mean, mode: stats.mode, min: stats.min, max: stats.max } },
      params,
    },
  };
}

async function lineProfile(host: Host, params: unknown): Promise<Reply> {
  const args = asObject(params, 'request body');
  const name = safeName(args.full_filename, 'full_filename', true)!;
  const dir = safeName(args.s3_directory, 's3_directory', false);
  const start = parsePoint(args.start, 'start');
  const end = parsePoint(args.end, 'end');
  const frame = await openCompatFrame(host, dir, name);
  if ('missing' in frame) return { status: 400, body: { success: false, message: frame.missing } };
  const from = relativePointToPixels(start, frame.width, frame.height);
  const to = relativePointToPixels(end, frame.width, frame.height);
  const data = await analysis.profile(host.services, frame.ref, from, to);
  return { status: 200, body: { success: true, start: [start.x, start.y], end: [end.x, end.y], data } };
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

async function lineProfileDisplay(host: Host, req: IncomingMessage): Promise<Reply> {
  const q = queryOf(req);
  const num = (n: string) => {
    const v = q.get(n);
    if (v === null || v.trim() === '') throw new ValidationError(`${n} is required`);
    return relative(Number(v), n);
  };
  const name = safeName(q.get('filename') ?? undefined, 'filename', true)!;
  const dir = safeName(q.get('s3_directory') ?? undefined, 's3_directory', false);
  const start = { x: num('x0'), y: num('y0') };
  const end = { x: num('x1'), y: num('y1') };
  const frame = await openCompatFrame(host, dir, name);
  if ('missing' in frame) return { status: 400, body: { success: false, message: frame.missing } };
  const from = relativePointToPixels(start, frame.width, frame.height);
  const to = relativePointToPixels(end, frame.width, frame.height);
  const [data, png] = await Promise.all([
    analysis.profile(host.services, frame.ref, from, to),
    analysis.lineProfileDisplay(host.services, frame.ref, from, to),
  ]);
  const image = `data:image/png;base64,${Buffer.from(png).toString('base64')}`;
  return { status: 200, body: null, html: `<img src='${image}'/><div>${escapeHtml(JSON.stringify(data))}</div>` };
}

export async function handleQuickAnalysis(host: Host, route: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const cors = corsHeaders(req);
  if (req.method === 'OPTIONS') {
    res.writeHead(200, { ...cors, 'content-length': 0 });
    res.end();
    return;
  }
  const expected = route === '/lineprofiledisplay' ? 'GET' : 'POST';
  if (req.method !== expected && !(expected === 'GET' && req.method === 'HEAD')) {
    sendJson(res, 405, { success: false, message: `Method not allowed: use ${expected} ${route}` }, { ...cors, allow: `${expected}, OPTIONS` });
    return;
  }
  try {
    let reply: Reply;
    if (route === '/lineprofiledisplay') reply = await lineProfileDisplay(host, req);
    else {
      let params: unknown;
      try {
        params = await readJson(req);
      } catch (err) {
        if ((err as { code?: string }).code === 'PAYLOAD_TOO_LARGE') {
          sendJson(res, 413, { success: false, message: (err as Error).message }, cors);
          return;
        }
        throw new ValidationError((err as Error).message);
      }
      reply =
        route === '/statistics' ? await statistics(host, params) : route === '/histogram-clipped' ? await histogramClipped(host, params) : await lineProfile(host, params);
    }
    if (reply.html !== undefined) {
      res.writeHead(reply.status, { ...cors, 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(reply.html) });
      res.end(reply.html);
    } else sendJson(res, reply.status, reply.body, cors);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (err instanceof ValidationError || code === 'BAD_REGION' || code === 'BAD_ARGUMENT' || code === 'EMPTY_DATA') {
      sendJson(res, 400, { success: false, message: `Validation error: ${(err as Error).message}` }, cors);
      return;
    }
    const message = err instanceof HostError || (code && err instanceof Error) ? `${code}: ${(err as Error).message}` : 'internal error';
    if (!code) host.services.logger.error({ route, err: (err as Error)?.message }, 'quickanalysis route failed');
    sendJson(res, 500, { success: false, message: `Error: ${message}` }, cors);
  }
}
