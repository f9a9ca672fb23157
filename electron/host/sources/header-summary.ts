/** Turns the HDU headers of a frame into the catalogue's header summary. */
import type { CardValue, HduInfo, HeaderLike } from '../../../native-workers/fits/types.js';
import type { FrameHeaderSummary } from '../store/catalogue-types.js';

export interface HduHeader {
  header: HeaderLike;
  info: HduInfo;
}

function hasImageData(info: HduInfo): boolean {
  return (info.kind === 'image' || info.kind === 'compressed-image') && info.shape.length > 0 && info.shape.every((n) => n > 0);
}

/** First value of `keys` found in the image HDU's header, then in the primary header. */
function lookup(headers: HeaderLike[], keys: string[]): CardValue | undefined {
  for (const header of headers) {
    for (const key of keys) {
      const value = header.get(key);
      if (value !== undefined && value !== null) return value;
    }
  }
  return undefined;
}

function asNumber(value: CardValue | undefined): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return null;
}

function asText(value: CardValue | undefined): string | null {
  if (value === undefined || value === null) return null;
  const text = String(value).trim();
  return text === '' ? null : text;
}

/**
 * DATE-OBS as ISO-8601 UTC: FITS dates carry no zone and are UTC by the standard.
 * Accepts 'YYYY-MM-DD' and 'YYYY-MM-DDThh:mm:ss[.sss]'; anything else → null.
 */
export function isoFromDateObs(value: CardValue | undefined): string | null {
  if (typeof value !== 'string') return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?Z?$/.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = ''] = m;
  const ms = frac ? Math.round(Number(frac) * 1000) : 0;
  const time = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

export function summarizeHeaders(hdus: HduHeader[]): FrameHeaderSummary {
  const image = hdus.find((h) => hasImageData(h.info));
  const primary = hdus[0];
  const searchOrder = [image?.header, primary?.header].filter((h): h is HeaderLike => h !== undefined);
  return {
    dateObs: isoFromDateObs(lookup(searchOrder, ['DATE-OBS'])),
    exptime: asNumber(lookup(searchOrder, ['EXPTIME', 'EXPOSURE'])),
    filter: asText(lookup(searchOrder, ['FILTER'])),
    object: asText(lookup(searchOrder, ['OBJECT'])),
    shape: image ? [...image.info.shape] : [],
    bitpix: image?.info.bitpix ?? null,
    headers: hdus.map((h) => [...h.header.cards]),
  };
}
