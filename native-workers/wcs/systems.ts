/** Which celestial system a WCS's axes are in: from the CTYPE stems plus RADESYS/EQUINOX (FITS WCS Paper II §3.1). */
import type { WcsKeywords } from './header.js';

export type CelestialSystem = 'icrs' | 'fk5' | 'fk4' | 'galactic' | 'ecliptic' | 'unknown';

/** `stem` is the longitude CTYPE's first four characters without trailing '-', e.g. 'RA', 'GLON'. */
export function celestialSystem(stem: string, kw: WcsKeywords): CelestialSystem {
  if (stem === 'GLON') return 'galactic';
  if (stem === 'ELON') return 'ecliptic';
  if (stem !== 'RA') return 'unknown';
  const radesys = kw.str('RADESYS') || kw.str('RADECSYS');
  if (radesys === 'ICRS') return 'icrs';
  if (radesys === 'FK5') return 'fk5';
  if (radesys === 'FK4' || radesys === 'FK4-NO-E') return 'fk4';
  if (radesys !== '') return 'unknown';
  // No RADESYS: the equinox decides (FK4 before 1984, FK5 after); neither means ICRS.
  const equinox = kw.num('EQUINOX') ?? kw.plainNum('EPOCH');
  if (equinox === undefined) return 'icrs';
  return equinox < 1984 ? 'fk4' : 'fk5';
}
