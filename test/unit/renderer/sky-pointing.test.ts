/**
 * The console's SAMP positions: a Shift+click's RA/Dec and a received coord.pointAt.sky's pixel
 * come from the shared WCS module and agree with astropy.wcs; centring keeps the zoom and puts
 * that pixel's centre in the middle of the viewer.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { celestialWcsOf, centreOnPixel, pixelOfSky, skyOfPixel } from '../../../renderer/src/lib/sky-pointing.js';
import { imageToScreen } from '../../../renderer/src/lib/view-transform.js';
import { runPython } from '../../helpers/python.js';

const cards = [
  { key: 'NAXIS1', value: 400 },
  { key: 'NAXIS2', value: 300 },
  { key: 'CTYPE1', value: 'RA---TAN' },
  { key: 'CTYPE2', value: 'DEC--TAN' },
  { key: 'CRPIX1', value: 200.5 },
  { key: 'CRPIX2', value: 150.5 },
  { key: 'CRVAL1', value: 10.6847 },
  { key: 'CRVAL2', value: 41.269 },
  { key: 'CD1_1', value: -0.0002 },
  { key: 'CD1_2', value: 0.00001 },
  { key: 'CD2_1', value: 0.00001 },
  { key: 'CD2_2', value: 0.0002 },
  { key: 'RADESYS', value: 'ICRS' },
];

describe('SAMP positions in the console', () => {
  it('converts pixels and sky positions as astropy.wcs does', () => {
    const wcs = celestialWcsOf(cards);
    assert.ok(wcs);
    const pixels = [[0, 0], [399, 299], [123.4, 56.7]] as const;
    const ref = runPython<number[][]>(
      `import sys, json\nfrom astropy.wcs import WCS\nj = json.load(sys.stdin)\nw = WCS({c["key"]: c["value"] for c in j["cards"]})\nprint(json.dumps([list(map(float, w.wcs_pix2world([[x, y]], 0)[0])) for x, y in j["pixels"]]))`,
      { cards, pixels },
    );
    pixels.forEach(([x, y], i) => {
      const sky = skyOfPixel(wcs, x, y)!;
      assert.ok(Math.abs(sky.ra - ref[i]![0]!) < 1e-9 && Math.abs(sky.dec - ref[i]![1]!) < 1e-9, `${x},${y}: ${JSON.stringify(sky)} vs ${ref[i]}`);
      const back = pixelOfSky(wcs, { width: 400, height: 300 }, sky.ra, sky.dec)!;
      assert.ok(Math.abs(back.x - x) < 1e-6 && Math.abs(back.y - y) < 1e-6);
    });
    assert.equal(pixelOfSky(wcs, { width: 400, height: 300 }, 12, 41.269), null, 'off the frame');
    assert.equal(celestialWcsOf([{ key: 'NAXIS1', value: 4 }]), null);
  });

  it('centres a pixel without changing the zoom', () => {
    const image = { width: 400, height: 300 };
    const viewport = { width: 800, height: 500 };
    const t = centreOnPixel({ scale: 2.5, panX: -13, panY: 40 }, image, viewport, 123, 45);
    assert.equal(t.scale, 2.5);
    const p = imageToScreen(t, image, 123.5, 45.5);
    assert.ok(Math.abs(p.sx - 400) < 1e-9 && Math.abs(p.sy - 250) < 1e-9);
  });
});
