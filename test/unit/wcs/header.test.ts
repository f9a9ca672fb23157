/**
 * Reading the celestial WCS of a header: none, broken, alternate descriptions, CROTA/CD/PC precedence,
 * old keywords; the typed errors callers map onto their own codes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lookupFromRecord, readCelestialWcs, WcsError, wcsCardRecord } from '../../../native-workers/wcs/index.js';
import { requirePython, runPython } from '../../helpers/python.js';
import { separationDeg, MAS_DEG } from './reference.js';

const TAN = { CTYPE1: 'RA---TAN', CTYPE2: 'DEC--TAN', CRPIX1: 50, CRPIX2: 60, CRVAL1: 10, CRVAL2: 20, CD1_1: -1e-3, CD2_2: 1e-3 };

test('a header without celestial axes has no WCS; linear or spectral axes alone do not count', () => {
  assert.equal(readCelestialWcs(lookupFromRecord({})), null);
  assert.equal(readCelestialWcs(lookupFromRecord({ CTYPE1: 'LINEAR', CTYPE2: 'FREQ', CRPIX1: 1 })), null);
});

test('a present but unusable WCS is BAD_WCS with a message naming the problem', () => {
  const bad = (cards: Record<string, unknown>, pattern: RegExp) =>
    assert.throws(
      () => readCelestialWcs(lookupFromRecord(cards)),
      (e: unknown) => e instanceof WcsError && e.code === 'BAD_WCS' && pattern.test(e.message),
    );
  bad({ ...TAN, CTYPE2: 'FREQ' }, /partner/);
  bad({ ...TAN, CTYPE2: 'DEC--SIN' }, /different projections/);
  bad({ ...TAN, CTYPE1: 'RA---XYZ', CTYPE2: 'DEC--XYZ' }, /XYZ is not supported/);
  bad({ ...TAN, CRVAL1: 'abc' }, /CRVAL1/);
  bad({ ...TAN, CD1_1: 1e-3, CD2_2: 1e-3, CD1_2: 1e-3, CD2_1: 1e-3 }, /singular/);
  bad({ ...TAN, CTYPE1: 'RA---COE', CTYPE2: 'DEC--COE' }, /PV2_1/);
  assert.throws(() => readCelestialWcs(lookupFromRecord(TAN), { alt: '1' }), (e: unknown) => e instanceof WcsError && e.code === 'BAD_WCS');
});

test('the alternate description (CTYPE1A...) and the primary one are read independently, as astropy does', () => {
  requirePython('astropy');
  const cards = {
    ...TAN,
    NAXIS: 2,
    NAXIS1: 100,
    NAXIS2: 120,
    CTYPE1A: 'GLON-ZEA',
    CTYPE2A: 'GLAT-ZEA',
    CRPIX1A: 40,
    CRPIX2A: 70,
    CRVAL1A: 120,
    CRVAL2A: -5,
    CDELT1A: -0.01,
    CDELT2A: 0.01,
    PC1_1A: 0.9,
    PC1_2A: -0.1,
    PC2_1A: 0.1,
    PC2_2A: 0.9,
  };
  const pixels = [[0, 0], [99, 119], [50, 10.5]];
  const ref = runPython<Record<string, number[][]>>(
    `
import sys, json, warnings
from astropy.io import fits
from astropy.wcs import WCS
warnings.simplefilter('ignore')
inp = json.load(sys.stdin)
h = fits.Header()
for k, v in inp['cards'].items():
    h[k] = v
out = {}
for key in ('', 'A'):
    w = WCS(h, key=key or ' ')
    out[key or 'primary'] = w.all_pix2world(inp['pixels'], 0).tolist()
print(json.dumps(out))
`,
    { cards, pixels },
  );
  const primary = readCelestialWcs(lookupFromRecord(cards))!;
  const alt = readCelestialWcs(lookupFromRecord(cards), { alt: 'A' })!;
  assert.equal(primary.system, 'icrs');
  assert.equal(alt.system, 'galactic');
  assert.deepEqual(alt.ctype, ['GLON-ZEA', 'GLAT-ZEA']);
  pixels.forEach(([x, y], i) => {
    assert.ok(separationDeg(primary.pixelToWorld(x!, y!)!, ref.primary![i] as [number, number]) < MAS_DEG);
    assert.ok(separationDeg(alt.pixelToWorld(x!, y!)!, ref.A![i] as [number, number]) < MAS_DEG);
  });
});

test('non-finite and off-sphere inputs give null, never garbage', () => {
  const w = readCelestialWcs(lookupFromRecord(TAN))!;
  assert.equal(w.pixelToWorld(Number.NaN, 0), null);
  assert.equal(w.worldToPixel(10, 95), null);
  assert.equal(w.worldToPixel(Number.POSITIVE_INFINITY, 0), null);
  // The far hemisphere of a gnomonic projection is not representable.
  assert.equal(w.worldToPixel(190, -20), null);
});

test('the compact WCS record keeps exactly the WCS cards, first occurrence first', () => {
  const rec = wcsCardRecord([
    { key: 'SIMPLE', value: true },
    { key: 'CTYPE1', value: 'RA---TAN-SIP ' },
    { key: 'CTYPE1', value: 'ignored' },
    { key: 'A_ORDER', value: 2n },
    { key: 'A_1_1', value: 1e-6 },
    { key: 'PV2_1', value: 0.5 },
    { key: 'CRVAL2A', value: 3 },
    { key: 'OBJECT', value: 'M31' },
    { key: 'NAXIS1', value: 10 },
  ]);
  assert.deepEqual(rec, { CTYPE1: 'RA---TAN-SIP', A_ORDER: 2, A_1_1: 1e-6, PV2_1: 0.5, CRVAL2A: 3, NAXIS1: 10 });
});
