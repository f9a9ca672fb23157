import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DownloadManager, md5OfEtag, type DownloadableSource, type RemoteRead } from '../../../electron/host/sources/download-manager.js';
import { FrameCache } from '../../../electron/host/sources/cache.js';
import { SourceEvents } from '../../../electron/host/sources/events.js';
import { parseFrameName } from '../../../electron/host/sources/frame-name.js';
import { makeTempDir } from '../../helpers/tmp.js';
import { openCatalogue, waitFor } from '../../helpers/sources/env.js';

const temps: (() => void)[] = [];
after(() => temps.forEach((c) => c()));

/** A remote that serves `content` in 1 KiB chunks, optionally breaking after `breakAfter` bytes once. */
function fakeSource(content: Uint8Array, etag: string | null, opts: { breakAfter?: number; delayMs?: number } = {}): DownloadableSource & { starts: number[] } {
  let broken = false;
  const starts: number[] = [];
  return {
    id: 'fake',
    starts,
    async openRead(_key: string, start: number, signal: AbortSignal): Promise<RemoteRead> {
      starts.push(start);
      const body = async function* () {
        for (let at = start; at < content.length; at += 1024) {
          if (signal.aborted) throw new Error('aborted');
          if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
          if (!broken && opts.breakAfter !== undefined && at >= opts.breakAfter) {
            broken = true;
            throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
          }
          yield content.subarray(at, Math.min(content.length, at + 1024));
        }
      };
      return { body: body(), totalSize: content.length, etag };
    },
  };
}

async function setup() {
  const { dir, cleanup } = makeTempDir('nightdeck-dl-');
  temps.push(cleanup);
  const db = openCatalogue(dir);
  temps.push(() => db.close());
  const cache = new FrameCache({ dir: join(dir, 'cache'), maxBytes: 1e9 });
  await cache.init();
  const events = new SourceEvents();
  const downloads = new DownloadManager({ cache, catalogue: db.catalogue, events, retryBaseMs: 5 });
  db.catalogue.upsertListing({ source: 'fake', key: 'k.fits', name: 'k.fits', directory: '', size: 0, etag: null, lastModified: null, nameFields: parseFrameName('k.fits') });
  return { downloads, catalogue: db.catalogue, events };
}

const content = new Uint8Array(10_000).map((_, i) => (i * 31) % 251);
const md5 = createHash('md5').update(content).digest('hex');

describe('download manager', () => {
  test('a plain 32-hex ETag is an MD5; multipart ETags are not', () => {
    assert.equal(md5OfEtag(`"${md5}"`), md5);
    assert.equal(md5OfEtag('"0123456789abcdef0123456789abcdef-3"'), null);
    assert.equal(md5OfEtag(null), null);
  });

  test('a broken connection is resumed from the byte it reached, and the result verified against the ETag MD5', async () => {
    const { downloads, catalogue } = await setup();
    const source = fakeSource(content, `"${md5}"`, { breakAfter: 4096 });
    const path = await downloads.ensureLocal(source, 'k.fits');
    assert.deepEqual(source.starts, [0, 4096]);
    assert.deepEqual(new Uint8Array(readFileSync(path)), content);
    assert.equal(catalogue.get('fake', 'k.fits')?.status, 'ready');
  });

  test('content whose MD5 differs from the ETag is refused (INTEGRITY) and the frame marked as an error', async () => {
    const { downloads, catalogue } = await setup();
    const source = fakeSource(content, '"00000000000000000000000000000000"');
    await assert.rejects(downloads.ensureLocal(source, 'k.fits'), { code: 'INTEGRITY' });
    const record = catalogue.get('fake', 'k.fits')!;
    assert.equal(record.status, 'error');
    assert.match(record.error ?? '', /MD5/);
  });

  test('when every waiting caller aborts, the transfer stops and the frame returns to listed', async () => {
    const { downloads, catalogue } = await setup();
    const source = fakeSource(content, null, { delayMs: 20 });
    const controller = new AbortController();
    const pending = downloads.ensureLocal(source, 'k.fits', controller.signal);
    // Timers fire in order: the abort (50 ms) comes before the third 20 ms chunk, whatever the load.
    setTimeout(() => controller.abort(), 50);
    await assert.rejects(pending, { code: 'ABORTED' });
    await waitFor('the transfer to stop', () => downloads.active === 0);
    assert.equal(catalogue.get('fake', 'k.fits')?.status, 'listed');
  });
});
