/** The demo night writes complete FITS frames astropy reads (TAN WCS, realistic header), names them Photon Ranch style and prunes old ones. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DemoNight, demoFrameName } from '../../../electron/host/demo/demo-night.js';
import { demoFramePlan } from '../../../electron/host/demo/demo-plan.js';
import { makeTempDir } from '../../helpers/tmp.js';
import { requirePython, runPython } from '../../helpers/python.js';

test('demo frames open in astropy with a TAN WCS and observing headers, and old ones are pruned', async () => {
  requirePython('astropy', 'numpy');
  const tmp = makeTempDir();
  const now = new Date('2026-03-10T04:00:00Z');
  const demo = new DemoNight({ root: tmp.dir, intervalS: 3600, initialFrames: 2, frameSize: 64, maxFrames: 3, siteLongitudeDeg: -104, now: () => now });
  try {
    await demo.start();
    for (let i = 0; i < 3; i++) await demo.writeFrame();
    await demo.stop();
    assert.equal(demo.night, '20260309', 'a 04:00 UTC frame at -104° belongs to the night that started the day before');
    const files = readdirSync(demo.folder).sort();
    assert.deepEqual(files, [3, 4, 5].map((n) => demoFrameName('20260309', n)));
    const got = runPython<Record<string, unknown>>(
      `
import sys, json
from astropy.io import fits
from astropy.wcs import WCS
with fits.open(json.load(sys.stdin)) as h:
    hdr = h[0].header
    w = WCS(hdr)
    print(json.dumps({'shape': list(h[0].data.shape), 'ctype': list(w.wcs.ctype), 'dateobs': hdr['DATE-OBS'], 'exptime': hdr['EXPTIME'],
                      'filter': hdr['FILTER'], 'object': hdr['OBJECT'], 'framenum': hdr['FRAMENUM'], 'focus': hdr['FOCUS'], 'max': int(h[0].data.max())}))
`,
      join(demo.folder, files[2]!),
    );
    assert.deepEqual(got.shape, [64, 64]);
    assert.deepEqual(got.ctype, ['RA---TAN', 'DEC--TAN']);
    assert.match(String(got.dateobs), /^2026-03-10T04:00:00/);
    assert.equal(got.exptime, demoFramePlan(5).exptime);
    assert.equal(got.focus, demoFramePlan(5).focus, 'the focuser position is in FOCUS');
    assert.equal(got.framenum, 5);
    assert.ok(typeof got.filter === 'string' && typeof got.object === 'string');
    assert.ok((got.max as number) > 1000, 'stars above the sky');
  } finally {
    await demo.stop();
    tmp.cleanup();
  }
});
