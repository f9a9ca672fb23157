/**
 * The region operations over HTTP against a real host and worker pool: statistics inside a DS9
 * file equal astropy regions + numpy, bad files are typed 400s, the console's per-frame regions
 * are kept and exported in sky coordinates that astropy regions reads back.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { makeTempDir } from '../../helpers/tmp.js';
import { requirePython, runPython } from '../../helpers/python.js';
import { api, startTestServer, waitForFrames, writeFramesWithAstropy, type TestServer } from './host-fixtures.js';
import { MAKE_FIXTURES, referenceStats } from '../../unit/regions/astropy-fixtures.js';

describe('region operations over HTTP', () => {
  const night = makeTempDir('nightdeck-regions-night-');
  let s: TestServer;
  let eqId = 0;
  let plainId = 0;

  before(async () => {
    requirePython('numpy', 'astropy', 'regions');
    runPython(MAKE_FIXTURES, { dir: night.dir });
    writeFramesWithAstropy(night.dir, [{ rel: 'plain.fits', width: 40, height: 30, dtype: 'float32', seed: 3 }]);
    s = await startTestServer({ sources: { folders: [{ path: night.dir, recursive: true }] } });
    const frames = await waitForFrames(s.url, 4);
    eqId = frames.find((f) => f.name === 'eq.fits')!.id;
    plainId = frames.find((f) => f.name === 'plain.fits')!.id;
  });

  after(async () => {
    await s?.cleanup();
    night.cleanup();
  });

  test('getRegionStatistics equals astropy regions (mode=center) + numpy for sky and pixel files', async () => {
    for (const file of ['sky.reg', 'pixel.reg']) {
      const text = readFileSync(join(night.dir, file), 'utf8');
      const r = await api(s.url, 'getRegionStatistics', { id: eqId, regions: text });
      assert.equal(r.status, 200, JSON.stringify(r.json));
      const [want] = referenceStats([[join(night.dir, 'eq.fits'), join(night.dir, file)]]);
      const got = r.json.result.regions as Record<string, number>[];
      assert.equal(got.length, want!.length);
      got.forEach((g, i) => {
        const w = want![i]!;
        assert.equal(g.count, w.count, `${file} ${i} count`);
        assert.equal(g.nanCount, w.nanCount, `${file} ${i} nanCount`);
        assert.equal(g.median, w.median, `${file} ${i} median`);
        assert.ok(Math.abs(g.mean! - w.mean!) < 1e-9, `${file} ${i} mean`);
      });
    }
  });

  test('a malformed file is 400 BAD_REGION_FILE naming the line; sky regions on a frame without WCS are 400 NO_WCS', async () => {
    const bad = await api(s.url, 'getRegionStatistics', { id: eqId, regions: 'image\ncircle(1,2,3)\nellipse(1,2)\n' });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.error.code, 'BAD_REGION_FILE');
    assert.match(bad.json.error.message, /line 3/);
    const noWcs = await api(s.url, 'getRegionStatistics', { id: plainId, regions: 'icrs; circle(150.1,2.2,5")' });
    assert.equal(noWcs.status, 400);
    assert.equal(noWcs.json.error.code, 'NO_WCS');
    const ok = await api(s.url, 'getRegionStatistics', { id: plainId, regions: 'image; box(20.5,15.5,10,6,0) # text={b}' });
    assert.equal(ok.status, 200);
    assert.equal(ok.json.result.regions[0].count, 60);
    assert.equal(ok.json.result.regions[0].text, 'b');
  });

  test('the console keeps a frame its regions, and exports them in sky coordinates astropy reads back', async () => {
    assert.equal((await api(s.url, 'getFrameRegions', { id: eqId })).json.result.text, null);
    const empty = await api(s.url, 'exportRegions', { id: eqId, system: 'image' });
    assert.equal(empty.json.result.count, 0);
    const text = 'image\ncircle(60,70,12.5) # text={star}\n-box(60,70,6,4,30)\npolygon(100,20,140,25,120,60)\n';
    const set = await api(s.url, 'setFrameRegions', { id: eqId, text });
    assert.equal(set.json.result.count, 3);
    assert.equal((await api(s.url, 'getFrameRegions', { id: eqId })).json.result.text, text);
    const refused = await api(s.url, 'setFrameRegions', { id: eqId, text: 'circle(1,2)' });
    assert.equal(refused.json.error.code, 'BAD_REGION_FILE');
    assert.equal((await api(s.url, 'getFrameRegions', { id: eqId })).json.result.text, text, 'a refused file changes nothing');

    const exported = await api(s.url, 'exportRegions', { id: eqId, system: 'galactic' });
    assert.equal(exported.status, 200, JSON.stringify(exported.json));
    assert.equal(exported.json.result.count, 3);
    const path = join(night.dir, 'exported-galactic.txt');
    writeFileSync(path, exported.json.result.text);
    const back = runPython<{ kind: string; x: number; y: number; include: boolean }[]>(
      String.raw`
import json, sys, warnings
from astropy.io import fits
from astropy.wcs import WCS
from regions import Regions
warnings.simplefilter('ignore')
req = json.load(sys.stdin)
wcs = WCS(fits.getheader(req['frame']))
out = []
for r in Regions.read(req['file'], format='ds9'):
    p = r.to_pixel(wcs)
    c = p.center if hasattr(p, 'center') else None
    out.append({'kind': type(p).__name__, 'x': float(c.x) if c is not None else float(p.vertices.x[0]), 'y': float(c.y) if c is not None else float(p.vertices.y[0]), 'include': bool(r.meta.get('include', 1))})
print(json.dumps(out))
`,
      { frame: join(night.dir, 'eq.fits'), file: path },
    );
    assert.deepEqual(back.map((b) => b.kind), ['CirclePixelRegion', 'RectanglePixelRegion', 'PolygonPixelRegion']);
    assert.deepEqual(back.map((b) => b.include), [true, false, true]);
    assert.ok(Math.abs(back[0]!.x - 59) < 1e-6 && Math.abs(back[0]!.y - 69) < 1e-6, JSON.stringify(back[0]));
    assert.ok(Math.abs(back[2]!.x - 99) < 1e-6 && Math.abs(back[2]!.y - 19) < 1e-6, JSON.stringify(back[2]));
    await api(s.url, 'setFrameRegions', { id: eqId, text: '' });
    assert.equal((await api(s.url, 'getFrameRegions', { id: eqId })).json.result.text, null);
  });

  test('getRegionTrends applies one sky region file to every frame of the night, each through its own WCS', async () => {
    const nights = (await api(s.url, 'listNights')).json.result.nights as { night: string }[];
    const text = readFileSync(join(night.dir, 'sky.reg'), 'utf8');
    const points: { name: string; regions: { median: number; count: number }[] | null; error: string | null }[] = [];
    let labels: string[] = [];
    for (const n of nights) {
      const r = await api(s.url, 'getRegionTrends', { night: n.night, regions: text });
      assert.equal(r.status, 200, JSON.stringify(r.json));
      points.push(...r.json.result.points);
      labels = r.json.result.labels;
    }
    assert.deepEqual(labels, ['circle #1 (line 2)', 'ellipse #2 (line 3)', 'box #3 (line 4)', 'polygon #4 (line 5)', 'annulus #5 (line 6)']);
    const byName = new Map(points.map((p) => [p.name, p]));
    assert.match(byName.get('plain.fits')!.error!, /^NO_WCS/);
    const frames = ['eq.fits', 'gal.fits', 'int16.fits'];
    const want = referenceStats(frames.map((f) => [join(night.dir, f), join(night.dir, 'sky.reg')]));
    frames.forEach((f, k) => {
      const p = byName.get(f)!;
      assert.equal(p.error, null, f);
      assert.deepEqual(p.regions!.map((r) => r.count), want[k]!.map((w) => w.count), `${f} counts`);
      assert.deepEqual(p.regions!.map((r) => r.median), want[k]!.map((w) => w.median), `${f} medians`);
    });
    const bad = await api(s.url, 'getRegionTrends', { night: nights[0]!.night, regions: 'fk5\ncircle(1,2)' });
    assert.equal(bad.json.error.code, 'BAD_REGION_FILE');
  });
});
