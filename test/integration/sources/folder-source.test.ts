/** The folder source on a real directory: scan, watch, stability wait, removals, containment. */
import { test, describe, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SourceManager } from '../../../electron/host/sources/source-manager.js';
import type { FolderSource } from '../../../electron/host/sources/folder-source.js';
import type { FrameRecord } from '../../../electron/host/store/catalogue-types.js';
import { makeTempDir } from '../../helpers/tmp.js';
import { requirePython, runPython } from '../../helpers/python.js';
import { compressWithTool, frameCards, makeFitsImage } from '../../helpers/sources/fits-fixture.js';
import { openCatalogue, recordEvents, waitFor } from '../../helpers/sources/env.js';

let tmp: { dir: string; cleanup: () => void };
const cleanups: (() => Promise<void> | void)[] = [];
before(() => {
  tmp = makeTempDir('nightdeck-folder-');
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
after(() => tmp.cleanup());

let counter = 0;
function setup() {
  const base = join(tmp.dir, `case-${++counter}`);
  const root = join(base, 'night');
  mkdirSync(root, { recursive: true });
  const db = openCatalogue(base);
  const manager = new SourceManager({ catalogue: db.catalogue, cacheDir: join(base, 'cache') });
  cleanups.push(async () => {
    await manager.stop();
    db.close();
  });
  return { base, root, manager, catalogue: db.catalogue };
}

describe('folder source', () => {
  test('the first scan lists every container from its headers, matching astropy, and frames are ready with their path', async () => {
    const { root, manager, catalogue } = setup();
    mkdirSync(join(root, 'data'));
    const plain = join(root, 'data', 'tst-test-20201112-00000001-EX00.fits');
    writeFileSync(plain, makeFitsImage({ width: 40, height: 30, cards: frameCards(1) }).bytes);
    for (const [i, tool] of [[2, 'gzip'], [3, 'bzip2'], [4, 'fpack']] as const) {
      const p = join(root, 'data', `tst-test-20201112-0000000${i}-EX00.fits`);
      writeFileSync(p, makeFitsImage({ width: 40 + i, height: 30, bitpix: -32, cards: frameCards(i) }).bytes);
      compressWithTool(p, tool);
      rmSync(p);
    }
    const id = manager.addFolder({ path: root, recursive: true, stableCheckMs: 50 });
    const source = manager.get(id) as FolderSource;
    const events = recordEvents((e, l) => manager.on(e, l), ['imageAdded']);
    await source.scanNow();
    await waitFor('four frames', () => events.length === 4);
    requirePython('astropy');
    const keys = catalogue.keysOf(id).sort();
    const expected = runPython<Record<string, { date: string; exptime: number; filter: string; object: string; shape: number[]; bitpix: number }>>(
      `
import json, sys, os
from astropy.io import fits
root, keys = json.load(sys.stdin)
out = {}
for k in keys:
    with fits.open(os.path.join(root, k)) as hdul:
        h = next(h for h in hdul if h.data is not None and h.is_image)
        out[k] = dict(date=h.header['DATE-OBS'], exptime=h.header['EXPTIME'], filter=h.header['FILTER'], object=h.header['OBJECT'],
                      shape=list(reversed(h.data.shape)), bitpix=h.header['BITPIX'] if not h.header.get('ZBITPIX') else h.header['ZBITPIX'])
print(json.dumps(out))
`,
      [root, keys],
    );
    assert.equal(keys.length, 4);
    for (const key of keys) {
      const r = catalogue.get(id, key)!;
      const ref = expected[key]!;
      assert.equal(r.status, 'ready', `${key}: ${r.error}`);
      assert.equal(r.localPath, join(root, key));
      assert.equal(r.directory, 'data');
      assert.equal(r.summary?.dateObs, new Date(`${ref.date}Z`).toISOString(), key);
      assert.equal(r.summary?.exptime, ref.exptime, key);
      assert.equal(r.summary?.filter, ref.filter, key);
      assert.equal(r.summary?.object, ref.object, key);
      assert.deepEqual(r.summary?.shape, ref.shape, key);
      assert.equal(r.summary?.bitpix, ref.bitpix, key);
    }
  });

  test('a file that grows between two stability checks is not listed; once it holds still it is listed once, complete', async () => {
    const { root, manager, catalogue } = setup();
    // The checks are driven here, one by one: the timer (ten minutes) never decides.
    const id = manager.addFolder({ path: root, stableCheckMs: 600_000, rescanIntervalMs: 600_000 });
    const source = manager.get(id) as FolderSource;
    const events = recordEvents((e, l) => manager.on(e, l), ['imageAdded', 'imageUpdated']);
    const bytes = makeFitsImage({ width: 200, height: 100, cards: frameCards(9) }).bytes;
    const path = join(root, 'slow.fits');
    const chunk = 4000;
    appendFileSync(path, bytes.subarray(0, chunk));
    await source.scanNow(0); // first sight: remembered, not listed
    for (let at = chunk; at < bytes.length; at += chunk) {
      appendFileSync(path, bytes.subarray(at, at + chunk));
      await source.checkNow();
      assert.equal(events.length, 0, `listed while still growing (${at + chunk} of ${bytes.length} bytes written)`);
    }
    await source.checkNow(); // unchanged since the last check: listed
    assert.equal(events.length, 1, 'listed once it held still');
    // More checks and full rescans: nothing more may come.
    for (let i = 0; i < 3; i++) {
      await source.scanNow(0);
      await source.checkNow();
    }
    assert.equal(events.length, 1, JSON.stringify(events.map((e) => e.event)));
    const record = events[0]!.payload as FrameRecord;
    assert.equal(events[0]!.event, 'imageAdded');
    assert.equal(record.size, bytes.length, 'listed only once complete');
    assert.equal(record.status, 'ready');
    assert.equal(catalogue.get(id, 'slow.fits')?.summary?.exptime, 39);
  });

  test('a file written slowly in chunks while the source runs ends up listed, complete', async () => {
    const { root, manager, catalogue } = setup();
    const id = manager.addFolder({ path: root, stableCheckMs: 250, rescanIntervalMs: 150 });
    manager.start();
    await waitFor('first scan', () => manager.list()[0]!.status.state === 'ok');
    const bytes = makeFitsImage({ width: 200, height: 100, cards: frameCards(9) }).bytes;
    const path = join(root, 'slow.fits');
    // However the writes and the checks interleave on a busy machine, the complete file is what stays listed.
    for (let at = 0; at < bytes.length; at += 4000) appendFileSync(path, bytes.subarray(at, at + 4000));
    const record = await waitFor('listed complete', () => {
      const r = catalogue.get(id, 'slow.fits');
      return r?.size === bytes.length && r.status === 'ready' ? r : undefined;
    }, 60_000);
    assert.equal(record.summary?.exptime, 39);
  });

  test('a removed file is noticed (imageRemoved) and leaves the catalogue', async () => {
    const { root, manager, catalogue } = setup();
    writeFileSync(join(root, 'a.fits'), makeFitsImage({ width: 8, height: 8, cards: frameCards(1) }).bytes);
    writeFileSync(join(root, 'b.fits'), makeFitsImage({ width: 8, height: 8, cards: frameCards(2) }).bytes);
    const id = manager.addFolder({ path: root, stableCheckMs: 50, rescanIntervalMs: 150 });
    const events = recordEvents((e, l) => manager.on(e, l), ['imageAdded', 'imageRemoved']);
    manager.start();
    await waitFor('both listed', () => events.filter((e) => e.event === 'imageAdded').length === 2);
    rmSync(join(root, 'b.fits'));
    const removed = await waitFor('imageRemoved', () => events.find((e) => e.event === 'imageRemoved'));
    assert.equal((removed.payload as { key: string }).key, 'b.fits');
    assert.deepEqual(catalogue.keysOf(id), ['a.fits']);
  });

  test("'../' escapes and symlinks out of the root are refused with PATH_OUTSIDE_ROOT and never listed", async () => {
    const { base, root, manager, catalogue } = setup();
    writeFileSync(join(base, 'outside.fits'), makeFitsImage({ width: 8, height: 8, cards: frameCards(1) }).bytes);
    symlinkSync(join(base, 'outside.fits'), join(root, 'sneaky.fits'));
    writeFileSync(join(root, 'inside.fits'), makeFitsImage({ width: 8, height: 8, cards: frameCards(2) }).bytes);
    const id = manager.addFolder({ path: root, stableCheckMs: 50 });
    await (manager.get(id) as FolderSource).scanNow();
    await waitFor('inside listed', () => catalogue.get(id, 'inside.fits')?.status === 'ready');
    assert.deepEqual(catalogue.keysOf(id), ['inside.fits']);
    await assert.rejects(manager.ensureLocal(id, '../outside.fits'), { code: 'PATH_OUTSIDE_ROOT' });
    await assert.rejects(manager.ensureLocal(id, 'sneaky.fits'), { code: 'PATH_OUTSIDE_ROOT' });
    await assert.rejects(manager.resolveCompatFrame('..', 'outside.fits'), { code: 'PATH_OUTSIDE_ROOT' });
    assert.equal(await manager.resolveCompatFrame(undefined, 'inside.fits'), join(root, 'inside.fits'));
    assert.equal(await manager.resolveCompatFrame('data', 'inside.fits'), join(root, 'inside.fits'), 'falls back to <root>/<name>');
    await assert.rejects(manager.resolveCompatFrame('data', 'missing.fits'), { code: 'NOT_FOUND', message: 'Image does not exist: data/missing.fits.' });
  });

  test('sub-folders are listed only with the recursive option', async () => {
    const { root, manager, catalogue } = setup();
    mkdirSync(join(root, 'sub'));
    writeFileSync(join(root, 'sub', 'deep.fits'), makeFitsImage({ width: 8, height: 8, cards: frameCards(1) }).bytes);
    writeFileSync(join(root, 'top.fits'), makeFitsImage({ width: 8, height: 8, cards: frameCards(2) }).bytes);
    const flat = manager.addFolder({ path: root, stableCheckMs: 30 });
    const deep = manager.addFolder({ id: 'deep', path: root, recursive: true, stableCheckMs: 30 });
    await (manager.get(flat) as FolderSource).scanNow();
    await (manager.get(deep) as FolderSource).scanNow();
    await waitFor('recursive listed', () => catalogue.keysOf(deep).length === 2 && catalogue.keysOf(flat).length === 1);
    assert.deepEqual(catalogue.keysOf(flat), ['top.fits']);
    assert.deepEqual(catalogue.keysOf(deep).sort(), ['sub/deep.fits', 'top.fits']);
  });

  test('a restart on the same catalogue announces only what changed while the host was down', async () => {
    const { base, root, manager, catalogue } = setup();
    writeFileSync(join(root, 'a.fits'), makeFitsImage({ width: 8, height: 8, cards: frameCards(1) }).bytes);
    writeFileSync(join(root, 'b.fits'), makeFitsImage({ width: 8, height: 8, cards: frameCards(2) }).bytes);
    const id = manager.addFolder({ path: root, stableCheckMs: 30 });
    await (manager.get(id) as FolderSource).scanNow();
    await manager.stop();
    writeFileSync(join(root, 'c.fits'), makeFitsImage({ width: 8, height: 8, cards: frameCards(3) }).bytes);
    rmSync(join(root, 'a.fits'));
    const again = new SourceManager({ catalogue, cacheDir: join(base, 'cache') });
    cleanups.push(() => again.stop());
    again.addFolder({ path: root, stableCheckMs: 30 });
    const events = recordEvents((e, l) => again.on(e, l), ['imageAdded', 'imageUpdated', 'imageRemoved']);
    await (again.get(id) as FolderSource).scanNow();
    assert.deepEqual(
      events.map((e) => `${e.event} ${(e.payload as { key: string }).key}`).sort(),
      ['imageAdded c.fits', 'imageRemoved a.fits'],
    );
    assert.deepEqual(catalogue.keysOf(id).sort(), ['b.fits', 'c.fits']);
  });
});
