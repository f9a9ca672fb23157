/**
 * A frame's geometry for regions, from its header: the celestial WCS (through the shared
 * native-workers/wcs module) and the IRAF physical transform (LTM/LTV). An unusable WCS does not
 * stop image-coordinate regions: its reason is kept and given when a sky coordinate needs it.
 */
import { readCelestialWcs, type HeaderLookup } from '../wcs/index.js';
import { physicalFromHeader, type FrameGeometry } from './geometry.js';

/** A lookup over header cards in file order (the first valued card of a keyword wins, as FITS says). */
export function lookupFromCards(cards: readonly { key: string; value: unknown }[]): HeaderLookup {
  const values = new Map<string, string | number | boolean | null>();
  for (const c of cards) {
    if (values.has(c.key) || c.value === null || c.value === undefined) continue;
    const v = c.value;
    if (typeof v === 'bigint') values.set(c.key, Number(v));
    else if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') values.set(c.key, v);
  }
  return (keyword) => values.get(keyword.toUpperCase());
}

export function frameGeometry(lookup: HeaderLookup): FrameGeometry {
  let wcs: FrameGeometry['wcs'] = null;
  let wcsProblem: string | undefined;
  try {
    wcs = readCelestialWcs(lookup);
  } catch (err) {
    wcsProblem = err instanceof Error ? err.message : String(err);
  }
  const geometry: FrameGeometry = { wcs, physical: physicalFromHeader(lookup) };
  if (wcsProblem) geometry.wcsProblem = wcsProblem;
  return geometry;
}
