/**
 * `nightdeck wcs` on frames astropy writes (TAN-SIP image, its fpack form, a galactic CAR map, a frame
 * without WCS): --json conversions equal astropy's all_pix2world / all_world2pix; no WCS is NO_WCS.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { requirePython, requireTool, runPython } from '../../helpers/python.js';
import { makeTempDir } from '../../helpers/tmp.js';
import wcsCommand from '../../../electron/cli/commands/wcs.js';

const cliProcess = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'electron/cli/main.ts', ...args], { encoding: 'utf8' });

async function cli(...args: string[]): Promise<{ status: number; stdout: string }> {
  let stdout = '';
  const status = await wcsCommand.run(args, { stdout: (t) => (stdout += t + '\n'), stderr: () => {} });
  return { status, stdout };
}

const PIXELS: Array<[number, number]> = [[0, 0], [255.5, 127.25], [511, 383], [-20, 400]];
const WORLDS: Array<[number, number]> = [[210.9, 54.4], [210.5, 54.1], [30.0, -60.0]];

const WRITE = String.raw`
import json, sys
import numpy as np
from astropy.io import fits
from astropy.wcs import WCS, Sip
inp = json.load(sys.stdin)
d = inp['dir']
w = WCS(naxis=2)
w.wcs.ctype = ['RA---TAN-SIP', 'DEC--TAN-SIP']
w.wcs.crval = [210.80227, 54.34895]
w.wcs.crpix = [256.5, 192.5]
w.wcs.cd = [[-2.1e-4, 1.3e-5], [1.25e-5, 2.09e-4]]
a = np.zeros((4, 4)); b = np.zeros((4, 4))
a[2, 0] = 3.1e-6; a[1, 1] = -1.9e-6; a[0, 2] = 2.2e-6; a[3, 0] = 4e-10
b[2, 0] = -1.2e-6; b[1, 1] = 2.6e-6; b[0, 2] = -3.3e-6; b[0, 3] = 3e-10
w.sip = Sip(a, b, None, None, w.wcs.crpix)
data = np.arange(512 * 384, dtype=np.float32).reshape(384, 512)
fits.PrimaryHDU(data, header=w.to_header(relax=True)).writeto(d + '/sip.fits', overwrite=True)
g = WCS(naxis=2)
g.wcs.ctype = ['GLON-CAR', 'GLAT-CAR']
g.wcs.crval = [0, 0]; g.wcs.crpix = [180.5, 90.5]; g.wcs.cdelt = [-1, 1]
fits.PrimaryHDU(np.zeros((180, 360), dtype=np.int16), header=g.to_header()).writeto(d + '/car.fits', overwrite=True)
fits.PrimaryHDU(np.zeros((10, 10), dtype=np.int16)).writeto(d + '/plain.fits', overwrite=True)
out = {}
for name, wcs in (('sip', WCS(fits.getheader(d + '/sip.fits'))), ('car', WCS(fits.getheader(d + '/car.fits')))):
    world = wcs.all_pix2world(inp['pixels'], 0)
    pix = wcs.all_world2pix(inp['worlds'], 0, tolerance=1e-10, maxiter=500, quiet=True)
    nn = lambda rows: [None if not np.all(np.isfinite(r)) else [float(v) for v in r] for r in rows]
    out[name] = {'world': nn(world), 'pixel': nn(pix), 'radesys': wcs.wcs.radesys}
print(json.dumps(out))
`;

let dir = '';
let cleanup = (): void => {};
let ref: Record<string, { world: Array<[number, number] | null>; pixel: Array<[number, number] | null>; radesys: string }> = {};

before(() => {
  requirePython('astropy');
  const tmp = makeTempDir('nightdeck-wcs-cli-');
  dir = tmp.dir;
  cleanup = tmp.cleanup;
  ref = runPython(WRITE, { dir, pixels: PIXELS, worlds: WORLDS });
});

after(() => cleanup());

const args = (file: string) => [
  join(dir, file),
  ...PIXELS.flatMap(([x, y]) => ['--pixel', `${x},${y}`]),
  ...WORLDS.flatMap(([l, b]) => ['--world', `${l},${b}`]),
  '--json',
];

function closeWorld(got: [number, number] | null, want: [number, number] | null, what: string): void {
  if (want === null || got === null) return assert.equal(got, want, what);
  const dl = Math.abs(((got[0] - want[0] + 540) % 360) - 180) * Math.cos((want[1] * Math.PI) / 180);
  assert.ok(dl < 3e-7 && Math.abs(got[1] - want[1]) < 3e-7, `${what}: ${got} vs astropy ${want}`);
}

function closePixel(got: [number, number] | null, want: [number, number] | null, what: string): void {
  if (want === null || got === null) return assert.equal(got, want, what);
  assert.ok(Math.abs(got[0] - want[0]) < 1e-3 && Math.abs(got[1] - want[1]) < 1e-3, `${what}: ${got} vs astropy ${want}`);
}

for (const [file, name, system] of [['sip.fits', 'sip', 'icrs'], ['car.fits', 'car', 'galactic']] as const) {
  test(`--json on ${file}: system, ctype and every conversion equal astropy`, async () => {
    const r = await cli(...args(file));
    assert.equal(r.status, 0);
    const out = JSON.parse(r.stdout);
    assert.equal(out.system, system);
    assert.equal(out.ctype.length, 2);
    assert.equal(out.distortion, name === 'sip' ? 'sip' : 'none');
    out.world.forEach((w: [number, number] | null, i: number) => closeWorld(w, ref[name]!.world[i]!, `pixel ${PIXELS[i]}`));
    out.pixel.forEach((p: [number, number] | null, i: number) => closePixel(p, ref[name]!.pixel[i]!, `world ${WORLDS[i]}`));
  });
}

test('the fpack-compressed frame carries the same WCS in its BINTABLE HDU (default HDU is the first with a WCS)', async () => {
  requireTool('fpack', 'libcfitsio-bin');
  const r0 = spawnSync('fpack', ['-O', join(dir, 'sip.fits.fz'), join(dir, 'sip.fits')], { encoding: 'utf8' });
  assert.equal(r0.status, 0, r0.stderr);
  const r = await cli(...args('sip.fits.fz'));
  const out = JSON.parse(r.stdout);
  assert.equal(out.hdu, 1);
  out.world.forEach((w: [number, number] | null, i: number) => closeWorld(w, ref.sip!.world[i]!, `pixel ${PIXELS[i]}`));
});

test('plain text lists the frame and each conversion; negative pixels are accepted', async () => {
  const r = await cli(join(dir, 'sip.fits'), '--pixel', '-20,400', '--world', '210.9,54.4');
  assert.equal(r.status, 0);
  assert.match(r.stdout, /RA---TAN-SIP DEC--TAN-SIP\s+system icrs, projection TAN, distortion sip/);
  assert.match(r.stdout, /pixel -20,400 -> 2\d\d\.\d{8} \+54\.\d{8}\s+\(14:\d\d:\d\d\.\d{3} \+54:\d\d:\d\d\.\d\d\)/);
  assert.match(r.stdout, /world 210\.9,54\.4 -> pixel -?\d+\.\d{4},-?\d+\.\d{4}/);
});

test('a frame without a celestial WCS fails with NO_WCS; bad arguments are usage errors', () => {
  const r = cliProcess('wcs', join(dir, 'plain.fits'), '--pixel', '1,2');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^NO_WCS: no HDU of the file has a celestial WCS/);
  const h = cliProcess('wcs', join(dir, 'plain.fits'), '--hdu', '0');
  assert.match(h.stderr, /^NO_WCS: HDU 0 has no celestial WCS/);
  const u = cliProcess('wcs', join(dir, 'sip.fits'), '--pixel', '1;2');
  assert.equal(u.status, 2);
  assert.match(u.stderr, /^USAGE: --pixel must be two comma-separated numbers/);
  const lat = cliProcess('wcs', join(dir, 'sip.fits'), '--world', '10,95');
  assert.equal(lat.status, 2);
});
