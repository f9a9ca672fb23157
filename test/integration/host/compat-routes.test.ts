/**
 * The QuickAnalysis, FPlaneServer and thumbnail-compatible routes against a real host. The
 * expected numbers are QuickAnalysis' own arithmetic (np.rint subregions, numpy/scipy
 * statistics, its clipped-histogram recipe, skimage.profile_line) run by Python on the file
 * astropy wrote.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import sharp from 'sharp';
import { makeTempDir } from '../../helpers/tmp.js';
import { requirePython, runPython } from '../../helpers/python.js';
import { writeFramesWithAstropy, startTestServer, waitForFrames, postJson, type TestServer } from './host-fixtures.js';

const QA_REFERENCE = `
import sys, json, numpy as np
from astropy.io import fits
from scipy import stats
from skimage.measure import profile_line
job = json.load(sys.stdin)
data = fits.getdata(job['path'])
H, W = data.shape
def sub(r):
    ys = int(np.rint(min(r['y0'], r['y1']) * H)); ye = int(np.rint(max(r['y0'], r['y1']) * H))
    xs = int(np.rint(min(r['x0'], r['x1']) * W)); xe = int(np.rint(max(r['x0'], r['x1']) * W))
    return data[ys:ye, xs:xe]
def st(a):
    return {'median': float(np.median(a)), 'mean': float(np.mean(a)), 'mode': float(stats.mode(a.flatten(), keepdims=False).mode),
            'min': float(np.min(a)), 'max': float(np.max(a)), 'std': float(np.std(a)),
            'median_abs_deviation': float(stats.median_abs_deviation(a.flatten()))}
def qa_hist(arr, clip):
    low, high = np.min(arr), np.max(arr)
    if clip is not None:
        low = np.percentile(arr, clip * 100); high = np.percentile(arr, 100 - clip * 100)
    for bs in range(1, 20):
        q, r = divmod(high - low, bs)
        if q + 1 < 5000:
            nb = q + 1; break
    edges = np.arange(low, low + nb * bs + 1, bs)
    c, e = np.histogram(arr, bins=edges)
    return {'counts': [int(x) for x in c], 'edges': [float(x) for x in e]}
def prof(s, e):
    p1 = [(H - 1) - s['y'] * (H - 1), s['x'] * (W - 1)]
    p2 = [(H - 1) - e['y'] * (H - 1), e['x'] * (W - 1)]
    return [float(v) for v in profile_line(data, p1, p2, mode='constant', cval=-1)]
out = {'full': st(data), 'sub': st(sub(job['region'])), 'hist': qa_hist(sub(job['region']), job['clip']),
       'histFull': qa_hist(data, None), 'profile': prof(job['start'], job['end'])}
print(json.dumps(out))
`;

function assertClose(actual: number, expected: number, what: string, rel = 1e-12): void {
  assert.ok(Math.abs(actual - expected) <= rel * Math.max(1, Math.abs(expected)), `${what}: ${actual} vs ${expected}`);
}

describe('QuickAnalysis, FPlaneServer and thumbnail-compatible routes', () => {
  const night = makeTempDir('nightdeck-qa-');
  let s: TestServer;
  const region = { x0: 0.61, x1: 0.1, y0: 0.25, y1: 0.8 };
  const start = { x: 0.1, y: 0.9 };
  const end = { x: 0.85, y: 0.2 };
  let ref: any;

  before(async () => {
    requirePython('astropy', 'numpy', 'scipy', 'skimage');
    writeFramesWithAstropy(night.dir, [
      { rel: 'data/tst-test-20201112-00000058-EX10.fits', width: 64, height: 48, dtype: 'uint16', seed: 11, header: { OBJECT: 'M42', FILTER: 'V' } },
      { rel: 'data/busy.fits', width: 128, height: 128, dtype: 'uint16', seed: 12 },
      { rel: 'root-frame.fits', width: 20, height: 10, dtype: 'float32', seed: 13 },
      { rel: 'data/m42-red.fits', width: 64, height: 48, dtype: 'uint16', seed: 14, header: { OBJECT: 'M42', FILTER: 'R' } },
      { rel: 'data/m42-blue.fits', width: 64, height: 48, dtype: 'uint16', seed: 15, header: { OBJECT: 'M42', FILTER: 'B' } },
    ]);
    s = await startTestServer({ sources: { folders: [{ path: night.dir, recursive: true }] } });
    await waitForFrames(s.url, 5);
    ref = runPython(QA_REFERENCE, {
      path: join(night.dir, 'data/tst-test-20201112-00000058-EX10.fits'),
      region,
      clip: 0.01,
      start,
      end,
    });
  });

  after(async () => {
    await s?.cleanup();
    night.cleanup();
  });

  const qaBody = { full_filename: 'tst-test-20201112-00000058-EX10.fits', s3_directory: 'data' };

  test('POST /statistics equals QuickAnalysis arithmetic on the whole frame and echoes params', async () => {
    const r = await postJson(`${s.url}/statistics`, qaBody);
    assert.equal(r.status, 200, JSON.stringify(r.json));
    assert.equal(r.json.success, true);
    assert.deepEqual(r.json.params, qaBody);
    for (const k of Object.keys(ref.full)) assertClose(r.json.stats[k], ref.full[k], k);
    assert.equal(r.headers.get('access-control-allow-origin'), '*');
  });

  test('POST /statistics with a relative subregion uses rint(min·H)..rint(max·H) rows and columns', async () => {
    const r = await postJson(`${s.url}/statistics`, { ...qaBody, subregion: region });
    assert.equal(r.status, 200, JSON.stringify(r.json));
    for (const k of Object.keys(ref.sub)) assertClose(r.json.stats[k], ref.sub[k], k);
  });

  test('POST /histogram-clipped equals the QuickAnalysis recipe (counts, edges, stats)', async () => {
    const r = await postJson(`${s.url}/histogram-clipped`, { ...qaBody, subregion: region, clip_percent: 0.01 });
    assert.equal(r.status, 200, JSON.stringify(r.json));
    assert.deepEqual(r.json.histogram.counts, ref.hist.counts);
    assert.equal(r.json.histogram.edges.length, ref.hist.edges.length);
    r.json.histogram.edges.forEach((e: number, i: number) => assertClose(e, ref.hist.edges[i], `edge ${i}`));
    assertClose(r.json.histogram.stats.median, ref.sub.median, 'median');
  });

  test('POST /lineprofile samples as skimage.profile_line from (x·(W−1), (H−1)−y·(H−1))', async () => {
    const r = await postJson(`${s.url}/lineprofile`, { ...qaBody, start, end });
    assert.equal(r.status, 200, JSON.stringify(r.json));
    assert.deepEqual(r.json.start, [start.x, start.y]);
    assert.equal(r.json.data.length, ref.profile.length);
    r.json.data.forEach((v: number, i: number) => assertClose(v, ref.profile[i], `sample ${i}`, 1e-9));
  });

  test('GET /lineprofiledisplay returns the line image and the profile', async () => {
    const q = new URLSearchParams({ filename: qaBody.full_filename, s3_directory: 'data', x0: '0.1', y0: '0.9', x1: '0.85', y1: '0.2' });
    const r = await fetch(`${s.url}/lineprofiledisplay?${q}`);
    assert.equal(r.status, 200);
    const html = await r.text();
    assert.match(html, /^<img src='data:image\/png;base64,/);
  });

  test('a frame outside any directory resolves at the folder root', async () => {
    const r = await postJson(`${s.url}/statistics`, { full_filename: 'root-frame.fits' });
    assert.equal(r.status, 200, JSON.stringify(r.json));
  });

  test('a missing frame is 400 with the service message', async () => {
    const r = await postJson(`${s.url}/statistics`, { full_filename: 'nope.fits', s3_directory: 'data' });
    assert.equal(r.status, 400);
    assert.deepEqual(r.json, { success: false, message: 'Image does not exist: data/nope.fits.' });
  });

  test('invalid input is 400 with a message: coordinates outside [0, 1], missing fields, wrong types, bad JSON', async () => {
    const cases: unknown[] = [
      { ...qaBody, start: { x: 1.5, y: 0 }, end: { x: 0, y: 0 } },
      { s3_directory: 'data' },
      { ...qaBody, full_filename: 42 },
      { ...qaBody, subregion: { x0: 'a', x1: 1, y0: 0, y1: 1 } },
    ];
    const routes = ['/lineprofile', '/statistics', '/statistics', '/statistics'];
    for (let i = 0; i < cases.length; i++) {
      const r = await postJson(`${s.url}${routes[i]}`, cases[i]);
      assert.equal(r.status, 400, `case ${i}: ${JSON.stringify(r.json)}`);
      assert.equal(r.json.success, false);
      assert.equal(typeof r.json.message, 'string');
    }
    const bad = await postJson(`${s.url}/histogram-clipped`, '{"full_filename":');
    assert.equal(bad.status, 400);
  });

  test('path traversal in a frame name or directory is refused', async () => {
    for (const body of [
      { full_filename: '../../etc/passwd' },
      { full_filename: 'x.fits', s3_directory: '../..' },
      { full_filename: '/etc/passwd' },
    ]) {
      const r = await postJson(`${s.url}/statistics`, body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal(r.json.success, false);
    }
  });

  test('CORS preflight is answered for the QuickAnalysis routes only', async () => {
    const pre = await fetch(`${s.url}/statistics`, { method: 'OPTIONS', headers: { origin: 'https://example.org', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
    assert.equal(pre.status, 200);
    assert.equal(pre.headers.get('access-control-allow-origin'), '*');
    assert.match(pre.headers.get('access-control-allow-methods') ?? '', /POST/);
    assert.equal(pre.headers.get('access-control-allow-headers'), 'content-type');
    const fp = await fetch(`${s.url}/fplane/`);
    assert.equal(fp.headers.get('access-control-allow-origin'), null);
  });

  test('50 concurrent /statistics requests on one frame all succeed with one decode', async () => {
    const pool = s.host.services.pool;
    const before = pool.stats().decodes ?? 0;
    const body = { full_filename: 'busy.fits', s3_directory: 'data' };
    const replies = await Promise.all(Array.from({ length: 50 }, () => postJson(`${s.url}/statistics`, body)));
    for (const r of replies) assert.equal(r.status, 200);
    const medians = new Set(replies.map((r) => r.json.stats.median));
    assert.equal(medians.size, 1);
    assert.equal((pool.stats().decodes ?? 0) - before, 1);
  });

  test('FPlaneServer: GET /fplane/ and /fplane/<date> answer text; POST needs an admin key (401/403)', async () => {
    const fplane = s.host.services.fplane as unknown as { importText(t: string, d: string): unknown };
    fplane.importText('# IFUSLOT X_FP Y_FP SPECID SPECSLOT IFUID IFUROT PLATESC\n073 -250.0 150.0 013 073 034 0.0 1.0\n074 -150.0 150.0 027 074 021 0.0 1.0\n', '20200101');
    const latest = await fetch(`${s.url}/fplane/`);
    assert.equal(latest.status, 200);
    assert.match(latest.headers.get('content-type') ?? '', /text\/plain/);
    assert.match(await latest.text(), /^073\t-250\.000\t150\.000/m);
    const dated = await fetch(`${s.url}/fplane/20210101?actual_pos=0&full_fplane=0`);
    assert.equal(dated.status, 200);
    const tooEarly = await fetch(`${s.url}/fplane/19990101`);
    assert.ok(tooEarly.status === 404 || tooEarly.status === 400, String(tooEarly.status));

    const users = s.host.services.users as unknown as { add(u: object): { apiKey: string } };
    const admin = users.add({ username: 'adm', email: 'a@example.org', first: 'A', last: 'D', role: 'admin' }).apiKey;
    const observer = users.add({ username: 'obs', email: 'o@example.org', first: 'O', last: 'B', role: 'observer' }).apiKey;
    const body = { config: { ifus: [{ ifuslot: '075', x: -50, y: 150, specid: '030', specslot: '075', ifuid: '022', ifurot: 0, platesc: 1 }] }, commit: false };
    assert.equal((await postJson(`${s.url}/fplane`, body)).status, 401);
    assert.equal((await postJson(`${s.url}/fplane`, body, { authorization: 'FPS_API APIKEY=wrong' })).status, 401);
    assert.equal((await postJson(`${s.url}/fplane`, body, { authorization: `FPS_API APIKEY=${observer}` })).status, 403);
    const dry = await fetch(`${s.url}/fplane/20220101`, { method: 'POST', body: JSON.stringify(body), headers: { authorization: `FPS_API APIKEY=${admin}` } });
    assert.equal(dry.status, 200);
    assert.match(await dry.text(), /^075\t/m);
    // A dry run stores nothing.
    assert.doesNotMatch(await (await fetch(`${s.url}/fplane/`)).text(), /^075\t/m);
    const invalid = await postJson(`${s.url}/fplane`, { config: { ifus: [{ ...body.config.ifus[0], x: 'left' }] }, commit: false }, { authorization: `FPS_API APIKEY=${admin}` });
    assert.equal(invalid.status, 400);
  });

  test('GET /thumbnail/<basename>/ gives a URL to a cached JPEG of the asked size; image=true gives the JPEG', async () => {
    const r = await fetch(`${s.url}/thumbnail/tst-test-20201112-00000058-EX10/?width=32&height=32&label=hello`);
    assert.equal(r.status, 200);
    const { url } = (await r.json()) as { url: string };
    assert.match(url, /\/thumbnail-cache\/[0-9a-f]{40}\.jpg$/);
    const again = (await (await fetch(`${s.url}/thumbnail/tst-test-20201112-00000058-EX10.fits/?width=32&height=32&label=hello`)).json()) as { url: string };
    assert.equal(again.url, url, 'the cache key is stable');
    const jpeg = Buffer.from(await (await fetch(url)).arrayBuffer());
    const meta = await sharp(jpeg).metadata();
    assert.equal(meta.format, 'jpeg');
    assert.equal(meta.width, 32);
    assert.equal(meta.height, 24);
    const direct = await fetch(`${s.url}/thumbnail/tst-test-20201112-00000058-EX10/?width=32&image=true`);
    assert.equal(direct.headers.get('content-type'), 'image/jpeg');
    assert.equal((await fetch(`${s.url}/thumbnail/unknown-frame/`)).status, 404);
    assert.equal((await fetch(`${s.url}/thumbnail/tst-test-20201112-00000058-EX10/?width=0`)).status, 400);
    assert.equal((await fetch(`${s.url}/thumbnail-cache/..%2f..%2fnightdeck.db`)).status, 404);
    assert.equal((await fetch(`${s.url}/thumbnail/%E0%A4%A/`)).status, 400);
  });

  test('GET /thumbnail/…/?color=true composes the red, visual and blue frames of the same object', async () => {
    const r = await fetch(`${s.url}/thumbnail/tst-test-20201112-00000058-EX10/?color=true&width=32&image=true`);
    assert.equal(r.status, 200, await r.clone().text());
    const meta = await sharp(Buffer.from(await r.arrayBuffer())).metadata();
    assert.equal(meta.format, 'jpeg');
    assert.equal(meta.channels, 3);
    assert.equal(meta.width, 32);
    const none = await fetch(`${s.url}/thumbnail/root-frame/?color=true`);
    assert.equal(none.status, 404);
  });
});
