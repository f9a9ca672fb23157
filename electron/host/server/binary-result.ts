/**
 * Binary results over HTTP (BINARY_RESULTS in api.ts): the bytes are the body as
 * `application/octet-stream`, the other fields of the result ride as JSON in `X-NightDeck-Result`
 * (and, for previews, as plain `X-Width`/`X-Height`/`X-Dtype` headers for scripts).
 */
import type { ServerResponse } from 'node:http';
import { BINARY_RESULTS } from '../api.js';

export const RESULT_HEADER = 'x-nightdeck-result';
export const BINARY_FIELD_HEADER = 'x-nightdeck-binary-field';

/** The result's bytes and the rest of its fields, when this operation answered in binary. */
export function binaryPartsOf(operation: string, result: unknown): { field: string; bytes: Uint8Array; rest: Record<string, unknown> } | null {
  if (!Object.prototype.hasOwnProperty.call(BINARY_RESULTS, operation) || !result || typeof result !== 'object') return null;
  const field = BINARY_RESULTS[operation as keyof typeof BINARY_RESULTS];
  const value = (result as Record<string, unknown>)[field];
  if (!(value instanceof ArrayBuffer)) return null;
  const { [field]: _bytes, ...rest } = result as Record<string, unknown>;
  return { field, bytes: new Uint8Array(value), rest };
}

export function sendBinaryResult(res: ServerResponse, parts: { field: string; bytes: Uint8Array; rest: Record<string, unknown> }): void {
  const headers: Record<string, string | number> = {
    'content-type': 'application/octet-stream',
    'content-length': parts.bytes.byteLength,
    'cache-control': 'no-store',
    [RESULT_HEADER]: JSON.stringify(parts.rest),
    [BINARY_FIELD_HEADER]: parts.field,
  };
  const { width, height, dtype } = parts.rest;
  if (typeof width === 'number') headers['x-width'] = width;
  if (typeof height === 'number') headers['x-height'] = height;
  if (typeof dtype === 'string') headers['x-dtype'] = `${dtype}-le`;
  res.writeHead(200, headers);
  res.end(parts.bytes);
}
