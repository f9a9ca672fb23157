/**
 * NightDeck's SAMP client against astropy's own hub and client (Debian's python3-astropy):
 * registration and metadata, sending a frame (astropy reads exactly its pixels), receiving
 * image.load.fits from file: and http: URLs (statistics equal to numpy), refusals answered
 * with samp.error, coord.pointAt.sky both ways, surviving a hub shutdown and restart, a stale
 * lockfile, and unregistering on exit. The hub search is ticked by hand: no test sleeps.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { mkdirSync, readFileSync, writeFileSync, createReadStream } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Writable } from 'node:stream';
import { makeTempDir } from '../../helpers/tmp.js';
import { requirePython, runPython } from '../../helpers/python.js';
import { PythonSamp } from '../../helpers/samp/python-samp.js';
import { writeFramesWithAstropy } from '../host/host-fixtures.js';
import { createHost, type Host } from '../../../electron/host/host.js';
import { createLogger } from '../../../electron/host/logger.js';
import type { Scheduler } from '../../../electron/host/samp/samp-client.js';
import type { EventName, EventOf } from '../../../electron/host/api.js';
import { base64ToFloat32 } from '../../../renderer/src/lib/base64-floats.js';

/** A scheduler the test ticks itself. */
function manualScheduler(): { scheduler: Scheduler; tick: () => Promise<void>; intervalMs: () => number } {
  let fn: (() => Promise<void>) | null = null;
  let ms = 0;
  return {
    scheduler: (interval, f) => {
      fn = f;
      ms = interval;
      return () => {
        fn = null;
      };
    },
    tick: () => (fn ? fn() : Promise.resolve()),
    intervalMs: () => ms,
  };
}

/** The next event of a kind that satisfies `match` (subscribe before causing it). */
function nextEvent<E extends EventName>(host: Host, event: E, match: (p: EventOf<E>) => boolean = () => true): Promise<EventOf<E>> {
  return new Promise((resolve) => {
    const off = host.on(event, (p) => {
      if (match(p)) {
        off();
        resolve(p);
      }
    });
  });
}

describe('SAMP against astropy hub and client', () => {
  let tmp: { dir: string; cleanup: () => void };
  let home: string;
  let py: PythonSamp;
  let host: Host;
  let logText = '';
  const ticker = manualScheduler();
  let framePath: string;
  let mefPath: string;
  let frameId: number;
  let mefId: number;
  let nightdeckId: string;
  let httpServer: Server;
  let httpBase: string;

  before(async () => {
    requirePython('astropy', 'numpy');
    tmp = makeTempDir('nightdeck-samp-');
    home = join(tmp.dir, 'home');
    const night = join(tmp.dir, 'night');
    const incoming = join(tmp.dir, 'incoming');
    for (const d of [home, night, incoming]) mkdirSync(d, { recursive: true });
    writeFramesWithAstropy(night, [
      { rel: 'tst-cam-20240102-00000001-EX00.fits', width: 40, height: 30, dtype: 'int16', seed: 3, header: { OBJECT: 'M 31' } },
    ]);
    framePath = join(night, 'tst-cam-20240102-00000001-EX00.fits');
    // A multi-extension frame: empty primary, two image extensions, one tile-compressed.
    mefPath = join(night, 'tst-cam-20240102-00000002-EX00.fits');
    runPython(
      `import sys, json, numpy as np\nfrom astropy.io import fits\nrng = np.random.default_rng(5)\nh = fits.Header(); h['OBJECT'] = 'MEF'\nfits.HDUList([fits.PrimaryHDU(header=h), fits.ImageHDU(rng.integers(-90, 90, (8, 10)).astype(np.int16), name='SCI1'), fits.ImageHDU(rng.normal(5, 2, (9, 12)).astype(np.float32), name='SCI2'), fits.CompImageHDU(rng.integers(0, 3000, (10, 16)).astype(np.int16), name='SCI3', compression_type='RICE_1')]).writeto(json.load(sys.stdin))\nprint('true')`,
      mefPath,
    );
    // Frames another application will send: float32 with NaNs, uint16, and junk.
    writeFramesWithAstropy(incoming, [
      { rel: 'sent.fits', width: 33, height: 21, dtype: 'float32', seed: 11, nans: true },
      { rel: 'web.fits', width: 25, height: 17, dtype: 'uint16', seed: 12 },
    ]);
    writeFileSync(join(incoming, 'notes.fits'), 'this is not a FITS file at all\n'.repeat(200));

    httpServer = createServer((req, res) => {
      const name = (req.url ?? '/').slice(1);
      if (name !== 'web.fits') return void res.writeHead(404).end('no');
      res.writeHead(200, { 'content-type': 'application/fits' });
      createReadStream(join(incoming, 'web.fits')).pipe(res);
    });
    await new Promise<void>((r) => httpServer.listen(0, '127.0.0.1', r));
    httpBase = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;

    py = new PythonSamp(home);
    await py.ready;
    await py.send({ cmd: 'hub_start' });
    await py.send({ cmd: 'client_connect', name: 'PyViewer' });

    const logs = new Writable({
      write(chunk, _enc, done) {
        logText += String(chunk);
        done();
      },
    });
    host = await createHost({
      dataDir: join(tmp.dir, 'data'),
      mode: 'serve',
      noDemo: true,
      poolSize: 1,
      env: { HOME: home, NIGHTDECK_AUTO_ANALYSE: '0' },
      logger: createLogger({ level: 'debug', destination: logs as never }),
      sources: { folders: [{ path: night }] },
      samp: { enabled: true, scheduler: ticker.scheduler },
    });
    const frames = await waitForListed(host, 2);
    frameId = frames.find((f) => f.name.endsWith('00000001-EX00.fits'))!.id;
    mefId = frames.find((f) => f.name.endsWith('00000002-EX00.fits'))!.id;
  });

  after(async () => {
    await host?.close();
    await py?.close();
    await new Promise<void>((r) => (httpServer ? httpServer.close(() => r()) : r()));
    tmp?.cleanup();
  });

  it('registers with the hub, declares its metadata and subscriptions, and looks again every 10 s', async () => {
    const status = await host.invoke('getSampStatus', {});
    assert.equal(status.state, 'connected', JSON.stringify(status));
    assert.equal(status.enabled, true);
    assert.equal(ticker.intervalMs(), 10_000);
    const { clients } = (await py.send({ cmd: 'clients' })) as unknown as { clients: { id: string; name: string; metadata: Record<string, string>; subscriptions: Record<string, unknown> }[] };
    const me = clients.find((c) => c.name === 'NightDeck');
    assert.ok(me, `NightDeck is registered: ${JSON.stringify(clients.map((c) => c.name))}`);
    nightdeckId = me.id;
    assert.equal(status.selfId, me.id);
    assert.match(me.metadata['samp.description.text'] ?? '', /NightDeck/);
    assert.match(me.metadata['nightdeck.version'] ?? '', /^\d+\.\d+\.\d+/);
    assert.ok(me.metadata['author.name']);
    for (const mtype of ['samp.app.ping', 'image.load.fits', 'coord.pointAt.sky', 'samp.hub.event.shutdown']) {
      assert.ok(mtype in me.subscriptions, `subscribes to ${mtype}`);
    }
    const icon = await fetch(me.metadata['samp.icon.url']!);
    assert.equal(icon.status, 200);
    assert.equal(icon.headers.get('content-type'), 'image/png');
    assert.deepEqual([...new Uint8Array(await icon.arrayBuffer()).subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
  });

  it('answers samp.app.ping', async () => {
    const r = (await py.send({ cmd: 'ping', recipient: nightdeckId })) as unknown as { response: Record<string, string> };
    assert.equal(r.response['samp.status'], 'samp.ok');
  });

  it('lists the clients that take images, by samp.name', async () => {
    const { clients } = await host.invoke('listSampClients', {});
    assert.deepEqual(
      clients.map((c) => c.name),
      ['PyViewer'],
    );
  });

  it('sends a frame with image.load.fits and astropy reads exactly its pixels', async () => {
    const { clients } = await host.invoke('listSampClients', {});
    const recipient = clients[0]!.id;
    const received = py.waitFor((e) => e.event === 'received' && e.mtype === 'image.load.fits');
    const sent = await host.invoke('sendToSamp', { id: frameId, recipient });
    assert.equal(sent.recipients.length, 1);
    assert.equal(sent.recipients[0]!.status, 'samp.ok', JSON.stringify(sent.recipients[0]));
    assert.equal(sent.recipients[0]!.name, 'PyViewer');
    assert.match(sent.url, /^file:\/\//);
    const event = await received;
    assert.equal((event.params as Record<string, string>).url, sent.url);
    assert.deepEqual(event.shape, [30, 40]);
    const original = runPython<{ pixels: number[] }>(
      `import sys, json, numpy as np\nfrom astropy.io import fits\np = json.load(sys.stdin)\nprint(json.dumps({"pixels": np.asarray(fits.getdata(p), dtype=np.float64).ravel().tolist()}))`,
      framePath,
    );
    assert.deepEqual(event.pixels, original.pixels);
    const preview = await host.invoke('getPreview', { id: frameId, maxWidth: 40, maxHeight: 30 });
    assert.equal(preview.binFactor, 1);
    assert.ok(typeof preview.data === 'string', 'a preview asked without an encoding is base64');
    assert.deepEqual([...base64ToFloat32(preview.data)], original.pixels);
  });

  it('sends to every client that takes images when no recipient is named', async () => {
    const sent = await host.invoke('sendToSamp', { id: frameId });
    assert.deepEqual(
      sent.recipients.map((r) => [r.name, r.status]),
      [['PyViewer', 'samp.ok']],
    );
  });

  it('sends one extension of a multi-extension frame as a file of its own (plain and tile-compressed)', async () => {
    const recipient = (await host.invoke('listSampClients', {})).clients[0]!.id;
    for (const hdu of [2, 3]) {
      const received = py.waitFor((e) => e.event === 'received' && e.mtype === 'image.load.fits' && String((e.params as Record<string, string>)['image-id']).endsWith(`[${hdu}]`));
      const sent = await host.invoke('sendToSamp', { id: mefId, hdu, recipient });
      assert.equal(sent.recipients[0]!.status, 'samp.ok', JSON.stringify(sent.recipients[0]));
      assert.match(sent.url, new RegExp(`-hdu${hdu}\\.fits$`));
      const event = await received;
      const ref = runPython<{ shape: number[]; pixels: number[] }>(
        `import sys, json, numpy as np\nfrom astropy.io import fits\nj = json.load(sys.stdin)\nd = np.asarray(fits.open(j["path"])[j["hdu"]].data, dtype=np.float64)\nprint(json.dumps({"shape": list(d.shape), "pixels": d.ravel().tolist()}))`,
        { path: mefPath, hdu },
      );
      assert.deepEqual(event.shape, ref.shape);
      assert.deepEqual(event.pixels, ref.pixels);
    }
    // The first image HDU is the file itself.
    const first = await host.invoke('sendToSamp', { id: mefId, hdu: 1, recipient });
    assert.match(first.url, /00000002-EX00\.fits$/);
    await assert.rejects(host.invoke('sendToSamp', { id: mefId, hdu: 7, recipient }), (e: { code?: string }) => e.code === 'BAD_HDU');
  });

  it("loads a Python client's image.load.fits (file: URL) into the SAMP source, with numpy's statistics", async () => {
    const url = pathToFileURL(join(tmp.dir, 'incoming', 'sent.fits')).href;
    const opened = nextEvent(host, 'sampImageLoaded');
    const r = (await py.send({ cmd: 'send_load', recipient: nightdeckId, url, name: 'from python', imageId: 'py-1' })) as unknown as { response: Record<string, unknown> };
    assert.equal(r.response['samp.status'], 'samp.ok', JSON.stringify(r.response));
    const loaded = await opened;
    assert.equal(loaded.sender.length > 0, true);
    const { frames } = await host.invoke('listFrames', { source: 'SAMP' });
    const frame = frames.find((f) => f.id === loaded.id);
    assert.ok(frame, 'listed under the SAMP source');
    assert.equal(frame.name, 'from_python.fits');
    assert.equal(frame.status, 'ready');
    assert.deepEqual(frame.shape, [33, 21]);
    const { frames: all } = await host.invoke('listFrames', {});
    assert.ok(all.some((f) => f.id === loaded.id), 'listed like any other frame');
    const stats = await host.invoke('getStatistics', { id: loaded.id });
    const ref = runPython<{ mean: number; median: number; min: number; max: number; std: number; count: number; nan: number }>(
      `import sys, json, numpy as np\nfrom astropy.io import fits\na = np.asarray(fits.getdata(json.load(sys.stdin)), dtype=np.float64)\nv = a[~np.isnan(a)]\nprint(json.dumps({"mean": float(v.mean()), "median": float(np.median(v)), "min": float(v.min()), "max": float(v.max()), "std": float(v.std()), "count": int(v.size), "nan": int(np.isnan(a).sum())}))`,
      join(tmp.dir, 'incoming', 'sent.fits'),
    );
    assert.equal(stats.count, ref.count);
    assert.equal(stats.nanCount, ref.nan);
    assert.equal(stats.median, ref.median);
    assert.equal(stats.min, ref.min);
    assert.equal(stats.max, ref.max);
    assert.ok(Math.abs(stats.mean - ref.mean) <= 1e-9 * Math.abs(ref.mean), `mean ${stats.mean} vs ${ref.mean}`);
    assert.ok(Math.abs(stats.std - ref.std) <= 1e-9 * ref.std, `std ${stats.std} vs ${ref.std}`);
  });

  it('sending the same image-id again replaces its frame instead of adding another', async () => {
    const url = pathToFileURL(join(tmp.dir, 'incoming', 'sent.fits')).href;
    const before = (await host.invoke('listFrames', { source: 'SAMP' })).total;
    const r = (await py.send({ cmd: 'send_load', recipient: nightdeckId, url, name: 'from python', imageId: 'py-1' })) as unknown as { response: Record<string, unknown> };
    assert.equal(r.response['samp.status'], 'samp.ok');
    assert.equal((await host.invoke('listFrames', { source: 'SAMP' })).total, before);
  });

  it('loads an http: URL too', async () => {
    const opened = nextEvent(host, 'sampImageLoaded');
    const r = (await py.send({ cmd: 'send_load', recipient: nightdeckId, url: `${httpBase}/web.fits` })) as unknown as { response: Record<string, unknown> };
    assert.equal(r.response['samp.status'], 'samp.ok', JSON.stringify(r.response));
    const loaded = await opened;
    assert.equal(loaded.name, 'web.fits');
    const stats = await host.invoke('getStatistics', { id: loaded.id });
    const ref = runPython<{ median: number; max: number; count: number }>(
      `import sys, json, numpy as np\nfrom astropy.io import fits\na = np.asarray(fits.getdata(json.load(sys.stdin)), dtype=np.float64)\nprint(json.dumps({"median": float(np.median(a)), "max": float(a.max()), "count": int(a.size)}))`,
      join(tmp.dir, 'incoming', 'web.fits'),
    );
    assert.deepEqual([stats.median, stats.max, stats.count], [ref.median, ref.max, ref.count]);
  });

  it('answers samp.error with a reason for URLs it cannot read or that are not FITS', async () => {
    const before = (await host.invoke('listFrames', { source: 'SAMP' })).total;
    const cases: [string, RegExp][] = [
      [pathToFileURL(join(tmp.dir, 'incoming', 'missing.fits')).href, /URL_UNREADABLE.*ENOENT/],
      [pathToFileURL(join(tmp.dir, 'incoming', 'notes.fits')).href, /NOT_FITS/],
      [`${httpBase}/nothing.fits`, /URL_UNREADABLE.*404/],
      ['ftp://127.0.0.1/x.fits', /BAD_URL.*ftp:/],
      ['not a url', /BAD_URL/],
    ];
    for (const [url, reason] of cases) {
      const r = (await py.send({ cmd: 'send_load', recipient: nightdeckId, url })) as unknown as { response: Record<string, unknown> };
      assert.equal(r.response['samp.status'], 'samp.error', `${url}: ${JSON.stringify(r.response)}`);
      const text = (r.response['samp.error'] as Record<string, string>)['samp.errortxt'] ?? '';
      assert.match(text, reason, url);
    }
    assert.equal((await host.invoke('listFrames', { source: 'SAMP' })).total, before, 'nothing listed');
    assert.equal((await host.invoke('getSampStatus', {})).state, 'connected');
  });

  it('passes coord.pointAt.sky to the console, and sends it to every client', async () => {
    const pointed = nextEvent(host, 'sampPointAt');
    const r = (await py.send({ cmd: 'send_point', recipient: nightdeckId, ra: 10.6847, dec: 41.269 })) as unknown as { response: Record<string, unknown> };
    assert.equal(r.response['samp.status'], 'samp.ok');
    const p = await pointed;
    assert.deepEqual([p.ra, p.dec], [10.6847, 41.269]);

    const bad = (await py.send({ cmd: 'send_point', recipient: nightdeckId, ra: 'east', dec: 95 })) as unknown as { response: Record<string, unknown> };
    assert.equal(bad.response['samp.status'], 'samp.error');

    const received = py.waitFor((e) => e.event === 'received' && e.mtype === 'coord.pointAt.sky');
    const sent = await host.invoke('sendSampPointAt', { ra: 83.8221, dec: -5.3911 });
    assert.equal(sent.recipients.length, 1);
    const e = await received;
    assert.deepEqual(e.params, { ra: '83.8221', dec: '-5.3911' });
  });

  it('survives the hub shutting down and reconnects when it comes back', async () => {
    const lost = nextEvent(host, 'sampStatus', (s) => s.state === 'searching');
    await py.send({ cmd: 'hub_stop' });
    const s = await lost;
    assert.match(s.problem ?? '', /shut down/);
    await assert.rejects(host.invoke('listSampClients', {}), (err: { code?: string }) => err.code === 'SAMP_NOT_CONNECTED');
    await ticker.tick(); // no hub: quiet
    assert.equal((await host.invoke('getSampStatus', {})).state, 'searching');

    await py.send({ cmd: 'hub_start' });
    await py.send({ cmd: 'client_connect', name: 'PyViewer' });
    await ticker.tick();
    const status = await host.invoke('getSampStatus', {});
    assert.equal(status.state, 'connected', JSON.stringify(status));
    const { clients } = (await py.send({ cmd: 'clients' })) as unknown as { clients: { id: string; name: string }[] };
    nightdeckId = clients.find((c) => c.name === 'NightDeck')!.id;
    const r = (await py.send({ cmd: 'ping', recipient: nightdeckId })) as unknown as { response: Record<string, string> };
    assert.equal(r.response['samp.status'], 'samp.ok');
    const sent = await host.invoke('sendToSamp', { id: frameId });
    assert.equal(sent.recipients[0]?.status, 'samp.ok');
  });

  it('gives a clear state for a dead hub behind a stale lockfile, and no crash', async () => {
    await py.send({ cmd: 'client_disconnect' });
    // The hub dies without notice: its lockfile stays behind, naming a port nobody listens on.
    const lockfile = join(home, '.samp');
    const text = readFileSync(lockfile, 'utf8');
    await py.send({ cmd: 'hub_stop' });
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const deadPort = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    writeFileSync(lockfile, text.replace(/samp\.hub\.xmlrpc\.url=.*/, `samp.hub.xmlrpc.url=http://127.0.0.1:${deadPort}`));

    await ticker.tick();
    const status = await host.invoke('getSampStatus', {});
    assert.equal(status.state, 'searching');
    assert.match(status.problem ?? '', /does not answer.*stale lockfile/);
    await assert.rejects(host.invoke('sendToSamp', { id: frameId }), (err: { code?: string }) => err.code === 'SAMP_NOT_CONNECTED');

    // A lockfile naming a hub on another machine is refused without a connection attempt.
    writeFileSync(lockfile, text.replace(/samp\.hub\.xmlrpc\.url=.*/, 'samp.hub.xmlrpc.url=http://192.0.2.1:8080/'));
    await ticker.tick();
    assert.match((await host.invoke('getSampStatus', {})).problem ?? '', /not on the loopback interface/);
    writeFileSync(lockfile, text);
  });

  it('never logs the hub secret nor a private key', async () => {
    await py.send({ cmd: 'hub_start' });
    await py.send({ cmd: 'client_connect', name: 'PyViewer' });
    await ticker.tick();
    assert.equal((await host.invoke('getSampStatus', {})).state, 'connected');
    const { keys } = (await py.send({ cmd: 'private_keys' })) as unknown as { keys: string[] };
    assert.ok(keys.length >= 3, 'hub, PyViewer and NightDeck');
    for (const key of keys) assert.ok(!logText.includes(key), 'no private key in the log');
    const secret = /samp\.secret=(.*)/.exec(readFileSync(join(home, '.samp'), 'utf8'))?.[1];
    assert.ok(secret && secret.length > 8);
    assert.ok(logText.includes('samp: registered'), 'the log says what happened');
    assert.ok(!logText.includes(secret), 'no secret in the log');
    assert.ok(!/private-key/i.test(logText));
  });

  it('unregisters on exit', async () => {
    assert.equal((await host.invoke('getSampStatus', {})).state, 'connected');
    const names = async () => ((await py.send({ cmd: 'clients' })) as unknown as { clients: { name: string }[] }).clients.map((c) => c.name);
    assert.ok((await names()).includes('NightDeck'));
    await host.close();
    assert.ok(!(await names()).includes('NightDeck'));
  });
});

async function waitForListed(host: Host, n: number): Promise<{ id: number; name: string }[]> {
  for (;;) {
    const { frames } = await host.invoke('listFrames', {});
    if (frames.length >= n && frames.every((f) => f.status === 'ready')) return frames;
    await new Promise<void>((resolve) => {
      const off = host.onAny(() => {
        off();
        resolve();
      });
    });
  }
}
