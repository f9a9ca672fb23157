/**
 * The contract over HTTP against a real host (temporary data dir, a night folder of frames
 * written by astropy, server on 127.0.0.1:0): valid, invalid and unauthorized requests,
 * limits, the event stream and the scripts' /api/images.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { WebSocket } from 'ws';
import { makeTempDir } from '../../helpers/tmp.js';
import { runPython } from '../../helpers/python.js';
import { writeFramesWithAstropy, startTestServer, waitFor, waitForFrames, api, postJson, type TestServer } from './host-fixtures.js';
import { startServer } from '../../../electron/host/server/http-server.js';

describe('host HTTP API', () => {
  const night = makeTempDir('nightdeck-night-');
  let s: TestServer;
  let uintId = 0;

  before(async () => {
    writeFramesWithAstropy(night.dir, [
      { rel: 'a-uint16.fits', width: 64, height: 48, dtype: 'uint16', seed: 1, header: { OBJECT: 'M42', FILTER: 'V', EXPTIME: 30, 'DATE-OBS': '2026-11-20T03:00:00' } },
      { rel: 'b-float.fits', width: 40, height: 30, dtype: 'float32', seed: 2, nans: true, header: { OBJECT: 'M1', FILTER: 'R' } },
    ]);
    s = await startTestServer({ sources: { folders: [{ path: night.dir, recursive: true }] } });
    const frames = await waitForFrames(s.url, 2);
    uintId = frames.find((f) => f.name === 'a-uint16.fits')!.id;
  });

  after(async () => {
    await s?.cleanup();
    night.cleanup();
  });

  test('getVersion answers name, version and the serve mode in the ok envelope', async () => {
    const r = await api(s.url, 'getVersion');
    assert.equal(r.status, 200);
    assert.equal(r.json.ok, true);
    assert.equal(r.json.result.name, 'nightdeck');
    assert.equal(r.json.result.mode, 'serve');
    assert.equal(r.json.result.demo, false);
  });

  test('listFrames and /api/images list the folder frames with their header fields', async () => {
    const r = await api(s.url, 'listFrames', { sort: 'name', order: 'asc' });
    assert.deepEqual(r.json.result.frames.map((f: { name: string }) => f.name), ['a-uint16.fits', 'b-float.fits']);
    const a = r.json.result.frames[0];
    assert.deepEqual(a.shape, [64, 48]);
    assert.equal(a.object, 'M42');
    assert.equal(a.exptime, 30);
    const images = (await (await fetch(`${s.url}/api/images?limit=1`)).json()) as { images: Record<string, unknown>[] };
    assert.equal(images.images.length, 1);
    for (const key of ['id', 'key', 'name', 'night', 'status']) assert.ok(key in images.images[0], key);
    const bad = await fetch(`${s.url}/api/images?limit=abc`);
    assert.equal(bad.status, 400);
  });

  test('an unknown operation is 404 and an invalid request is 400 BAD_REQUEST with the zod issues', async () => {
    const unknown = await api(s.url, 'noSuchThing');
    assert.equal(unknown.status, 404);
    assert.equal(unknown.json.error.code, 'NOT_FOUND');
    const invalid = await api(s.url, 'getStatistics', { id: 'seven' });
    assert.equal(invalid.status, 400);
    assert.equal(invalid.json.error.code, 'BAD_REQUEST');
    assert.ok(Array.isArray(invalid.json.error.details) && invalid.json.error.details[0].path[0] === 'id');
  });

  test('a missing frame id is 404 NOT_FOUND', async () => {
    const r = await api(s.url, 'getFrame', { id: 99999 });
    assert.equal(r.status, 404);
    assert.equal(r.json.error.code, 'NOT_FOUND');
  });

  test('malformed JSON is 400 and a body over 1 MB is 413, without stack traces', async () => {
    const malformed = await postJson(`${s.url}/api/getVersion`, '{"unclosed": ');
    assert.equal(malformed.status, 400);
    assert.equal(malformed.json.error.code, 'BAD_REQUEST');
    const big = await postJson(`${s.url}/api/listFrames`, JSON.stringify({ text: 'x'.repeat(1024 * 1024 + 10) }));
    assert.equal(big.status, 413);
    assert.doesNotMatch(JSON.stringify(malformed.json) + JSON.stringify(big.json), /at .*\.(ts|js):\d+/);
  });

  test('GET on an operation is 405 and contract routes carry no CORS header', async () => {
    const r = await fetch(`${s.url}/api/getVersion`);
    assert.equal(r.status, 405);
    const ok = await api(s.url, 'getVersion');
    assert.equal(ok.headers.get('access-control-allow-origin'), null);
  });

  test('getFrame returns every HDU header card of a listed frame', async () => {
    const r = await api(s.url, 'getFrame', { id: uintId });
    assert.equal(r.status, 200);
    const cards = r.json.result.headers[0];
    assert.equal(cards.find((c: { key: string }) => c.key === 'OBJECT').value, 'M42');
    const header = await api(s.url, 'getHeader', { id: uintId, hdu: 5 });
    assert.equal(header.status, 400);
    assert.equal(header.json.error.code, 'BAD_HDU');
  });

  test('getStatistics equals numpy/scipy on the frame astropy wrote', async () => {
    const r = await api(s.url, 'getStatistics', { id: uintId, region: { x0Px: 3, y0Px: 2, x1Px: 50, y1Px: 40 } });
    assert.equal(r.status, 200, JSON.stringify(r.json));
    const ref = runPython<Record<string, number>>(
      `
import sys, json, numpy as np
from astropy.io import fits
from scipy import stats
p = json.load(sys.stdin)
a = fits.getdata(p['path']).astype(np.float64)[2:40, 3:50].ravel()
print(json.dumps({'median': float(np.median(a)), 'mean': float(np.mean(a)), 'std': float(np.std(a)), 'min': float(a.min()), 'max': float(a.max()),
  'mad': float(stats.median_abs_deviation(a)), 'mode': float(stats.mode(a, keepdims=False).mode), 'count': int(a.size)}))
`,
      { path: join(night.dir, 'a-uint16.fits') },
    );
    const st = r.json.result;
    for (const k of ['median', 'min', 'max', 'mad', 'mode', 'count'] as const) assert.equal(st[k], ref[k], k);
    for (const k of ['mean', 'std'] as const) assert.ok(Math.abs(st[k] - ref[k]!) <= 1e-12 * Math.abs(ref[k]!), k);
  });

  test('an out-of-bounds region is a 400 typed error', async () => {
    const r = await api(s.url, 'getStatistics', { id: uintId, region: { x0Px: 0, y0Px: 0, x1Px: 500, y1Px: 10 } });
    assert.equal(r.status, 400);
    assert.match(r.json.error.code, /BAD_REGION|BAD_ARGUMENT/);
  });

  test('getPixel reads the value astropy wrote and refuses a pixel outside the image', async () => {
    const r = await api(s.url, 'getPixel', { id: uintId, x: 21, y: 24 });
    assert.equal(r.status, 200, JSON.stringify(r.json));
    assert.equal(r.json.result.value, 65000);
    const out = await api(s.url, 'getPixel', { id: uintId, x: 64, y: 0 });
    assert.equal(out.status, 400);
  });

  test('getPreview sends little-endian float32 pixels of the binned frame', async () => {
    const r = await api(s.url, 'getPreview', { id: uintId, maxWidth: 32, maxHeight: 32 });
    assert.equal(r.status, 200, JSON.stringify(r.json));
    const p = r.json.result;
    assert.equal(p.dtype, 'float32');
    assert.equal(p.binFactor, 2);
    assert.equal(p.width, 32);
    assert.equal(p.height, 24);
    const bytes = Buffer.from(p.data, 'base64');
    assert.equal(bytes.length, p.width * p.height * 4);
    const ref = runPython<number>(
      `
import sys, json, numpy as np
from astropy.io import fits
a = fits.getdata(json.load(sys.stdin)).astype(np.float64)
print(json.dumps(float(a[0:2, 0:2].mean())))
`,
      join(night.dir, 'a-uint16.fits'),
    );
    assert.ok(Math.abs(bytes.readFloatLE(0) - ref) < 1e-3);
  });

  test('openFrame decodes the frame and reports its HDUs and size', async () => {
    const r = await api(s.url, 'openFrame', { id: uintId });
    assert.equal(r.status, 200, JSON.stringify(r.json));
    assert.equal(r.json.result.width, 64);
    assert.equal(r.json.result.height, 48);
    assert.equal(r.json.result.hdu, 0);
    assert.equal(r.json.result.wcs, null);
    assert.equal(typeof r.json.result.wcsCards, 'object');
    assert.equal(r.json.result.wcsCards.CTYPE1, undefined);
  });

  test('whole-frame statistics and quality are stored, announced and plotted in the night trends', async () => {
    const events: { event: string; payload: { id: number; kind?: string } }[] = [];
    const off = s.host.onAny((event, payload) => events.push({ event, payload: payload as { id: number } }));
    const stats = await api(s.url, 'getStatistics', { id: uintId });
    const quality = await api(s.url, 'getQuality', { id: uintId });
    off();
    assert.equal(stats.status, 200);
    assert.equal(quality.status, 200, JSON.stringify(quality.json));
    assert.ok(events.some((e) => e.event === 'analysisResult' && e.payload.id === uintId && e.payload.kind === 'quality'));
    assert.ok(events.some((e) => e.event === 'imageUpdated' && e.payload.id === uintId));
    const row = (await api(s.url, 'getFrame', { id: uintId })).json.result;
    assert.equal(row.stats.median, stats.json.result.median);
    const night = row.night;
    const trends = await api(s.url, 'getTrends', { night });
    const point = trends.json.result.points.find((p: { id: number }) => p.id === uintId);
    assert.equal(point.median, stats.json.result.median);
    assert.equal(point.starCount, quality.json.result.starCount);
  });

  test('setSources refuses a folder that does not exist, listing the field', async () => {
    const r = await api(s.url, 'setSources', { folders: [{ path: '/nonexistent/nightdeck/night' }] });
    assert.equal(r.status, 400);
    assert.equal(r.json.error.code, 'INVALID_SOURCES');
    assert.equal(r.json.error.details.problems[0].field, 'folders.0.path');
  });

  test('setSettings validates values and persists them', async () => {
    const bad = await api(s.url, 'setSettings', { pollIntervalS: -1 });
    assert.equal(bad.status, 400);
    const ok = await api(s.url, 'setSettings', { siteLongitudeDeg: 10 });
    assert.equal(ok.status, 200);
    assert.equal((await api(s.url, 'getSettings')).json.result.siteLongitudeDeg, 10);
  });

  test('the event stream delivers imageAdded for a frame dropped into the watched folder', async () => {
    const ws = new WebSocket(`${s.url.replace('http', 'ws')}/api/events`);
    const messages: { event: string; payload: { name?: string } }[] = [];
    ws.on('message', (m) => messages.push(JSON.parse(String(m))));
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    try {
      writeFramesWithAstropy(night.dir, [{ rel: 'c-new.fits', width: 16, height: 16, dtype: 'int16', seed: 3 }]);
      const added = await waitFor(() => messages.find((m) => m.event === 'imageAdded' && m.payload.name === 'c-new.fits'), 60_000, 'imageAdded');
      assert.equal(added.payload.name, 'c-new.fits');
    } finally {
      ws.close();
    }
  });

  test('a WebSocket on another path is refused', async () => {
    const ws = new WebSocket(`${s.url.replace('http', 'ws')}/api/nope`);
    const err = await new Promise<Error>((resolve) => ws.once('error', resolve));
    assert.match(err.message, /404/);
  });

  test('without a built renderer / explains how to build it', async () => {
    const page = await fetch(`${s.url}/`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /npm run build:renderer/);
  });

  test('binding a non-loopback address without --auth or --insecure is refused', async () => {
    await assert.rejects(startServer(s.host, { host: '0.0.0.0', port: 0 }), (err: { code?: string }) => err.code === 'FORBIDDEN');
  });

  test('with auth every data route needs a valid API key (FPS_API or Bearer)', async () => {
    const users = s.host.services.users as unknown as { add(u: object): { apiKey: string } };
    const { apiKey } = users.add({ username: 'obs1', email: 'o@example.org', first: 'O', last: 'B', role: 'observer' });
    const authed = await startServer(s.host, { port: 0, auth: true, rendererDir: '/nonexistent' });
    try {
      assert.equal((await api(authed.url, 'getVersion')).status, 401);
      assert.equal((await api(authed.url, 'getVersion', {}, { authorization: 'Bearer wrong' })).status, 401);
      assert.equal((await api(authed.url, 'getVersion', {}, { authorization: `Bearer ${apiKey}` })).status, 200);
      assert.equal((await api(authed.url, 'getVersion', {}, { authorization: `FPS_API APIKEY=${apiKey}` })).status, 200);
      assert.equal((await fetch(`${authed.url}/api/images`)).status, 401);
      const qa = await fetch(`${authed.url}/statistics`, { method: 'POST', body: '{}' });
      assert.equal(qa.status, 401);
      assert.equal((await fetch(`${authed.url}/thumbnail/a-uint16/`)).status, 401);
      assert.equal((await fetch(`${authed.url}/fplane/`)).status, 401);
      assert.equal((await fetch(`${authed.url}/api/images?apikey=${apiKey}`)).status, 200);
      const wsUrl = `${authed.url.replace('http', 'ws')}/api/events`;
      const refused = new WebSocket(wsUrl);
      const err = await new Promise<Error>((resolve) => refused.once('error', resolve));
      assert.match(err.message, /401/);
      const accepted = new WebSocket(`${wsUrl}?apikey=${apiKey}`);
      await new Promise((resolve, reject) => {
        accepted.once('open', resolve);
        accepted.once('error', reject);
      });
      accepted.close();
    } finally {
      await authed.close();
    }
  });

  test('setSources replaces the sources with a valid folder, saves them and lists it', async () => {
    const other = makeTempDir('nightdeck-other-');
    try {
      const r = await api(s.url, 'setSources', { folders: [{ path: other.dir }] });
      assert.equal(r.status, 200, JSON.stringify(r.json));
      assert.deepEqual(r.json.result.sources.map((x: { config: { path?: string } }) => x.config.path), [other.dir]);
      const saved = JSON.parse(readFileSync(join(s.dataDir, 'settings.json'), 'utf8'));
      assert.deepEqual(saved.sources.folders, [{ path: other.dir }]);
    } finally {
      other.cleanup();
    }
  });
});
