/** Sexagesimal formatting and parsing against astropy.coordinates (Angle.to_string, SkyCoord string parsing). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDecDms, formatRaHms, parseCoordinatePair, SexagesimalError } from '../../../native-workers/wcs/index.js';
import { requirePython, runPython } from '../../helpers/python.js';

const VALUES: Array<[number, number]> = [
  [150.1163, 2.2058],
  [0.0001, -30.51234],
  [359.99999, -0.5],
  [359.999999, 89.99999999],
  [83.63308, 22.0145],
  [15.0, -0.00001],
];

test('RA as HH:MM:SS.ss and Dec as ±DD:MM:SS.s, rounded and carried as astropy prints them', () => {
  requirePython('astropy');
  const ref = runPython<string[]>(
    `
import sys, json
from astropy.coordinates import Angle
import astropy.units as u
out = []
for ra, dec in json.load(sys.stdin):
    out.append(Angle(ra, u.deg).wrap_at(360 * u.deg).to_string(unit=u.hour, sep=':', precision=2, pad=True))
    out.append(Angle(dec, u.deg).to_string(unit=u.deg, sep=':', precision=1, pad=True, alwayssign=True))
print(json.dumps(out))
`,
    VALUES,
  );
  const got = VALUES.flatMap(([ra, dec]) => [formatRaHms(ra), formatDecDms(dec)]);
  // astropy prints 24:00:00.00 for RA that rounds up to a full turn; the readout wraps to 00:00:00.00.
  assert.deepEqual(got, ref.map((s) => s.replace(/^24:/, '00:')));
});

const TYPED = [
  '12:34:56.7 +12:34:56',
  '12h34m56.7s -5d12m3s',
  '188.7 12.5',
  '188.7, -12.5',
  '12 34 56.7 -05 12 00',
  '12h 34m 56s +12d 34m 56s',
  '00:00:00 +90:00:00',
  '23:59:59.99 -89:59:59.9',
];

test('typed "RA Dec" in sexagesimal or degrees equals what astropy SkyCoord parses', () => {
  requirePython('astropy');
  const ref = runPython<number[][]>(
    `
import sys, json, re
from astropy.coordinates import SkyCoord
import astropy.units as u
out = []
for t in json.load(sys.stdin):
    parts = t.replace(',', ' ').split()
    if len(parts) == 2 and not re.search('[:hdms]', t):
        c = SkyCoord(float(parts[0]), float(parts[1]), unit=(u.deg, u.deg))
    else:
        c = SkyCoord(t, unit=(u.hourangle, u.deg))
    out.append([c.ra.deg, c.dec.deg])
print(json.dumps(out))
`,
    TYPED,
  );
  TYPED.forEach((t, i) => {
    const [ra, dec] = parseCoordinatePair(t);
    assert.ok(Math.abs(ra - ref[i]![0]!) < 1e-9, `${t}: RA ${ra} vs astropy ${ref[i]![0]}`);
    assert.ok(Math.abs(dec - ref[i]![1]!) < 1e-9, `${t}: Dec ${dec} vs astropy ${ref[i]![1]}`);
  });
});

test('nonsense, out-of-range and negative RA are BAD_COORDINATE with the offending text', () => {
  for (const t of ['', 'abc 12', '25:00:00 0', '-12:00 0', '12 95', '12:61:00 0', '1 2 3']) {
    assert.throws(
      () => parseCoordinatePair(t),
      (e: unknown) => e instanceof SexagesimalError && e.code === 'BAD_COORDINATE',
      t,
    );
  }
});

test('galactic and ecliptic frames read sexagesimal longitude as degrees unless it says hours', () => {
  assert.deepEqual(parseCoordinatePair('120:30:00 -05:15:00', 'degrees'), [120.5, -5.25]);
  assert.deepEqual(parseCoordinatePair('120.5 -5.25', 'degrees'), [120.5, -5.25]);
  assert.deepEqual(parseCoordinatePair('8h02m00s -05:15:00', 'degrees'), [120.5, -5.25]);
});
