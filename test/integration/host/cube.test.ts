/**
 * Cubes through the host: every pixel operation of the contract takes `plane` and says which
 * plane it answered for; statistics per plane of plain/gz/bz2/fz cubes equal numpy; a plane
 * out of range is 400 BAD_ARGUMENT naming the plane count; and the round trip — `nightdeck
 * export --format cube` of a night, opened in NightDeck — gives back each frame pixel for pixel
 * in its plane, with openFrame naming which frame each plane came from.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { makeTempDir } from '../../helpers/tmp.js';
import { requirePython, requireTool, runPython } from '../../helpers/python.js';
import { api, startTestServer, waitFor, waitForFrames, writeFramesWithAstropy, type TestServer } from './host-fixtures.js';
import { base64ToFloat32 } from '../../../renderer/src/lib/base64-floats.js';

const CUBES = `
import sys, json, gzip, bz2, subprocess, numpy as np
from astropy.io import fits
d = json.load(sys.stdin)['dir']
rng = np.random.default_rng(1515)
cube = (rng.normal(1000, 30, (7, 24, 40)) + np.arange(7)[:, None, None] * 200).astype('>f4')
cube[3, 5, 6] = np.nan
h = fits.PrimaryHDU(cube)
h.header['CTYPE3'] = 'WAVE'; h.header['CUNIT3'] = 'Angstrom'; h.header['CRVAL3'] = 5000.0; h.header['CRPIX3'] = 1.0; h.header['CDELT3'] = 2.5
h.writeto(f'{d}/cube.fits')
raw = open(f'{d}/cube.fits', 'rb').read()
open(f'{d}/cubegz.fits.gz', 'wb').write(gzip.compress(raw))
open(f'{d}/cubebz.fits.bz2', 'wb').write(bz2.compress(raw))
subprocess.run(['fpack', '-g', '-q', '0', '-O', f'{d}/cubefz.fits.fz', f'{d}/cube.fits'], check=True)
def st(p):
    n = p[~np.isnan(p)]
    return {'median': float(np.median(n)), 'mean': float(n.astype(np.float64).mean()), 'min': float(n.min()), 'max': float(n.max()), 'count': int(n.size), 'nanCount': int(p.size - n.size)}
print(json.dumps({'stats': [st(cube[k]) for k in range(7)], 'pixel': [float(cube[k, 10, 20]) for k in range(7)]}))
`;

const READ_EXPORT = `
import sys, json, numpy as np
from astropy.io import fits
job = json.load(sys.stdin)
with fits.open(job['cube']) as h:
    names = [str(v) for v in h['FRAMES'].data['NAME']]
frames = {}
for name, path in job['frames'].items():
    frames[name] = [float(x) for x in fits.getdata(path).astype(np.float64).ravel()]
print(json.dumps({'names': names, 'frames': frames}))
`;

describe('cubes through the host', () => {
  const night = makeTempDir('nightdeck-cube-night-');
  const cubes = makeTempDir('nightdeck-cubes-');
  const frameNames = [1, 2, 3].map((i) => `tst-cam-20240315-0000000${i}-EX00.fits`);
  let s: TestServer;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let ref: any;
  const idOf: Record<string, number> = {};

  before(async () => {
    requirePython('astropy', 'numpy');
    requireTool('fpack', 'libcfitsio-bin');
    writeFramesWithAstropy(
      night.dir,
      frameNames.map((rel, i) => ({ rel, width: 40, height: 24, dtype: 'uint16' as const, seed: 40 + i, header: { OBJECT: `M${i}` } })),
    );
    ref = runPython(CUBES, { dir: cubes.dir });
    s = await startTestServer({ sources: { folders: [{ path: night.dir }, { path: cubes.dir }] } });
    for (const f of await waitForFrames(s.url, 7)) idOf[f.name] = f.id;
  });

  after(async () => {
    await s?.cleanup();
    night.cleanup();
    cubes.cleanup();
  });

  for (const name of ['cube.fits', 'cubegz.fits.gz', 'cubebz.fits.bz2', 'cubefz.fits.fz']) {
    test(`getStatistics of each plane of ${name} equals numpy and says its plane`, async () => {
      for (let k = 0; k < 7; k++) {
        const r = await api(s.url, 'getStatistics', { id: idOf[name], plane: k });
        assert.equal(r.status, 200, JSON.stringify(r.json));
        const got = r.json.result;
        const want = ref.stats[k];
        assert.equal(got.plane, k);
        for (const key of ['median', 'min', 'max', 'count', 'nanCount']) assert.equal(got[key], want[key], `${key} of plane ${k}`);
        assert.ok(Math.abs(got.mean - want.mean) <= 1e-12 * want.mean);
      }
    });
  }

  test('every pixel operation takes plane and echoes it', async () => {
    const id = idOf['cubefz.fits.fz'];
    const pixel = (await api(s.url, 'getPixel', { id, plane: 4, x: 20, y: 10 })).json.result;
    assert.deepEqual(pixel, { x: 20, y: 10, value: ref.pixel[4], plane: 4 });
    const limits = (await api(s.url, 'getStretchLimits', { id, plane: 6, method: 'minmax' })).json.result;
    assert.deepEqual(limits, { min: ref.stats[6].min, max: ref.stats[6].max, plane: 6 });
    const hist = (await api(s.url, 'getHistogram', { id, plane: 2, mode: 'bins', bins: 10 })).json.result;
    assert.equal(hist.plane, 2);
    assert.equal(hist.counts.reduce((a: number, b: number) => a + b, 0), ref.stats[2].count);
    const profile = (await api(s.url, 'getProfile', { id, plane: 5, from: { x: 20, y: 10 }, to: { x: 20, y: 10 } })).json.result;
    assert.deepEqual(profile, { data: [ref.pixel[5]], plane: 5 });
    const quality = (await api(s.url, 'getQuality', { id, plane: 1 })).json.result;
    assert.equal(quality.plane, 1);
    const preview = (await api(s.url, 'getPreview', { id, plane: 3, maxWidth: 40, maxHeight: 24 })).json.result;
    assert.equal(preview.plane, 3);
    assert.ok(Number.isNaN(base64ToFloat32(preview.data)[5 * 40 + 6]!), 'plane 3 has its NaN at (6, 5)');
    const t0 = (await api(s.url, 'getThumbnail', { id, width: 64 })).json.result;
    const t6 = (await api(s.url, 'getThumbnail', { id, width: 64, plane: 6 })).json.result;
    assert.equal(t6.plane, 6);
    assert.notEqual(t0.url, t6.url, 'plane 6 has its own thumbnail');
  });

  test('a plane out of range is 400 BAD_ARGUMENT naming how many planes the HDU has', async () => {
    for (const op of ['getStatistics', 'getPreview', 'getPixel', 'getQuality', 'getThumbnail', 'openFrame']) {
      const r = await api(s.url, op, { id: idOf['cubegz.fits.gz'], plane: 7, maxWidth: 10, maxHeight: 10, x: 0, y: 0 });
      assert.equal(r.status, 400, op);
      assert.equal(r.json.error.code, 'BAD_ARGUMENT', op);
      assert.match(r.json.error.message, /has 7 planes/, op);
    }
    const flat = await api(s.url, 'getStatistics', { id: idOf[frameNames[0]!], plane: 1 });
    assert.equal(flat.status, 400);
    assert.match(flat.json.error.message, /has 1 plane \(only plane 0\)/);
  });

  test('openFrame gives the shape, the plane count and the third axis of a cube', async () => {
    const opened = (await api(s.url, 'openFrame', { id: idOf['cube.fits'], plane: 2 })).json.result;
    assert.deepEqual([opened.shape, opened.planes, opened.plane, opened.width, opened.height], [[40, 24, 7], 7, 2, 40, 24]);
    assert.deepEqual(opened.planeAxis, { ctype: 'WAVE', cunit: 'Angstrom', crval: 5000, crpix: 1, cdelt: 2.5 });
    assert.equal(opened.planeNames, null, 'no FRAMES table');
    const flat = (await api(s.url, 'openFrame', { id: idOf[frameNames[0]!] })).json.result;
    assert.deepEqual([flat.planes, flat.planeAxis, flat.planeNames], [1, null, null]);
  });

  test('round trip: export --format cube of a night, opened in NightDeck, gives each frame back in the plane its FRAMES row names', async () => {
    const out = join(cubes.dir, 'night-cube.fits');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'electron/cli/main.ts', 'export', '--night', '20240315', '--format', 'cube', '--out', out, '--json'],
      { env: { ...process.env, NIGHTDECK_HOME: s.dataDir, NIGHTDECK_LOG_LEVEL: 'silent' } },
    );
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const [status] = (await once(child, 'exit')) as [number | null];
    assert.equal(status, 0, stderr);
    const listed = await waitFor(async () => {
      const frames = (await api(s.url, 'listFrames', { limit: 1000 })).json.result.frames as { id: number; name: string; shape: number[] }[];
      return frames.find((f) => f.name === 'night-cube.fits' && f.shape.length > 0);
    }, 20_000, 'the exported cube listed');
    const opened = (await api(s.url, 'openFrame', { id: listed.id })).json.result;
    assert.deepEqual([opened.shape, opened.planes], [[40, 24, 3], 3]);
    const truth = runPython<{ names: string[]; frames: Record<string, number[]> }>(READ_EXPORT, {
      cube: out,
      frames: Object.fromEntries(frameNames.map((n) => [n, join(night.dir, n)])),
    });
    assert.deepEqual(opened.planeNames, truth.names, 'the host names planes as astropy reads the FRAMES table');
    assert.deepEqual([...opened.planeNames].sort(), [...frameNames].sort());
    for (let k = 0; k < 3; k++) {
      const preview = (await api(s.url, 'getPreview', { id: listed.id, plane: k, maxWidth: 40, maxHeight: 24 })).json.result;
      assert.equal(preview.binFactor, 1);
      assert.deepEqual(Array.from(base64ToFloat32(preview.data)), truth.frames[opened.planeNames[k]]!, `plane ${k} is ${opened.planeNames[k]}`);
    }
  });
});
