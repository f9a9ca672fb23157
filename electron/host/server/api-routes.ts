/**
 * The contract over HTTP: `POST /api/<operation>` (JSON in, the ApiResult envelope out,
 * status from the error code) and `GET /api/images` for scripts.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Host } from '../host.js';
import { toApiError } from '../errors.js';
import { readJson, sendApiError, sendJson, queryOf } from './http-util.js';
import { authorizationOf } from './auth.js';
import { binaryPartsOf, sendBinaryResult } from './binary-result.js';

export async function handleOperation(host: Host, operation: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'POST') {
    sendApiError(res, { code: 'METHOD_NOT_ALLOWED', message: `use POST /api/${operation}` }, { allow: 'POST' });
    return;
  }
  let body: unknown;
  try {
    body = await readJson(req);
  } catch (err) {
    sendApiError(res, toApiError(err));
    return;
  }
  const controller = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  const auth = authorizationOf(req);
  const result = await host.call(operation, body, { signal: controller.signal, ...(auth ? { authorization: auth } : {}) });
  const binary = result.ok ? binaryPartsOf(operation, result.result) : null;
  if (binary) sendBinaryResult(res, binary);
  else if (result.ok) sendJson(res, 200, result);
  else sendApiError(res, result.error);
}

function intParam(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  return /^-?\d+$/.test(v) ? Number(v) : NaN;
}

/** `GET /api/images?night=&offset=&limit=` → `{"images": [FrameSummary…], "total"}`. */
export async function handleImages(host: Host, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const q = queryOf(req);
  const request: Record<string, unknown> = {};
  const night = q.get('night');
  if (night) request.night = night;
  for (const name of ['offset', 'limit'] as const) {
    const v = intParam(q, name);
    if (v !== undefined) request[name] = v;
  }
  for (const name of ['sort', 'order', 'object', 'filter', 'text', 'status', 'source'] as const) {
    const v = q.get(name);
    if (v) request[name] = v;
  }
  const result = await host.call('listFrames', request);
  if (!result.ok) {
    sendApiError(res, result.error);
    return;
  }
  const { frames, total } = result.result as { frames: unknown[]; total: number };
  sendJson(res, 200, { images: frames, total });
}

/** `GET /api/exports/<file>`: an archive written by exportArchive, from the exports folder only. */
export function handleExportDownload(host: Host, name: string, res: ServerResponse): void {
  const file = join(host.services.paths.exports, basename(name));
  if (name.startsWith('.') || !existsSync(file) || !statSync(file).isFile()) {
    sendApiError(res, { code: 'NOT_FOUND', message: `no export named ${name}` });
    return;
  }
  res.writeHead(200, {
    'content-type': 'application/fits',
    'content-length': statSync(file).size,
    'content-disposition': `attachment; filename="${basename(name)}"`,
  });
  createReadStream(file).pipe(res);
}
