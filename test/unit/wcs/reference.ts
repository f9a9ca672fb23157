/** Runs astropy-reference.py on WCS cases and compares NightDeck's WCS module with what astropy computed. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { lookupFromRecord, readCelestialWcs, type CelestialWcs } from '../../../native-workers/wcs/index.js';
import { requirePython, runPython } from '../../helpers/python.js';
import type { WcsCase } from './cases.js';

export interface ReferenceGrid {
  name: string;
  cards: Record<string, string | number | boolean>;
  pixels: Array<[number, number]>;
  world: Array<[number, number] | null>;
  back: Array<[number, number] | null>;
  sky: Array<[number, number]>;
  skyPixels: Array<[number, number] | null>;
}

const SCRIPT = readFileSync(fileURLToPath(new URL('./astropy-reference.py', import.meta.url)), 'utf8');

export function astropyGrids(cases: WcsCase[]): ReferenceGrid[] {
  requirePython('astropy');
  return runPython<ReferenceGrid[]>(SCRIPT, { cases });
}

/** 1 milliarcsecond and 0.001 pixel: the accuracy goals. */
export const MAS_DEG = 1 / 3_600_000;
export const PX_TOL = 1e-3;

/** Great-circle distance in degrees. */
export function separationDeg(a: [number, number], b: [number, number]): number {
  const d2r = Math.PI / 180;
  const [l1, b1] = [a[0] * d2r, a[1] * d2r];
  const [l2, b2] = [b[0] * d2r, b[1] * d2r];
  const s = Math.sin((b2 - b1) / 2) ** 2 + Math.cos(b1) * Math.cos(b2) * Math.sin((l2 - l1) / 2) ** 2;
  return (2 * Math.asin(Math.min(1, Math.sqrt(s)))) / d2r;
}

export function readGridWcs(grid: ReferenceGrid): CelestialWcs {
  const wcs = readCelestialWcs(lookupFromRecord(grid.cards));
  assert.ok(wcs, `${grid.name}: a celestial WCS is read from astropy's header`);
  return wcs;
}

/** Collects every disagreement with astropy rather than stopping at the first, so a failure shows the pattern. */
export function compareWithAstropy(grid: ReferenceGrid): string[] {
  const wcs = readGridWcs(grid);
  const problems: string[] = [];
  grid.pixels.forEach(([x, y], i) => {
    const want = grid.world[i] ?? null;
    const got = wcs.pixelToWorld(x, y);
    if (want === null || got === null) {
      if (want !== got) problems.push(`pixel (${x}, ${y}): got ${JSON.stringify(got)}, astropy ${JSON.stringify(want)}`);
      return;
    }
    const sep = separationDeg(got, want);
    if (!(sep <= MAS_DEG)) {
      problems.push(`pixel (${x}, ${y}): ${JSON.stringify(got)} vs astropy ${JSON.stringify(want)} (${(sep * 3.6e6).toFixed(3)} mas)`);
    }
    const wantBack = grid.back[i] ?? null;
    const gotBack = wcs.worldToPixel(want[0], want[1]);
    compareBack(`world ${JSON.stringify(want)} (from pixel ${x}, ${y})`, gotBack, wantBack, problems);
  });
  grid.sky.forEach(([lon, lat], i) => {
    compareBack(`sky (${lon}, ${lat})`, wcs.worldToPixel(lon, lat), grid.skyPixels[i] ?? null, problems);
  });
  return problems;
}

function compareBack(
  what: string,
  got: [number, number] | null,
  want: [number, number] | null,
  problems: string[],
): void {
  if (want === null || got === null) {
    if (want !== got) problems.push(`${what} → pixel: got ${JSON.stringify(got)}, astropy ${JSON.stringify(want)}`);
    return;
  }
  const tol = Math.max(PX_TOL, 1e-9 * Math.max(Math.abs(want[0]), Math.abs(want[1])));
  if (!(Math.abs(got[0] - want[0]) <= tol && Math.abs(got[1] - want[1]) <= tol)) {
    problems.push(`${what} → pixel: got ${JSON.stringify(got)}, astropy ${JSON.stringify(want)}`);
  }
}
