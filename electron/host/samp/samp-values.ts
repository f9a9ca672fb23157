/**
 * SAMP's data model (strings, lists, maps) and message/response shapes. XML-RPC numbers and
 * booleans that some hubs send are turned into SAMP strings ("1"/"0" for booleans, §3.4).
 */
import type { XmlRpcValue } from './xmlrpc.js';

export type SampValue = string | SampValue[] | { [key: string]: SampValue };
export type SampMap = { [key: string]: SampValue };

export function toSampValue(v: XmlRpcValue): SampValue {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? '1' : '0';
  if (v === null) return '';
  if (Array.isArray(v)) return v.map(toSampValue);
  const out: SampMap = {};
  for (const [k, x] of Object.entries(v)) Object.defineProperty(out, k, { value: toSampValue(x), enumerable: true, writable: true, configurable: true });
  return out;
}

export function asMap(v: SampValue | undefined): SampMap {
  return v && typeof v === 'object' && !Array.isArray(v) ? v : {};
}

export function asString(v: SampValue | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export interface SampMessage {
  mtype: string;
  params: SampMap;
}

export function messageOf(v: XmlRpcValue | undefined): SampMessage {
  const m = asMap(v === undefined ? undefined : toSampValue(v));
  return { mtype: asString(m['samp.mtype']) ?? '', params: asMap(m['samp.params']) };
}

export type SampStatus = 'samp.ok' | 'samp.warning' | 'samp.error';

/** A response as SAMP sends it: status, result, and for errors samp.error.samp.errortxt. */
export interface SampResponse {
  status: SampStatus;
  result: SampMap;
  errorText?: string;
}

export const ok = (result: SampMap = {}): SampResponse => ({ status: 'samp.ok', result });
export const sampError = (errorText: string): SampResponse => ({ status: 'samp.error', result: {}, errorText });

export function encodeSampResponse(r: SampResponse): SampMap {
  const out: SampMap = { 'samp.status': r.status, 'samp.result': r.result };
  if (r.errorText !== undefined) out['samp.error'] = { 'samp.errortxt': r.errorText };
  return out;
}

export function decodeSampResponse(v: SampValue): SampResponse {
  const m = asMap(v);
  const s = asString(m['samp.status']);
  const status: SampStatus = s === 'samp.ok' || s === 'samp.warning' ? s : 'samp.error';
  const errorText = asString(asMap(m['samp.error'])['samp.errortxt']);
  return { status, result: asMap(m['samp.result']), ...(errorText !== undefined ? { errorText } : {}) };
}
