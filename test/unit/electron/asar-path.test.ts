import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { outsideAsarPath } from '../../../native-workers/asar-path.js';
import { outsideAsar, workerEntry } from '../../../native-workers/spawn-worker.js';

test('a worker inside app.asar starts from app.asar.unpacked (POSIX and Windows paths, spaces kept)', () => {
  assert.equal(outsideAsarPath('/opt/NightDeck/resources/app.asar/dist/native-workers/worker.js'), '/opt/NightDeck/resources/app.asar.unpacked/dist/native-workers/worker.js');
  assert.equal(
    outsideAsarPath('C:\\Program Files\\NightDeck\\resources\\app.asar\\dist\\native-workers\\worker.js'),
    'C:\\Program Files\\NightDeck\\resources\\app.asar.unpacked\\dist\\native-workers\\worker.js',
  );
  const from = pathToFileURL('/Applications/Night Deck.app/Contents/Resources/app.asar/dist/native-workers/pool.js').href;
  const entry = workerEntry(from, './worker');
  assert.equal(entry.href, pathToFileURL('/Applications/Night Deck.app/Contents/Resources/app.asar.unpacked/dist/native-workers/worker.js').href);
});

test('paths outside an archive, and names that only look alike, are unchanged', () => {
  for (const p of ['/work/nightdeck/dist/native-workers/worker.js', '/x/app.asar.unpacked/dist/w.js', '/x/my-app.asarx/w.js', '/x/app.asar']) {
    assert.equal(outsideAsarPath(p), p);
  }
  const url = new URL('data:text/javascript,1');
  assert.equal(outsideAsar(url), url);
});
