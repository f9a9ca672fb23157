/**
 * A live night keeps its decoded frames bounded: a file that leaves its source takes its decode
 * with it, and background analysis gives its decodes back without pushing out the frame the
 * observer has open. Driven by the host's own events, never by timing.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createHost, type Host } from '../../../electron/host/host.js';
import { silentLogger } from '../../../electron/host/logger.js';
import { frameVersion } from '../../../electron/host/handlers/frame-access.js';
import { SourceManager } from '../../../electron/host/sources/source-manager.js';
import { writeFits } from '../../../native-workers/fits/index.js';
import { generateSyntheticFrame } from '../../../native-workers/analysis/synthetic.js';
import { makeTempDir } from '../../helpers/tmp.js';
import { openCatalogue } from '../../helpers/sources/env.js';

const temps: (() => void)[] = [];
after(() => temps.forEach((c) => c()));

/** Writes a frame under a temporary name and renames it, as an instrument would. */
function dropFrame(dir: string, name: string, seed: number): void {
  const f = generateSyntheticFrame({ width: 96, height: 64, seed, stars: 4 });
  const tmp = join(dir, `.${name}.tmp`);
  writeFileSync(tmp, writeFits([{ image: { pixels: f.pixels, shape: [96, 64], bitpix: 16 }, cards: f.cards }]));
  renameSync(tmp, join(dir, name));
}

/** Resolves with the payload of the next host event `event` for which `match` holds. */
function nextEvent(host: Host, event: 'imageAdded' | 'imageRemoved', match: (p: { id: number; name?: string }) => boolean): Promise<{ id: number }> {
  return new Promise((resolve) => {
    const off = host.on(event, (p) => {
      const payload = p as { id: number; name?: string };
      if (!match(payload)) return;
      off();
      resolve(payload);
    });
  });
}

describe('decoded frames in a live night', () => {
  test('background analysis releases its decodes; the opened frame stays; a deleted file is dropped at once', async () => {
    const tmp = makeTempDir('nightdeck-decoded-host-');
    temps.push(tmp.cleanup);
    const night = join(tmp.dir, 'night');
    mkdirSync(night);
    const host = await createHost({
      dataDir: join(tmp.dir, 'data'),
      mode: 'serve',
      noDemo: true,
      poolSize: 1,
      logger: silentLogger(),
      env: { NIGHTDECK_AUTO_ANALYSE: '1' },
      sources: { folders: [{ path: night }] },
    });
    const pool = host.services.pool;
    try {
      const addedA = nextEvent(host, 'imageAdded', (p) => p.name === 'a.fits');
      dropFrame(night, 'a.fits', 1);
      const a = await addedA;
      await host.idle(); // background statistics + quality of a
      const recordA = host.services.catalogue.getById(a.id)!;
      assert.ok(recordA.stats && recordA.quality, 'a was analysed in the background');
      assert.equal(pool.stats().cachedFrames, 0, 'the background decode was given back');

      // As the console opens a frame: its pixels for the viewer (statistics are already memoized).
      await host.invoke('openFrame', { id: a.id });
      await host.invoke('getPreview', { id: a.id, maxWidth: 64, maxHeight: 64 });
      assert.equal(pool.stats().cachedFrames, 1, 'the opened frame is decoded and kept');
      const decodesAfterOpen = pool.stats().decodes!;

      const addedB = nextEvent(host, 'imageAdded', (p) => p.name === 'b.fits');
      dropFrame(night, 'b.fits', 2);
      const b = await addedB;
      await host.idle();
      assert.ok(host.services.catalogue.getById(b.id)!.quality, 'b was analysed in the background');
      assert.equal(pool.stats().decodes, decodesAfterOpen + 1);
      assert.equal(pool.stats().cachedFrames, 1, 'only the opened frame is decoded');
      await pool.run('histogram', { path: recordA.localPath!, hdu: 0, version: frameVersion(recordA) }, { bins: 8 });
      assert.equal(pool.stats().decodes, decodesAfterOpen + 1, 'a was still decoded');

      const removedA = nextEvent(host, 'imageRemoved', (p) => p.id === a.id);
      rmSync(join(night, 'a.fits'));
      await removedA;
      assert.equal(pool.stats().cachedFrames, 0, 'the deleted frame left the decoded cache with its file');
      assert.equal(pool.stats().cachedBytes, 0);
    } finally {
      await host.close();
    }
  });

  test('a frame evicted from the download cache is reported as a gone file', async () => {
    const tmp = makeTempDir('nightdeck-decoded-evict-');
    temps.push(tmp.cleanup);
    const db = openCatalogue(tmp.dir);
    const manager = new SourceManager({ catalogue: db.catalogue, cacheDir: join(tmp.dir, 'cache'), cacheBytes: 150 });
    await manager.stop(); // waits for the cache index to load; nothing else runs
    const gone: { source: string; key: string; path: string }[] = [];
    manager.on('fileGone', (p) => gone.push(p));
    const put = (key: string) => {
      const partial = manager.cache.partialPathFor('s3-x', key);
      writeFileSync(partial, Buffer.alloc(100, 1));
      return manager.cache.admit('s3-x', key, partial, 100);
    };
    try {
      const first = await put('data/one.fits');
      assert.deepEqual(gone, []);
      await put('data/two.fits');
      assert.deepEqual(gone, [{ source: 's3-x', key: 'data/one.fits', path: first }]);
    } finally {
      await manager.cache.flush();
      db.close();
    }
  });
});
