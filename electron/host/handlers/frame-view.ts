/**
 * Turns catalogue records and FITS cards into the shapes the contract sends: frame rows,
 * frame details, JSON-safe cards and a TAN WCS. Pure functions.
 */
import type { Card } from '../../../native-workers/fits/types.js';
import type { FrameRecord } from '../store/catalogue-types.js';
import type { ApiCard, FrameSummary, ResponseOf, Wcs, ApiFrameQuality, ApiImageStatistics } from '../api.js';

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

export function toFrameSummary(r: FrameRecord): FrameSummary {
  const stats = r.stats;
  const quality = r.quality;
  const median = num(stats?.median);
  return {
    id: r.id,
    source: r.source,
    key: r.key,
    name: r.name,
    night: r.night,
    status: r.status,
    error: r.error,
    dateObs: r.summary?.dateObs ?? null,
    exptime: r.summary?.exptime ?? null,
    filter: r.summary?.filter ?? null,
    object: r.summary?.object ?? null,
    shape: r.summary?.shape ?? [],
    bitpix: r.summary?.bitpix ?? null,
    size: r.size,
    addedAt: r.addedAt,
    stats: stats && median !== null ? { median, sky: num(stats.sky) ?? median, noise: num(stats.noise) ?? 0 } : null,
    quality: quality ? { fwhmMedianPx: num(quality.fwhmMedianPx), starCount: num(quality.starCount) ?? 0 } : null,
  };
}

export function toApiCards(cards: readonly Card[]): ApiCard[] {
  return cards.map((c) => {
    const value = typeof c.value === 'bigint' ? c.value.toString() : c.value;
    const card: ApiCard = { key: c.key, value: typeof value === 'number' && !Number.isFinite(value) ? String(value) : value };
    if (c.comment !== undefined) card.comment = c.comment;
    if (c.isString) card.isString = true;
    return card;
  });
}

export function toFrameDetails(r: FrameRecord): ResponseOf<'getFrame'> {
  return {
    ...toFrameSummary(r),
    directory: r.directory,
    etag: r.etag,
    lastModified: r.lastModified,
    nameFields: r.nameFields,
    headers: (r.summary?.headers ?? []).map(toApiCards),
    fullStats: (r.stats as ApiImageStatistics | null) ?? null,
    fullQuality: (r.quality as ApiFrameQuality | null) ?? null,
    updatedAt: r.updatedAt,
  };
}

function cardNumber(cards: readonly Card[], key: string): number | undefined {
  const c = cards.find((k) => k.key === key);
  if (!c) return undefined;
  const v = typeof c.value === 'bigint' ? Number(c.value) : c.value;
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function cardString(cards: readonly Card[], key: string): string | undefined {
  const c = cards.find((k) => k.key === key);
  return typeof c?.value === 'string' ? c.value.trim() : undefined;
}

/**
 * The celestial TAN WCS of a header as a CD matrix, from CDi_j, or PCi_j × CDELTi, or
 * CDELTi with CROTA2 (the three FITS conventions, in that order of precedence). Null when
 * the header has no celestial TAN projection.
 */
export function wcsFromCards(cards: readonly Card[]): Wcs | null {
  const ctype1 = cardString(cards, 'CTYPE1');
  const ctype2 = cardString(cards, 'CTYPE2');
  if (!ctype1 || !ctype2 || !/-TAN/.test(ctype1) || !/-TAN/.test(ctype2)) return null;
  const crval1 = cardNumber(cards, 'CRVAL1');
  const crval2 = cardNumber(cards, 'CRVAL2');
  const crpix1 = cardNumber(cards, 'CRPIX1');
  const crpix2 = cardNumber(cards, 'CRPIX2');
  if (crval1 === undefined || crval2 === undefined || crpix1 === undefined || crpix2 === undefined) return null;
  let cd: [[number, number], [number, number]] | null = null;
  const cd11 = cardNumber(cards, 'CD1_1');
  const cd22 = cardNumber(cards, 'CD2_2');
  if (cd11 !== undefined || cd22 !== undefined || cardNumber(cards, 'CD1_2') !== undefined) {
    cd = [
      [cd11 ?? 0, cardNumber(cards, 'CD1_2') ?? 0],
      [cardNumber(cards, 'CD2_1') ?? 0, cd22 ?? 0],
    ];
  } else {
    const cdelt1 = cardNumber(cards, 'CDELT1');
    const cdelt2 = cardNumber(cards, 'CDELT2');
    if (cdelt1 === undefined || cdelt2 === undefined) return null;
    const hasPc = ['PC1_1', 'PC1_2', 'PC2_1', 'PC2_2'].some((k) => cardNumber(cards, k) !== undefined);
    if (hasPc) {
      cd = [
        [cdelt1 * (cardNumber(cards, 'PC1_1') ?? 1), cdelt1 * (cardNumber(cards, 'PC1_2') ?? 0)],
        [cdelt2 * (cardNumber(cards, 'PC2_1') ?? 0), cdelt2 * (cardNumber(cards, 'PC2_2') ?? 1)],
      ];
    } else {
      const rot = ((cardNumber(cards, 'CROTA2') ?? 0) * Math.PI) / 180;
      cd = [
        [cdelt1 * Math.cos(rot), -cdelt2 * Math.sin(rot)],
        [cdelt1 * Math.sin(rot), cdelt2 * Math.cos(rot)],
      ];
    }
  }
  return { crval1, crval2, crpix1, crpix2, cd, ctype1, ctype2 };
}
