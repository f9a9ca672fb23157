/**
 * Archive export through the host: the MEF (optionally Rice-compressed) and the cube + keyword
 * table open in astropy with the original pixels and headers; progress events arrive; frames
 * of different shapes cannot form a cube; the CLI writes the same archive.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { makeTempDir } from '../../helpers/tmp.js';
import { requirePython, runPython } from '../../helpers/python.js';
import { writeFramesWithAstropy, startTestServer, waitForFrames, api, type TestServer } from './host-fixtures.js';
import { HostError } from '../../../electron/host/errors.js';

const COMPARE = `
import sys, json, numpy as np
from astropy.io import fits
def compare(job):
  out = {}
  with fits.open(job['archive']) as h:
      out['kinds'] = [type(x).__name__ for x in h]
      if job['format'] == 'mef':
          exts = [x for x in h[1:] if x.data is not None]
          out['equal'] = [bool(np.array_equal(x.data, fits.getdata(p))) for x, p in zip(exts, job['frames'])]
          out['objects'] = [x.header.get('OBJECT') for x in exts]
          out['extnames'] = [x.header.get('EXTNAME') for x in exts]
      else:
          cube = h[0].data
          out['shape'] = list(cube.shape)
          out['equal'] = [bool(np.array_equal(cube[i], fits.getdata(p))) for i, p in enumerate(job['frames'])]
          t = h['FRAMES'].data
          out['names'] = [str(v) for v in t['NAME']]
          out['objects'] = [str(v) for v in t['OBJECT']]
          out['exptime'] = [float(v) for v in t['EXPTIME']]
  return out
job = json.load(sys.stdin)
print(json.dumps([compare(dict(j, frames=job['frames'])) for j in job['archives']]))
`;

describe('archive export', () => {
  const night = makeTempDir('nightdeck-export-');
  let s: TestServer;
  let ids: number[] = [];
  const names = ['f1.fits', 'f2.fits', 'f3.fits'];

  before(async () => {
    requirePython('astropy', 'numpy');
    writeFramesWithAstropy(night.dir, [
      ...names.map((rel, i) => ({ rel, width: 40, height: 24, dtype: 'uint16' as const, seed: 20 + i, header: { OBJECT: `T${i}`, EXPTIME: 10 * (i + 1), FILTER: 'V' } })),
      { rel: 'odd.fits', width: 10, height: 10, dtype: 'float32', seed: 30 },
    ]);
    s = await startTestServer({ sources: { folders: [{ path: night.dir }] } });
    const frames = await waitForFrames(s.url, 4);
    ids = names.map((n) => frames.find((f) => f.name === n)!.id);
  });

  after(async () => {
    await s?.cleanup();
    night.cleanup();
  });

  const frames = () => names.map((n) => join(night.dir, n));

  /** The three archives (HTTP MEF, in-process cube, CLI MEF), made once and read back by one astropy run. */
  let made: { mef: any; cube: any; cli: { status: number | null; stdout: string; stderr: string }; progress: { done: number; total: number }[]; astropy: any[] } | null = null;
  async function archives() {
    if (made) return made;
    const progress: { done: number; total: number }[] = [];
    const off = s.host.on('exportProgress', (p) => progress.push(p));
    const mef = await api(s.url, 'exportArchive', { ids, format: 'mef', compress: true, outPath: 'night-mef.fits' });
    off();
    const cube = await s.host.invoke('exportArchive', { ids, format: 'cube', keywords: ['OBJECT', 'EXPTIME'] });
    const out = join(night.dir, 'cli.fits');
    const child = spawn(process.execPath, ['--import', 'tsx', 'electron/cli/main.ts', 'export', '--ids', ids.join(','), '--format', 'mef', '--out', out, '--json'], {
      env: { ...process.env, NIGHTDECK_HOME: s.dataDir, NIGHTDECK_LOG_LEVEL: 'silent' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const [status] = (await once(child, 'exit')) as [number | null];
    const archivesToRead = [{ archive: mef.json.result?.path, format: 'mef' }, { archive: cube.path, format: 'cube' }];
    if (status === 0) archivesToRead.push({ archive: out, format: 'mef' });
    const astropy = runPython<any[]>(COMPARE, { archives: archivesToRead, frames: frames() });
    made = { mef, cube, cli: { status, stdout, stderr }, progress, astropy };
    return made;
  }

  test('MEF with Rice compression opens in astropy with the pixels and headers of each frame', async () => {
    const { mef: r, astropy, progress } = await archives();
    assert.equal(r.status, 200, JSON.stringify(r.json));
    assert.equal(r.json.result.frames, 3);
    assert.ok(r.json.result.path.startsWith(join(s.dataDir, 'exports')), 'the headless host writes only into its exports folder');
    const got = astropy[0];
    assert.deepEqual(got.equal, [true, true, true]);
    assert.deepEqual(got.objects, ['T0', 'T1', 'T2']);
    assert.ok(got.kinds.includes('CompImageHDU'), got.kinds.join());
    assert.deepEqual(progress.at(-1), { done: 3, total: 3 });
    const download = await fetch(`${s.url}/api/exports/night-mef.fits`);
    assert.equal(download.status, 200);
    assert.equal(Number(download.headers.get('content-length')), r.json.result.bytes);
    assert.equal((await fetch(`${s.url}/api/exports/..%2fnightdeck.db`)).status, 404);
  });

  test('cube of equal shapes + FRAMES table of chosen keywords opens in astropy', async () => {
    const got = (await archives()).astropy[1];
    assert.deepEqual(got.shape, [3, 24, 40]);
    assert.deepEqual(got.equal, [true, true, true]);
    assert.deepEqual(got.names, names);
    assert.deepEqual(got.objects, ['T0', 'T1', 'T2']);
    assert.deepEqual(got.exptime, [10, 20, 30]);
  });

  test('nightdeck export writes the same archive from the command line', async () => {
    const { cli, astropy } = await archives();
    assert.equal(cli.status, 0, cli.stderr);
    assert.equal(JSON.parse(cli.stdout.trim().split('\n').pop()!).frames, 3);
    assert.deepEqual(astropy[2].equal, [true, true, true]);
  });

  test('frames of different shapes cannot form a cube (400), and export paths cannot escape', async () => {
    const all = (await api(s.url, 'listFrames', {})).json.result.frames.map((f: { id: number }) => f.id);
    const r = await api(s.url, 'exportArchive', { ids: all, format: 'cube' });
    assert.equal(r.status, 400);
    assert.equal(r.json.error.code, 'BAD_ARGUMENT');
    const escape = await s.host.invoke('exportArchive', { ids: [ids[0]!], format: 'mef', outPath: '../../../tmp/evil.fits' });
    assert.ok(escape.path.startsWith(join(s.dataDir, 'exports')));
    await assert.rejects(s.host.invoke('exportArchive', { ids: [999999], format: 'mef' }), (e: HostError) => e.code === 'NOT_FOUND');
  });
});
