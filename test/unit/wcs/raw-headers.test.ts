/**
 * Hand-written headers (not astropy's own output) in the three linear conventions against astropy.wcs:
 * CD matrix, PC + CDELT, CDELT + CROTA2, near the pole and across RA = 0; formatting as astropy prints.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDecDms, formatRaHms, lookupFromRecord, readCelestialWcs } from '../../../native-workers/wcs/index.js';
import { requirePython, runPython } from '../../helpers/python.js';

type Header = Record<string, string | number>;

const headers: Record<string, Header> = {
  cd: { CTYPE1: 'RA---TAN', CTYPE2: 'DEC--TAN', CRPIX1: 1024.5, CRPIX2: 980.25, CRVAL1: 150.1163, CRVAL2: 2.2058, CD1_1: -1.2e-4, CD1_2: 3.1e-6, CD2_1: 2.9e-6, CD2_2: 1.21e-4 },
  pc: { CTYPE1: 'RA---TAN', CTYPE2: 'DEC--TAN', CRPIX1: 50, CRPIX2: 60, CRVAL1: 10.68, CRVAL2: 41.27, CDELT1: -2.5e-4, CDELT2: 2.5e-4, PC1_1: 0.866, PC1_2: -0.5, PC2_1: 0.5, PC2_2: 0.866 },
  crota: { CTYPE1: 'RA---TAN', CTYPE2: 'DEC--TAN', CRPIX1: 200, CRPIX2: 100, CRVAL1: 0.05, CRVAL2: -30.5, CDELT1: -3e-4, CDELT2: 3e-4, CROTA2: 25 },
  crotaSin: { CTYPE1: 'RA---SIN', CTYPE2: 'DEC--SIN', CRPIX1: 20, CRPIX2: 10, CRVAL1: 83.6, CRVAL2: 22.0, CDELT1: -2e-2, CDELT2: 1.5e-2, CROTA2: -40, EPOCH: 1950.0 },
  cdPartial: { CTYPE1: 'RA---TAN', CTYPE2: 'DEC--TAN', CRPIX1: 10, CRPIX2: 10, CRVAL1: 10, CRVAL2: 10, CD1_1: -1e-3, CD2_2: 1e-3 },
  pole: { CTYPE1: 'RA---TAN', CTYPE2: 'DEC--TAN', CRPIX1: 512, CRPIX2: 512, CRVAL1: 270, CRVAL2: 88.9, CD1_1: -1e-3, CD1_2: 0, CD2_1: 0, CD2_2: 1e-3 },
};

const pixels: Array<[number, number]> = [
  [0, 0], [1023.5, 979.25], [2047, 2047], [-300, 4000], [5, 1500], [1023, 0],
];

test('pixel → RA/Dec equals astropy.wcs (origin 0) for CD, PC+CDELT, CROTA2, polar and RA-wrapping headers', () => {
  requirePython('astropy');
  const expected = runPython<Record<string, Array<[number, number] | null>>>(
    `
import sys, json, warnings
from astropy.wcs import WCS
from astropy.io import fits
warnings.simplefilter('ignore')
inp = json.load(sys.stdin)
out = {}
for name, h in inp['headers'].items():
    hdr = fits.Header()
    for k, v in h.items():
        hdr[k] = v
    w = WCS(hdr)
    xs = [p[0] for p in inp['pixels']]
    ys = [p[1] for p in inp['pixels']]
    ra, dec = w.all_pix2world(xs, ys, 0)
    out[name] = [[float(a), float(d)] if a == a and d == d else None for a, d in zip(ra, dec)]
print(json.dumps(out))
`,
    { headers, pixels },
  );
  for (const [name, header] of Object.entries(headers)) {
    const wcs = readCelestialWcs(lookupFromRecord(header));
    assert.ok(wcs, `${name}: a WCS is found`);
    pixels.forEach(([x, y], i) => {
      const want = expected[name]![i]!;
      const got = wcs.pixelToWorld(x, y);
      if (want === null || got === null) return assert.equal(got, want, `${name} (${x}, ${y})`);
      const [ra, dec] = want;
      let dRa = Math.abs(got[0] - ra);
      dRa = Math.min(dRa, 360 - dRa);
      assert.ok(dRa * Math.cos((dec * Math.PI) / 180) < 1e-9, `${name} (${x}, ${y}): RA ${got[0]} vs astropy ${ra}`);
      assert.ok(Math.abs(got[1] - dec) < 1e-9, `${name} (${x}, ${y}): Dec ${got[1]} vs astropy ${dec}`);
    });
  }
});

test('headers without celestial axes give none', () => {
  assert.equal(readCelestialWcs(lookupFromRecord({ CTYPE1: 'LINEAR', CTYPE2: 'LINEAR', CRPIX1: 1 })), null);
  assert.equal(readCelestialWcs(lookupFromRecord({})), null);
});

test('sexagesimal formatting as astropy prints it', () => {
  requirePython('astropy');
  const ref = runPython<string[]>(
    `
import sys, json
from astropy.coordinates import Angle
import astropy.units as u
vals = json.load(sys.stdin)
out = []
for ra, dec in vals:
    out.append(Angle(ra, u.deg).to_string(unit=u.hour, sep=':', precision=2, pad=True))
    out.append(Angle(dec, u.deg).to_string(unit=u.deg, sep=':', precision=1, pad=True, alwayssign=True))
print(json.dumps(out))
`,
    [[150.1163, 2.2058], [0.0001, -30.51234], [359.99, -0.5]],
  );
  const got = [[150.1163, 2.2058], [0.0001, -30.51234], [359.99, -0.5]].flatMap(([ra, dec]) => [formatRaHms(ra!), formatDecDms(dec!)]);
  assert.deepEqual(got, ref);
});
