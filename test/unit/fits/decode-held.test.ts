/**
 * A decode that waits for a worker thread keeps its process alive while the worker holds the
 * job, and lets it exit once the worker is idle. A script that calls loadImage on a large .fz
 * or .bz2 must end with exit code 0 and the right pixels, never with "unsettled top-level
 * await" (the worker unref'd while busy) nor by hanging (the worker left ref'd when idle).
 * The worker is made slow on purpose (test/helpers/slow-threads.ts), as a busy core makes it.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { requirePython, requireTool, runPython } from '../../helpers/python.js';
import { makeTempDir } from '../../helpers/tmp.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const CHILD = fileURLToPath(new URL('../../helpers/held-decode-child.ts', import.meta.url));
/** How long the slow worker blocks while it holds its job. */
const HOLD_MS = 600;

/** A 2048² int16 sky with noise (so that bzip2 leaves several MB: the worker path), and the sha256 of the pixels astropy reads. */
const MAKE_FRAME = `
import sys, json, hashlib, numpy as np
from astropy.io import fits
d = json.load(sys.stdin)['dir']
rng = np.random.default_rng(20261206)
a = rng.normal(1000, 40, (2048, 2048))
yy, xx = np.mgrid[0:2048, 0:2048]
for _ in range(30):
    x, y = rng.uniform(0, 2048, 2)
    a += 15000 * np.exp(-((xx - x) ** 2 + (yy - y) ** 2) / (2 * 3.0 ** 2))
fits.PrimaryHDU(a.clip(-32768, 32767).astype('>i2')).writeto(f'{d}/frame.fits', overwrite=True)
def sha(path, hdu):
    with fits.open(path) as f:
        return hashlib.sha256(np.ascontiguousarray(f[hdu].data, dtype='<i2').tobytes()).hexdigest()
print(json.dumps({'fits': sha(f'{d}/frame.fits', 0)}))
`;

const READ_BACK = `
import sys, json, hashlib, numpy as np
from astropy.io import fits
p = json.load(sys.stdin)
with fits.open(p['path']) as f:
    print(json.dumps({'sha256': hashlib.sha256(np.ascontiguousarray(f[p['hdu']].data, dtype='<i2').tobytes()).hexdigest()}))
`;

interface ChildReport {
  round: number;
  sha256: string;
  type: string;
  length: number;
  workerChunks?: number;
  workerJobs?: number;
}

/** What the child printed for each of its two decodes. */
function runChild(file: string, kind: 'rice' | 'bzip2'): ChildReport[] {
  const r = spawnSync(process.execPath, ['--import', 'tsx', CHILD, file, kind, String(HOLD_MS)], {
    cwd: ROOT,
    encoding: 'utf8',
    // Generous: a loaded machine is slow, but a child that never exits must not hang the suite.
    timeout: 180_000,
  });
  assert.equal(r.signal, null, `the child did not exit by itself (worker left ref'd?): ${r.stderr}`);
  assert.doesNotMatch(r.stderr, /unsettled top-level await/i, 'the child ended while awaiting its worker');
  assert.equal(r.status, 0, `child exit ${r.status}: ${r.stderr}`);
  const rounds = r.stdout.trim().split('\n').map((line) => JSON.parse(line) as ChildReport);
  assert.deepEqual(rounds.map((x) => x.round), [1, 2], 'a fresh worker, then the same worker once idle');
  return rounds;
}

describe('a script awaiting a slow decode worker stays alive until it answers, then exits by itself', () => {
  const { dir, cleanup } = makeTempDir('nightdeck-held-');
  let astropySha = '';

  before(() => {
    requirePython('astropy', 'numpy');
    requireTool('fpack', 'libcfitsio-bin');
    requireTool('bzip2', 'bzip2');
    astropySha = runPython<{ fits: string }>(MAKE_FRAME, { dir }, 300_000).fits;
    const fpack = spawnSync('fpack', ['-r', '-O', join(dir, 'frame.fz'), join(dir, 'frame.fits')], { encoding: 'utf8' });
    assert.equal(fpack.status, 0, fpack.stderr);
    const bz = spawnSync('bzip2', ['-k', '-9', join(dir, 'frame.fits')], { encoding: 'utf8' });
    assert.equal(bz.status, 0, bz.stderr);
  });
  after(cleanup);

  test('loadImage on a large .fz, its Rice worker holding a chunk: exit 0, the pixels astropy reads', () => {
    const fromFz = runPython<{ sha256: string }>(READ_BACK, { path: join(dir, 'frame.fz'), hdu: 1 }).sha256;
    assert.equal(fromFz, astropySha, 'astropy reads the .fz as the .fits');
    for (const child of runChild(join(dir, 'frame.fz'), 'rice')) {
      assert.equal(child.type, 'Int16Array');
      assert.equal(child.length, 2048 * 2048);
      assert.ok(child.workerChunks! > 0, `round ${child.round}: the slow worker decoded the chunk it held`);
      assert.equal(child.sha256, astropySha, `round ${child.round}`);
    }
  });

  test('loadImage on a large .bz2, its bzip2 worker slow on every block: exit 0, the pixels astropy reads', () => {
    const fromBz2 = runPython<{ sha256: string }>(READ_BACK, { path: join(dir, 'frame.fits.bz2'), hdu: 0 }).sha256;
    assert.equal(fromBz2, astropySha, 'astropy reads the .bz2 as the .fits');
    for (const child of runChild(join(dir, 'frame.fits.bz2'), 'bzip2')) {
      assert.equal(child.type, 'Int16Array');
      assert.ok(child.workerJobs! > 0, `round ${child.round}: blocks were handed to the slow worker`);
      assert.equal(child.sha256, astropySha, `round ${child.round}`);
    }
  });
});
