/**
 * The source named `SAMP`: frames other applications sent with `image.load.fits`. Each one is
 * copied into `<cache>/samp/<slot>/<name>` (a slot per load, or per sender + image-id so a
 * re-sent image replaces its frame), read from its headers like any listed frame, and added
 * to the catalogue; the frame list, analysis and viewer then treat it as any other.
 */
import { randomBytes, createHash } from 'node:crypto';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { mkdirSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameRecord } from '../store/catalogue-types.js';
import type { SourceStatus } from '../sources/events.js';
import { fileChunks, withFileRangeReader } from '../sources/file-range-reader.js';
import { parseFrameName } from '../sources/frame-name.js';
import { readFrameHeaders } from '../sources/header-reader.js';
import { realPathInside } from '../sources/safe-path.js';
import { SourceError, errorMessage } from '../sources/errors.js';
import type { ManagedSource, SourceDeps } from '../sources/source-types.js';
import { checkedUrl, fetchUrlTo, urlBaseName, type FetchOptions } from './url-fetch.js';

export const SAMP_SOURCE_ID = 'SAMP';
/** Frames kept from SAMP; older ones leave the catalogue and the cache (the folder must not grow forever). */
export const SAMP_MAX_FRAMES = 200;

export class NotFitsError extends Error {
  readonly code = 'NOT_FITS';
  constructor(message: string) {
    super(message);
    this.name = 'NotFitsError';
  }
}

type Container = 'fits' | 'gzip' | 'bzip2';

/** What the first bytes say the file is (FITS, or gzip/bzip2 of something to be checked next). */
async function sniff(path: string): Promise<Container | null> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(10);
    const { bytesRead } = await handle.read(head, 0, 10, 0);
    const b = head.subarray(0, bytesRead);
    if (b.length >= 9 && b.toString('latin1', 0, 9) === 'SIMPLE  =') return 'fits';
    if (b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b) return 'gzip';
    if (b.length >= 3 && b.toString('latin1', 0, 3) === 'BZh') return 'bzip2';
    return null;
  } finally {
    await handle.close();
  }
}

const FITS_EXT = /\.(?:fits|fit|fts)(?:\.(?:gz|bz2|fz))?$|\.fz$|\.(?:gz|bz2)$/i;

/** A safe file name for the frame, with the extension its content calls for. */
export function frameFileName(requested: string | undefined, fromUrl: string, container: Container): string {
  const wanted = (requested ?? '').trim() || fromUrl || 'samp-image';
  const fz = /\.fz$/i.test(wanted);
  const stem = wanted.replace(FITS_EXT, '').replace(/[^A-Za-z0-9._+-]/g, '_').replace(/^[.]+/, '').slice(0, 120) || 'samp-image';
  const ext = container === 'gzip' ? '.fits.gz' : container === 'bzip2' ? '.fits.bz2' : fz ? '.fits.fz' : '.fits';
  return stem + ext;
}

export interface LoadRequest {
  url: string;
  name?: string;
  imageId?: string;
  senderId?: string;
}

export interface LoadResult {
  record: FrameRecord;
  change: 'added' | 'updated';
}

export class SampSource implements ManagedSource {
  readonly id = SAMP_SOURCE_ID;
  readonly kind = 'samp' as const;
  readonly root: string;
  private lastLoadAt: string | null = null;

  constructor(
    cacheDir: string,
    private readonly deps: SourceDeps,
    private readonly fetchOptions: FetchOptions = {},
    private readonly maxFrames = SAMP_MAX_FRAMES,
  ) {
    const dir = join(cacheDir, 'samp');
    mkdirSync(join(dir, '.partial'), { recursive: true });
    this.root = realpathSync(dir);
  }

  get publicConfig(): Record<string, unknown> {
    return { id: this.id, path: this.root };
  }

  status(): SourceStatus {
    return { state: 'ok', lastPollAt: this.lastLoadAt, nextPollAt: null };
  }

  start(): void {}

  async stop(): Promise<void> {}

  async ensureLocal(key: string): Promise<string> {
    try {
      const path = await realPathInside(this.root, key);
      if (!(await stat(path)).isFile()) throw new Error('not a file');
      return path;
    } catch (err) {
      if (err instanceof SourceError) throw err;
      throw new SourceError('NOT_FOUND', `the SAMP frame '${key}' is no longer in the cache`, { key });
    }
  }

  async resolveCompat(directory: string | undefined, filename: string): Promise<string> {
    throw new SourceError('NOT_FOUND', `Image does not exist: ${directory ?? ''}/${filename}.`);
  }

  /** Removes the oldest SAMP frames beyond the limit (never the one just loaded). */
  private async trim(keep: string): Promise<void> {
    const { catalogue, events } = this.deps;
    const keys = catalogue.keysOf(this.id);
    if (keys.length <= this.maxFrames) return;
    const records = keys.map((k) => catalogue.get(this.id, k)).filter((r): r is FrameRecord => r !== null && r.key !== keep);
    records.sort((a, b) => a.updatedAt.localeCompare(b.updatedAt) || a.id - b.id);
    for (const r of records.slice(0, keys.length - this.maxFrames)) {
      const removed = catalogue.remove(this.id, r.key);
      if (removed) events.emit('imageRemoved', { source: this.id, key: r.key, id: removed.id });
      await rm(join(this.root, r.key.split('/')[0]!), { recursive: true, force: true });
    }
  }

  /** Copies the URL in, checks it is FITS, lists it. Throws UrlLoadError / NotFitsError / FITS errors. */
  async load(req: LoadRequest): Promise<LoadResult> {
    const url = checkedUrl(req.url);
    const partial = join(this.root, '.partial', randomBytes(8).toString('hex'));
    await fetchUrlTo(url, partial, this.fetchOptions);
    try {
      const container = await sniff(partial);
      if (!container) throw new NotFitsError(`${url.href.slice(0, 200)} is not a FITS file (nor gzip/bzip2 of one)`);
      const name = frameFileName(req.name, urlBaseName(url), container);
      const slot = req.imageId
        ? `id-${createHash('sha256').update(`${req.senderId ?? ''}\n${req.imageId}`).digest('hex').slice(0, 16)}`
        : `${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '')}-${randomBytes(3).toString('hex')}`;
      const key = `${slot}/${name}`;
      const previous = this.deps.catalogue.keysOf(this.id).filter((k) => k.startsWith(`${slot}/`) && k !== key);
      await mkdir(join(this.root, slot), { recursive: true });
      const finalPath = join(this.root, slot, name);
      // Headers first, from the temporary copy: a file that is not FITS never gets listed.
      const summary = await readFrameHeaders(name, {
        withRangeReader: (fn) => withFileRangeReader(partial, fn),
        openStream: async (signal) => fileChunks(partial, signal),
      });
      await rename(partial, finalPath);
      const st = await stat(finalPath);
      const { catalogue, events } = this.deps;
      for (const old of previous) {
        const removed = catalogue.remove(this.id, old);
        if (removed) events.emit('imageRemoved', { source: this.id, key: old, id: removed.id });
      }
      const { change } = catalogue.upsertListing({
        source: this.id,
        key,
        name,
        directory: '',
        size: st.size,
        etag: `${st.size}-${Math.floor(st.mtimeMs)}`,
        lastModified: st.mtime.toISOString(),
        nameFields: parseFrameName(name),
      });
      catalogue.setSummary(this.id, key, summary);
      const record = catalogue.setStatus(this.id, key, 'ready', { localPath: finalPath, error: null });
      const kind = change === 'added' ? 'added' : 'updated';
      events.emit(kind === 'added' ? 'imageAdded' : 'imageUpdated', record);
      await this.trim(key);
      this.lastLoadAt = new Date().toISOString();
      this.deps.logger.info({ source: this.id, key, bytes: st.size }, 'samp: frame loaded');
      return { record, change: kind };
    } catch (err) {
      await rm(partial, { force: true });
      this.deps.logger.info({ source: this.id, reason: errorMessage(err) }, 'samp: image not loaded');
      throw err;
    }
  }
}
