/**
 * Downloads frames into the cache: one transfer per frame however many callers wait
 * (single flight), progress events, Range resume after a broken connection, integrity
 * checks (length; MD5 when the ETag is a plain MD5) and an atomic move into the cache.
 */
import { createHash, type Hash } from 'node:crypto';
import { open, rm, stat } from 'node:fs/promises';
import type { CatalogueWriter } from '../store/catalogue-types.js';
import { backoffDelay, sleep } from './backoff.js';
import type { FrameCache } from './cache.js';
import { abortError, errorMessage, isSourceError, SourceError } from './errors.js';
import type { SourceEvents } from './events.js';
import { silentLogger, type SourceLogger } from './logger.js';

/** A response body from `start` to the end of the object. */
export interface RemoteRead {
  body: AsyncIterable<Uint8Array>;
  /** Size of the whole object. */
  totalSize: number;
  etag: string | null;
}

/** What a remote source offers the download manager. */
export interface DownloadableSource {
  readonly id: string;
  /** Opens the object from byte `start`; rejects with NOT_FOUND when it does not exist. */
  openRead(key: string, start: number, signal: AbortSignal): Promise<RemoteRead>;
}

export interface DownloadManagerOptions {
  cache: FrameCache;
  catalogue: CatalogueWriter;
  events: SourceEvents;
  logger?: SourceLogger;
  /** Attempts without progress before giving up (default 8). */
  maxAttemptsWithoutProgress?: number;
  /** First retry delay; doubles up to 10 s (default 250 ms). */
  retryBaseMs?: number;
  /** Minimum bytes between two progress events (default 256 KiB). */
  progressEveryBytes?: number;
}

interface Flight {
  promise: Promise<string>;
  controller: AbortController;
  waiters: number;
}

const PLAIN_MD5_ETAG = /^"?([0-9a-f]{32})"?$/i;

/** The MD5 an ETag stands for, or null for multipart / SSE-KMS / missing ETags. */
export function md5OfEtag(etag: string | null): string | null {
  const m = etag ? PLAIN_MD5_ETAG.exec(etag) : null;
  return m ? m[1]!.toLowerCase() : null;
}

export class DownloadManager {
  private readonly flights = new Map<string, Flight>();
  private readonly logger: SourceLogger;
  private readonly maxAttempts: number;
  private readonly retryBaseMs: number;
  private readonly progressEvery: number;
  private stopped = false;

  constructor(private readonly options: DownloadManagerOptions) {
    this.logger = options.logger ?? silentLogger;
    this.maxAttempts = options.maxAttemptsWithoutProgress ?? 8;
    this.retryBaseMs = options.retryBaseMs ?? 250;
    this.progressEvery = options.progressEveryBytes ?? 256 * 1024;
  }

  /** Downloads in flight (keys as 'source\nkey'). */
  get active(): number {
    return this.flights.size;
  }

  /**
   * The local path of the frame, downloading it first if needed. Concurrent calls for the
   * same frame share one transfer; the transfer is cancelled when every caller has aborted.
   */
  async ensureLocal(source: DownloadableSource, key: string, signal?: AbortSignal): Promise<string> {
    if (this.stopped) throw abortError('the download manager has stopped');
    if (signal?.aborted) throw abortError();
    const cached = this.options.cache.lookup(source.id, key);
    if (cached && (await fileExists(cached))) return cached;

    const id = `${source.id}\n${key}`;
    let flight = this.flights.get(id);
    if (!flight) {
      const controller = new AbortController();
      const promise = this.download(source, key, controller.signal).finally(() => this.flights.delete(id));
      flight = { promise, controller, waiters: 0 };
      this.flights.set(id, flight);
    }
    return this.wait(flight, signal);
  }

  /** Whether a transfer of this frame is running now. */
  isActive(source: string, key: string): boolean {
    return this.flights.has(`${source}\n${key}`);
  }

  /** Aborts every transfer and waits for them to settle. */
  async stop(): Promise<void> {
    this.stopped = true;
    const pending = [...this.flights.values()];
    for (const f of pending) f.controller.abort(abortError('the download manager has stopped'));
    await Promise.allSettled(pending.map((f) => f.promise));
  }

  private wait(flight: Flight, signal?: AbortSignal): Promise<string> {
    flight.waiters++;
    if (!signal) return flight.promise;
    return new Promise<string>((resolve, reject) => {
      const onAbort = (): void => {
        reject(abortError());
        if (--flight.waiters === 0) flight.controller.abort(abortError());
      };
      signal.addEventListener('abort', onAbort, { once: true });
      flight.promise.then(
        (path) => {
          signal.removeEventListener('abort', onAbort);
          resolve(path);
        },
        (err: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(err);
        },
      );
    });
  }

  private setStatus(source: string, key: string, status: 'listed' | 'downloading' | 'ready' | 'error', detail?: { error?: string | null; localPath?: string | null }): void {
    const { catalogue } = this.options;
    if (!catalogue.get(source, key)) return; // a compat request for a frame not listed (yet)
    catalogue.setStatus(source, key, status, detail);
  }

  private async download(source: DownloadableSource, key: string, signal: AbortSignal): Promise<string> {
    this.setStatus(source.id, key, 'downloading', { error: null });
    try {
      const partial = this.options.cache.partialPathFor(source.id, key);
      const size = await this.transfer(source, key, partial, signal);
      const path = await this.options.cache.admit(source.id, key, partial, size);
      this.setStatus(source.id, key, 'ready', { localPath: path, error: null });
      this.logger.info({ source: source.id, key, bytes: size }, 'download: frame ready');
      return path;
    } catch (err) {
      if (signal.aborted) {
        this.setStatus(source.id, key, 'listed', { error: null });
        throw isSourceError(err) && err.code === 'ABORTED' ? err : abortError();
      }
      if (isSourceError(err) && err.code === 'NOT_FOUND') {
        this.setStatus(source.id, key, 'error', { error: err.message });
        throw err;
      }
      const reason = `download failed: ${errorMessage(err)}`;
      this.setStatus(source.id, key, 'error', { error: reason });
      this.logger.warn({ source: source.id, key, reason }, 'download: failed');
      throw isSourceError(err) ? err : new SourceError('DOWNLOAD_FAILED', reason, { source: source.id, key });
    }
  }

  /** Streams the object into `partial`, resuming with Range after failures; returns its size. */
  private async transfer(source: DownloadableSource, key: string, partial: string, signal: AbortSignal): Promise<number> {
    await rm(partial, { force: true }); // a leftover from another run: its version is unknown
    const file = await open(partial, 'w');
    let hash: Hash = createHash('md5');
    let done = 0;
    let total = -1;
    let etag: string | null = null;
    let failures = 0;
    let lastReported = -Infinity;
    const report = (force: boolean): void => {
      if (!force && done - lastReported < this.progressEvery) return;
      lastReported = done;
      this.options.events.emit('downloadProgress', { source: source.id, key, bytesDone: done, bytesTotal: total });
    };
    try {
      for (;;) {
        if (signal.aborted) throw abortError();
        const progressBefore = done;
        try {
          const read = await source.openRead(key, done, signal);
          if (total >= 0 && (read.totalSize !== total || read.etag !== etag)) {
            // The object changed between attempts: start again from the first byte.
            this.logger.warn({ source: source.id, key }, 'download: object changed while downloading; restarting');
            await file.truncate(0);
            hash = createHash('md5');
            done = 0;
            total = -1;
            throw new SourceError('DOWNLOAD_FAILED', 'object changed during download');
          }
          total = read.totalSize;
          etag = read.etag;
          if (done === 0) report(true);
          for await (const chunk of read.body) {
            if (signal.aborted) throw abortError();
            const remaining = total - done;
            const piece = chunk.length > remaining ? chunk.subarray(0, remaining) : chunk;
            await file.write(piece, 0, piece.length, done);
            hash.update(piece);
            done += piece.length;
            report(false);
          }
          if (done < total) throw new SourceError('DOWNLOAD_FAILED', `connection ended at byte ${done} of ${total}`);
          break;
        } catch (err) {
          if (signal.aborted) throw abortError();
          if (isSourceError(err) && err.code === 'NOT_FOUND') throw err;
          failures = done > progressBefore ? 1 : failures + 1;
          if (failures > this.maxAttempts) throw err;
          const delay = backoffDelay(failures, this.retryBaseMs, 10_000);
          this.logger.warn({ source: source.id, key, bytesDone: done, attempt: failures, delayMs: delay, reason: errorMessage(err) }, 'download: interrupted; resuming with Range');
          await sleep(delay, signal).catch(() => {
            throw abortError();
          });
        }
      }
    } finally {
      await file.close();
    }
    report(true);
    const size = (await stat(partial)).size;
    if (size !== total) throw new SourceError('INTEGRITY', `downloaded ${size} bytes, the object has ${total}`);
    const md5 = md5OfEtag(etag);
    const actual = hash.digest('hex');
    if (md5 && md5 !== actual) {
      await rm(partial, { force: true });
      throw new SourceError('INTEGRITY', `MD5 ${actual} of the downloaded bytes does not match the ETag ${md5}`);
    }
    return size;
  }
}

async function fileExists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
