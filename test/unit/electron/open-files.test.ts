/**
 * FITS files handed to the desktop app: which command-line arguments are files, the queue
 * that holds them until the host is up, and how the file's folder becomes a source (over
 * the contract's operations, here against a recording fake host).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FrameSummary, SourceInfo } from '../../../electron/host/api.js';
import {
  fitsPathsFromArgv,
  isLaunchArgs,
  keyInSource,
  openFitsFile,
  OpenFileError,
  OpenRequestQueue,
  sourceCovering,
  type OpenFileHost,
} from '../../../electron/shell/open-files.js';

const cwd = join('/', 'home', 'obs', 'nights');

test('argv: the packaged app takes every FITS-named argument after the executable, relative to the working directory', () => {
  const argv = ['/opt/NightDeck/nightdeck', 'a.fits', '--enable-logging', 'sub/b.fz', join('/', 'abs', 'c.fit.gz'), 'notes.txt', 'a.fits'];
  assert.deepEqual(fitsPathsFromArgv({ argv, cwd, defaultApp: false }), [join(cwd, 'a.fits'), join(cwd, 'sub', 'b.fz'), join('/', 'abs', 'c.fit.gz')]);
});

test('argv: `electron . x.fits` skips the app directory; Chromium switches and other URLs are ignored', () => {
  const argv = ['/x/electron', '.', '--no-sandbox', '--original-process-start-time=1', 'x.FITS', 'https://example.org/y.fits'];
  assert.deepEqual(fitsPathsFromArgv({ argv, cwd, defaultApp: true }), [join(cwd, 'x.FITS')]);
  assert.deepEqual(fitsPathsFromArgv({ argv: ['/x/electron', '.'], cwd, defaultApp: true }), []);
});

test("argv: the Linux desktop entry's %U gives file:// URLs, spaces encoded", () => {
  const file = join('/', 'data', 'night one', 'frame 1.fits');
  const url = pathToFileURL(file).href;
  assert.match(url, /%20/);
  assert.deepEqual(fitsPathsFromArgv({ argv: ['/opt/NightDeck/nightdeck', url], cwd, defaultApp: false }), [file]);
});

test('second-instance data is accepted only in the shape this app sends', () => {
  assert.equal(isLaunchArgs({ argv: ['a'], cwd: '/', defaultApp: false }), true);
  assert.equal(isLaunchArgs({ argv: [1], cwd: '/', defaultApp: false }), false);
  assert.equal(isLaunchArgs(null), false);
  assert.equal(isLaunchArgs({ argv: [], cwd: '/' }), false);
});

test('the queue holds paths until the host is ready, then hands them over one at a time, in order', async () => {
  const queue = new OpenRequestQueue();
  queue.push('/a.fits');
  queue.push('/b.fits');
  const log: string[] = [];
  let running = 0;
  queue.attach(async (path) => {
    running++;
    assert.equal(running, 1, 'never two at once');
    log.push(`start ${path}`);
    await new Promise((r) => setImmediate(r));
    log.push(`end ${path}`);
    running--;
    if (path === '/b.fits') throw new Error('a failure does not stop the queue');
  });
  queue.push('/c.fits');
  await queue.drained();
  assert.deepEqual(log, ['start /a.fits', 'end /a.fits', 'start /b.fits', 'end /b.fits', 'start /c.fits', 'end /c.fits']);
});

function folder(root: string, recursive = false, id = `folder:${root}`): SourceInfo {
  return { id, kind: 'folder', config: { id, path: root, recursive }, status: { state: 'ok' } };
}

test('a folder source covers its own files, and a recursive one its sub-folders', () => {
  const sources = [folder('/n1'), folder('/deep', true), { ...folder('/demo'), kind: 'demo' as const }];
  assert.equal(sourceCovering(sources, '/n1/a.fits')?.id, 'folder:/n1');
  assert.equal(sourceCovering(sources, '/n1/sub/a.fits'), null, 'not recursive');
  assert.equal(sourceCovering(sources, '/deep/x/y/a.fits')?.id, 'folder:/deep');
  assert.equal(sourceCovering(sources, '/deeper/a.fits'), null, 'a sibling whose name starts alike is not inside');
  assert.equal(sourceCovering(sources, '/demo/a.fits'), null, 'the demo night is not a folder the user chose');
  assert.equal(keyInSource('/deep', '/deep/x/y/a.fits'), 'x/y/a.fits');
});

function summary(id: number, source: string, key: string): FrameSummary {
  return {
    id, source, key, name: key.split('/').pop()!, night: '20240102', status: 'ready', error: null, dateObs: null, exptime: null,
    filter: null, object: null, shape: [], bitpix: null, size: 1, addedAt: '', stats: null, quality: null,
  };
}

/** A host with folder sources, recording calls; frames appear when `list` is called. */
function fakeHost(initial: SourceInfo[]) {
  let sources = [...initial];
  const frames: FrameSummary[] = [];
  const calls: { name: string; request: any }[] = [];
  const listeners = new Set<(f: FrameSummary) => void>();
  const host: OpenFileHost = {
    async invoke(name: string, request: any): Promise<any> {
      calls.push({ name, request });
      if (name === 'getSources') return { sources };
      if (name === 'setSources') {
        sources = (request.folders as { path: string; recursive?: boolean }[]).map((f) => folder(f.path, f.recursive ?? false));
        return { sources };
      }
      if (name === 'listFrames') return { frames: frames.filter((f) => f.source === request.source), total: frames.length };
      throw new Error(`unexpected ${name}`);
    },
    on(_event, listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  } as OpenFileHost;
  return {
    host,
    calls,
    listeners,
    list(frame: FrameSummary) {
      frames.push(frame);
      for (const l of listeners) l(frame);
    },
  };
}

const identity = (p: string) => p;

test("a file in a new folder: the folder is added beside the existing ones, and the frame is returned once listed", async () => {
  const fake = fakeHost([folder('/n1'), folder('/deep', true)]);
  const opening = openFitsFile(fake.host, '/n2/x.fits', { realpath: identity });
  await new Promise((r) => setImmediate(r));
  const set = fake.calls.find((c) => c.name === 'setSources');
  assert.deepEqual(set?.request, { folders: [{ path: '/n1', recursive: false }, { path: '/deep', recursive: true }, { path: '/n2' }] });
  assert.equal('s3' in set!.request, false, 'S3 sources (and their secrets) are left as configured');
  fake.list(summary(9, 'folder:/n2', 'other.fits'));
  fake.list(summary(10, 'folder:/n2', 'x.fits'));
  assert.equal((await opening).id, 10);
  assert.equal(fake.listeners.size, 0, 'listeners are removed');
});

test('a file already listed under a recursive source is opened without changing the sources', async () => {
  const fake = fakeHost([folder('/deep', true)]);
  fake.list(summary(3, 'folder:/deep', 'a/b.fits'));
  const frame = await openFitsFile(fake.host, '/deep/a/b.fits', { realpath: identity });
  assert.equal(frame.id, 3);
  assert.equal(fake.calls.some((c) => c.name === 'setSources'), false);
});

test('a missing file, a non-FITS name and a file never listed are typed errors', async () => {
  const fake = fakeHost([folder('/n1')]);
  await assert.rejects(
    openFitsFile(fake.host, '/gone.fits', { realpath: () => { throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' }); } }),
    (e: unknown) => e instanceof OpenFileError && e.code === 'NOT_FOUND',
  );
  await assert.rejects(openFitsFile(fake.host, '/n1/readme.txt', { realpath: identity }), (e: unknown) => e instanceof OpenFileError && e.code === 'NOT_FITS');
  await assert.rejects(
    openFitsFile(fake.host, '/n1/late.fits', { realpath: identity, timeoutMs: 20 }),
    (e: unknown) => e instanceof OpenFileError && e.code === 'TIMEOUT' && /late\.fits/.test(e.message),
  );
  assert.equal(fake.listeners.size, 0);
});
