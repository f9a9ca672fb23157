/**
 * Opening a FITS file given to the desktop app, against a real host (SQLite catalogue,
 * folder sources, worker pool): the file's folder becomes a source beside the existing one
 * and the frame comes back listed from its header, ready to open.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { createHost } from '../../../electron/host/host.js';
import { silentLogger } from '../../../electron/host/logger.js';
import { openFitsFile } from '../../../electron/shell/open-files.js';
import { frameCards, makeFitsImage, writeBytes } from '../../helpers/sources/fits-fixture.js';
import { makeTempDir } from '../../helpers/tmp.js';

test('a FITS file from another folder: its folder is added as a source and the frame opens', async () => {
  const tmp = makeTempDir('nightdeck-open-file-');
  const first = join(tmp.dir, 'night one');
  const second = join(tmp.dir, 'night two');
  mkdirSync(first);
  mkdirSync(second);
  writeBytes(join(first, 'a.fits'), makeFitsImage({ width: 16, height: 12, cards: frameCards(1) }).bytes);
  writeBytes(join(second, 'frame 7.fits'), makeFitsImage({ width: 20, height: 10, cards: frameCards(7) }).bytes);
  const host = await createHost({
    dataDir: join(tmp.dir, 'data'),
    mode: 'desktop',
    noDemo: true,
    poolSize: 1,
    logger: silentLogger(),
    env: { NIGHTDECK_AUTO_ANALYSE: '0' },
  });
  try {
    await host.invoke('setSources', { folders: [{ path: first }] });
    const frame = await openFitsFile(host, join(second, 'frame 7.fits'));
    assert.equal(frame.source, `folder:${realpathSync(second)}`);
    assert.equal(frame.key, 'frame 7.fits');
    assert.equal(frame.object, 'M32');
    const { sources } = await host.invoke('getSources', {});
    // Only folder sources: the desktop host also lists its SAMP source (samp: 'auto').
    const folders = sources.filter((s) => s.kind === 'folder').map((s) => s.config.path);
    assert.deepEqual(folders.sort(), [realpathSync(first), realpathSync(second)].sort(), 'the first folder is kept');
    const opened = await host.invoke('openFrame', { id: frame.id });
    assert.deepEqual([opened.width, opened.height], [20, 10]);

    // Opening it again changes nothing and finds the same frame.
    const again = await openFitsFile(host, join(second, 'frame 7.fits'));
    assert.equal(again.id, frame.id);
    assert.equal((await host.invoke('getSources', {})).sources.filter((s) => s.kind === 'folder').length, 2);
  } finally {
    await host.close();
    tmp.cleanup();
  }
});
