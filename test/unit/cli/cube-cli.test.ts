/**
 * The command line on data cubes: `stats --plane K` equals numpy on plane K of plain, .gz,
 * .bz2 and fpack-ed cubes; histogram, profile, thumb and quality take --plane too; a plane
 * out of range fails with BAD_ARGUMENT naming the plane count; `info` shows the full shape
 * and the planes; a SIMPLE = F file is listed with a warning and refused by stats.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { requirePython, requireTool, runPython } from '../../helpers/python.js';
import { makeTempDir } from '../../helpers/tmp.js';
import { cliBatch, type CliResult } from '../../helpers/cli-batch.js';

const MAKE = `
import sys, json, gzip, bz2, subprocess, numpy as np
from astropy.io import fits
d = json.load(sys.stdin)['dir']
rng = np.random.default_rng(151)
cube = (rng.poisson(500, (7, 10, 11)) + np.arange(7)[:, None, None] * 100).astype('>i2')
fits.PrimaryHDU(cube).writeto(f'{d}/cube.fits')
raw = open(f'{d}/cube.fits', 'rb').read()
open(f'{d}/cube.fits.gz', 'wb').write(gzip.compress(raw))
open(f'{d}/cube.fits.bz2', 'wb').write(bz2.compress(raw))
subprocess.run(['fpack', '-O', f'{d}/cube.fits.fz', f'{d}/cube.fits'], check=True)
fits.PrimaryHDU(rng.normal(0, 1, (2, 3, 10, 11)).astype('>f4')).writeto(f'{d}/hyper.fits')
# SIMPLE = F: the same bytes with the primary header saying the file does not conform
fits.HDUList([fits.PrimaryHDU(np.zeros((4, 5), np.float32)), fits.ImageHDU(np.ones((3, 3), np.int16), name='SCI')]).writeto(f'{d}/ok.fits')
b = bytearray(open(f'{d}/ok.fits', 'rb').read()); b[29] = ord('F'); open(f'{d}/simple-f.fits', 'wb').write(bytes(b))
with fits.open(f'{d}/simple-f.fits') as f:
    astropy_kinds = [type(h).__name__ for h in f]
def st(p):
    v = p.astype(np.float64)
    return {'median': float(np.median(p)), 'mean': float(v.mean()), 'min': float(v.min()), 'max': float(v.max()), 'std': float(v.std()), 'count': int(p.size)}
print(json.dumps({'stats': [st(cube[k]) for k in range(7)], 'row3': [[float(x) for x in cube[k, 3, 2:9]] for k in range(7)],
                  'astropyKinds': astropy_kinds}))
`;



describe('nightdeck commands on cubes', () => {
  const tmp = makeTempDir('nightdeck-cube-cli-');
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let ref: any;
  const run: Record<string, CliResult> = {};
  const files = ['cube.fits', 'cube.fits.gz', 'cube.fits.bz2', 'cube.fits.fz'];
  before(() => {
    requirePython('astropy', 'numpy');
    requireTool('fpack', 'libcfitsio-bin');
    ref = runPython(MAKE, { dir: tmp.dir });
    const f = (name: string) => join(tmp.dir, name);
    const commands: Record<string, string[]> = {};
    for (const file of files) for (let k = 0; k < 7; k++) commands[`${file}:${k}`] = ['stats', f(file), '--plane', String(k), '--json'];
    Object.assign(commands, {
      default: ['stats', f('cube.fits'), '--json'],
      outOfRange: ['stats', f('cube.fits.fz'), '--plane', '7'],
      badPlane: ['stats', f('cube.fits'), '--plane', 'x'],
      hyperOut: ['histogram', f('hyper.fits'), '--plane', '6', '--json'],
      hist: ['histogram', f('cube.fits.gz'), '--plane', '5', '--json'],
      profile: ['profile', f('cube.fits.bz2'), '--plane', '6', '--from', '2,3', '--to', '8,3', '--json'],
      quality: ['quality', f('cube.fits.fz'), '--plane', '2', '--json'],
      thumb0: ['thumb', f('cube.fits'), '--out', f('p0.png'), '--plane', '0', '--stretch', 'minmax'],
      thumb6: ['thumb', f('cube.fits'), '--out', f('p6.png'), '--plane', '6', '--stretch', 'minmax'],
      info: ['info', f('cube.fits.fz')],
      infoJson: ['info', f('hyper.fits'), '--json'],
      simpleF: ['info', f('simple-f.fits'), '--json'],
      simpleFStats: ['stats', f('simple-f.fits')],
    });
    const names = Object.keys(commands);
    cliBatch(names.map((n) => commands[n]!)).forEach((r, i) => (run[names[i]!] = r));
  });
  after(() => tmp.cleanup());

  for (const file of files) {
    test(`stats --plane K of ${file} equals numpy on plane K and says which plane it is`, () => {
      for (let k = 0; k < 7; k++) {
        const r = run[`${file}:${k}`]!;
        assert.equal(r.status, 0, r.stderr);
        const out = JSON.parse(r.stdout);
        const want = ref.stats[k];
        assert.equal(out.plane, k);
        for (const key of ['median', 'min', 'max', 'count'] as const) assert.equal(out[key], want[key], `${key} of plane ${k}`);
        assert.ok(Math.abs(out.mean - want.mean) <= 1e-12 * want.mean, `mean of plane ${k}`);
        assert.ok(Math.abs(out.std - want.std) <= 1e-9 * want.std, `std of plane ${k}`);
      }
    });
  }

  test('without --plane a cube is measured on plane 0', () => {
    assert.deepEqual(JSON.parse(run.default!.stdout), JSON.parse(run['cube.fits:0']!.stdout));
  });

  test('a plane out of range is BAD_ARGUMENT naming the planes; a non-number is a usage error', () => {
    assert.equal(run.outOfRange!.status, 1);
    assert.match(run.outOfRange!.stderr, /^BAD_ARGUMENT: plane 7 is out of range: .*11×10×7\) has 7 planes \(planes 0\.\.6\)/);
    assert.match(run.hyperOut!.stderr, /BAD_ARGUMENT: .*has 6 planes/);
    assert.equal(run.badPlane!.status, 2);
    assert.match(run.badPlane!.stderr, /--plane must be a 0-based plane index/);
  });

  test('histogram, profile, quality and thumb take --plane', () => {
    const hist = JSON.parse(run.hist!.stdout);
    assert.equal(hist.plane, 5);
    assert.equal(hist.counts.reduce((a: number, b: number) => a + b, 0), 110);
    assert.ok(hist.edges[0] >= ref.stats[5].min && hist.edges[0] <= ref.stats[5].min + 1, 'the range is plane 5’s');
    const profile = JSON.parse(run.profile!.stdout);
    assert.deepEqual(profile, { data: ref.row3[6], plane: 6 });
    const quality = JSON.parse(run.quality!.stdout);
    assert.equal(quality.plane, 2);
    assert.ok(Math.abs(quality.background - ref.stats[2].median) < 50, `background ${quality.background} is plane 2’s sky`);
    assert.equal(run.thumb0!.status, 0, run.thumb0!.stderr);
    assert.match(run.thumb6!.stdout, /\(plane 6\)/);
    assert.notDeepEqual(readFileSync(join(tmp.dir, 'p0.png')), readFileSync(join(tmp.dir, 'p6.png')));
  });

  test('info shows the full shape and the number of planes', () => {
    const [head, , cube] = run.info!.stdout.trim().split('\n');
    assert.match(head!, /SHAPE .* PLANES$/);
    assert.match(cube!, /compressed-image\s+16\s+11×10×7\s.*\s7$/);
    const hdus = JSON.parse(run.infoJson!.stdout).hdus;
    assert.deepEqual([hdus[0].shape, hdus[0].planes], [[11, 10, 3, 2], 6]);
  });

  test('SIMPLE = F: info lists the HDUs with a warning, stats refuses with UNSUPPORTED', () => {
    assert.equal(run.simpleF!.status, 0, run.simpleF!.stderr);
    const out = JSON.parse(run.simpleF!.stdout);
    assert.deepEqual(out.hdus.map((h: { extname: string | null; shape: number[] }) => [h.extname, h.shape]), [[null, [5, 4]], ['SCI', [3, 3]]]);
    assert.equal(out.warnings.length, 1);
    assert.match(out.warnings[0], /SIMPLE = F/);
    assert.match(run.simpleF!.stderr, /^warning: SIMPLE = F/);
    // astropy opens it too, as one NonstandardHDU holding the rest of the file.
    assert.deepEqual(ref.astropyKinds, ['_NonstandardHDU']);
    assert.equal(run.simpleFStats!.status, 1);
    assert.match(run.simpleFStats!.stderr, /^UNSUPPORTED: SIMPLE = F/);
  });
});
