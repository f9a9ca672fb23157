import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { requirePython, requireTool, runPython } from '../../helpers/python.js';
import { makeTempDir } from '../../helpers/tmp.js';
import { cliBatch, type CliResult } from '../../helpers/cli-batch.js';
import { PY_HISTOGRAM_RECIPE } from '../analysis/kernel-fixtures.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const loaderReady = existsSync(join(root, 'native-workers/fits/file.ts'));


/** Runs `nightdeck <args>` in a child process through the real entry point, as a user would. */
function cli(...args: string[]): CliResult {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'electron/cli/main.ts'), ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}


// Frames written by astropy (and fpack), with the expected numbers computed by numpy/scipy/skimage/astropy.
const FIXTURE_SCRIPT = `
import json, sys, subprocess, warnings
import numpy as np
from astropy.io import fits
from astropy.stats import sigma_clipped_stats
from scipy import stats
from skimage.measure import profile_line
warnings.simplefilter('ignore')
d = json.load(sys.stdin)['dir']
rng = np.random.default_rng(7)
u16 = np.clip(rng.normal(1500, 40, (120, 100)), 0, 65535).astype(np.uint16)
u16[30:34, 40:44] = 60000
fits.PrimaryHDU(u16).writeto(d + '/u16.fits')
subprocess.run(['fpack', '-r', '-O', d + '/u16.fits.fz', d + '/u16.fits'], check=True)
f32 = rng.normal(250.5, 9.5, (80, 90)).astype(np.float32)
f32[rng.random(f32.shape) < 0.03] = np.nan
fits.HDUList([fits.PrimaryHDU(), fits.ImageHDU(f32, name='SCI')]).writeto(d + '/f32-mef.fits')
i16 = rng.normal(-100, 30, (40, 50)).astype(np.int16)
i16[rng.random(i16.shape) < 0.05] = -32768
h = fits.PrimaryHDU(i16); h.header['BLANK'] = -32768
h.writeto(d + '/i16-blank.fits')

def st(v):
    return dict(mean=float(np.mean(v.astype(np.float64))), median=float(np.median(v)),
                mode=float(stats.mode(v, keepdims=False).mode), min=float(np.min(v)), max=float(np.max(v)),
                std=float(np.std(v.astype(np.float64))), mad=float(stats.median_abs_deviation(v)),
                count=int(v.size), sky=float(sigma_clipped_stats(v, sigma=3, maxiters=5)[1]))

${PY_HISTOGRAM_RECIPE}
f = f32.ravel(); f = f[~np.isnan(f)]
b = i16.ravel(); b = b[b != -32768]
print(json.dumps(dict(
    u16=st(u16.ravel()), u16region=st(u16[10:60, 5:95].ravel()), f32=st(f), i16=st(b),
    u16hist=quickanalysis_histogram(u16.ravel(), 0.001), f32hist=quickanalysis_histogram(f, 0.01),
    u16profile=profile_line(u16, (3.5, 2), (110, 97.25), order=1, mode='constant', cval=-1, linewidth=3).tolist(),
    f32profile=[None if x != x else float(x) for x in profile_line(f32, (0, 0), (79, 89), order=1, mode='constant', cval=-1)],
)))
`;

interface StatsRef {
  mean: number; median: number; mode: number; min: number; max: number; std: number; mad: number; count: number; sky: number;
}

function assertStats(out: Record<string, number>, ref: StatsRef, nanCount: number): void {
  assert.deepEqual(Object.keys(out), ['mean', 'median', 'mode', 'min', 'max', 'std', 'mad', 'count', 'nanCount', 'sky', 'noise', 'plane']);
  assert.equal(out.plane, 0, 'a 2-D image is plane 0');
  for (const k of ['median', 'mode', 'min', 'max', 'mad', 'count', 'sky'] as const) assert.equal(out[k], ref[k], k);
  assert.equal(out.nanCount, nanCount);
  assert.equal(out.noise, 1.4826 * ref.mad);
  for (const k of ['mean', 'std'] as const) assert.ok(Math.abs(out[k]! - ref[k]) <= 1e-12 * Math.abs(ref[k]), `${k} ${out[k]} vs ${ref[k]}`);
}

describe('nightdeck stats / histogram / profile on FITS files written by astropy and fpack', { skip: !loaderReady && 'the FITS reader (native-workers/fits/file.ts) is not there yet' }, () => {
  const tmp = makeTempDir('nightdeck-analysis-cli-');
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let ref: any;
  const run: Record<string, CliResult> = {};
  before(() => {
    requirePython('numpy', 'scipy', 'astropy', 'skimage');
    requireTool('fpack', 'libcfitsio-bin');
    ref = runPython(FIXTURE_SCRIPT, { dir: tmp.dir });
    const f = (name: string) => join(tmp.dir, name);
    const commands: Record<string, string[]> = {
      u16: ['stats', f('u16.fits'), '--json'],
      u16fz: ['stats', f('u16.fits.fz'), '--json'],
      region: ['stats', f('u16.fits'), '--region', '5,10,95,60', '--json'],
      f32: ['stats', f('f32-mef.fits'), '--json'],
      i16: ['stats', f('i16-blank.fits'), '--json'],
      histU16: ['histogram', f('u16.fits.fz'), '--clip', '0.001', '--json'],
      histF32: ['histogram', f('f32-mef.fits'), '--hdu', '1', '--clip', '0.01', '--json'],
      profU16: ['profile', f('u16.fits'), '--from', '2,3.5', '--to', '97.25,110', '--width', '3', '--json'],
      profF32: ['profile', f('f32-mef.fits'), '--from', '0,0', '--to', '89,79', '--json'],
      usage: ['profile', f('u16.fits'), '--from', '1,2'],
      missing: ['stats', f('nope.fits')],
    };
    const names = Object.keys(commands);
    const results = cliBatch(names.map((n) => commands[n]!));
    names.forEach((n, i) => (run[n] = results[i]!));
  });
  after(() => tmp.cleanup());

  test('stats --json of a uint16 frame and of the same frame fpack-compressed equal numpy/scipy/astropy', () => {
    for (const name of ['u16', 'u16fz']) {
      const r = run[name]!;
      assert.equal(r.status, 0, r.stderr);
      assertStats(JSON.parse(r.stdout), ref.u16, 0);
    }
  });
  test('stats --region x0,y0,x1,y1 takes columns x0..x1-1 and rows y0..y1-1', () => {
    const r = run.region!;
    assert.equal(r.status, 0, r.stderr);
    assertStats(JSON.parse(r.stdout), ref.u16region, 0);
  });
  test('stats defaults to the first image HDU with data and leaves NaN out (counted)', () => {
    const r = run.f32!;
    assert.equal(r.status, 0, r.stderr);
    assertStats(JSON.parse(r.stdout), ref.f32, 80 * 90 - ref.f32.count);
  });
  test('stats leaves BLANK pixels of integer data out (counted in nanCount)', () => {
    const r = run.i16!;
    assert.equal(r.status, 0, r.stderr);
    assertStats(JSON.parse(r.stdout), ref.i16, 40 * 50 - ref.i16.count);
  });
  test('histogram --clip --json equals the QuickAnalysis recipe in numpy (uint16 and float32 with NaN)', () => {
    const u = run.histU16!;
    assert.equal(u.status, 0, u.stderr);
    assert.deepEqual(JSON.parse(u.stdout), { ...ref.u16hist, plane: 0 });
    const f = run.histF32!;
    assert.equal(f.status, 0, f.stderr);
    assert.deepEqual(JSON.parse(f.stdout), { ...ref.f32hist, plane: 0 });
  });
  test('profile --json equals skimage profile_line (width 3 on uint16; NaN as null on float32)', () => {
    const u = run.profU16!;
    assert.equal(u.status, 0, u.stderr);
    assert.deepEqual(JSON.parse(u.stdout), { data: ref.u16profile, plane: 0 });
    const f = run.profF32!;
    assert.equal(f.status, 0, f.stderr);
    const data: (number | null)[] = JSON.parse(f.stdout).data;
    assert.equal(data.length, ref.f32profile.length);
    data.forEach((v, i) => {
      const want = ref.f32profile[i];
      if (want === null) assert.equal(v, null, `sample ${i}`);
      else assert.ok(Math.abs(v! - want) <= 1e-9 * Math.max(1, Math.abs(want)), `sample ${i}: ${v} vs ${want}`);
    });
  });
  test('an out-of-bounds region (real entry point), a malformed option and a missing file fail with one clear line and a non-zero status', () => {
    const bad = cli('stats', join(tmp.dir, 'u16.fits'), '--region', '0,0,101,10');
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /^BAD_REGION: /);
    const usage = run.usage!;
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /^USAGE: --to x,y is required/);
    const missing = run.missing!;
    assert.notEqual(missing.status, 0);
    assert.doesNotMatch(missing.stderr, /\n\s+at /, 'no stack trace');
  });
});
