/**
 * An S3 bucket watched by polling. An idle poll is one ListObjectsV2 per directory
 * (StartAfter = the last key seen, kept in the catalogue's source state so restarts
 * resume); a slower full sweep notices deletions, changed ETags and late keys that sort
 * before the last one. Each new frame is listed from its headers only (Range reads, or a
 * decompressing stream abandoned after the first image header for .gz/.bz2).
 */
import { lateFrameQueries, recordKeys, type NightCursors } from './night-cursors.js';
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, type S3Client, type _Object } from '@aws-sdk/client-s3';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { RangeReader } from '../../../native-workers/fits/types.js';
import type { FrameListing, FrameRecord } from '../store/catalogue-types.js';
import { forEachLimited } from './concurrency.js';
import type { DownloadableSource, DownloadManager, RemoteRead } from './download-manager.js';
import { errorMessage, SourceError } from './errors.js';
import { baseName, isFitsName, parseFrameName } from './frame-name.js';
import { readFrameHeaders } from './header-reader.js';
import { PollLoop } from './poll-loop.js';
import { createS3Client, redactS3Config, resolveS3Config, type ResolvedS3Config, type S3SourceConfig } from './s3-config.js';
import { describeS3Error, isNotFound, isTransportError } from './s3-errors.js';
import type { SourceStatus } from './events.js';
import type { ManagedSource, SourceDeps } from './source-types.js';

/** Header reads in flight per source (small Range GETs: latency-bound, so several at once). */
const HEADER_READ_CONCURRENCY = 16;

/** Counters for tests and benchmarks. */
export interface S3SourceStats {
  listRequests: number;
  rangeRequests: number;
  /** Bytes received by header reads (Range bodies and the part of streams read before abort). */
  headerBytes: number;
  headerReads: number;
}

interface PersistedState {
  lastKey?: Record<string, string>;
  /** Per directory: the last key under each recent night's name prefix (see night-cursors.ts). */
  nightCursors?: Record<string, NightCursors>;
}

export interface S3SourceDeps extends SourceDeps {
  downloads: DownloadManager;
  /** Told when the cached copy of a frame is stale (its object changed or went away). */
  invalidateCache: (source: string, key: string) => Promise<void>;
  /** Called after each cycle with the frames it added (for automatic downloads of the newest frames). */
  onFramesAdded?: (source: S3Source, records: FrameRecord[]) => void;
  /** For tests: a client to use instead of one built from the configuration. */
  client?: S3Client;
}

export class S3Source implements ManagedSource, DownloadableSource {
  readonly kind = 's3' as const;
  readonly id: string;
  readonly config: ResolvedS3Config;
  readonly stats: S3SourceStats = { listRequests: 0, rangeRequests: 0, headerBytes: 0, headerReads: 0 };
  private readonly client: S3Client;
  private readonly loop: PollLoop;
  private lastSweepAt = -Infinity;
  /** The first sweep after start also repairs rows a previous run left half-done. */
  private repaired = false;
  private sweepRequested = false;
  /** Frames added during the current cycle, handed to onFramesAdded at its end. */
  private addedThisCycle: FrameRecord[] = [];

  constructor(config: S3SourceConfig, private readonly deps: S3SourceDeps) {
    this.config = resolveS3Config(config);
    this.id = this.config.id;
    this.client = deps.client ?? createS3Client(this.config);
    this.loop = new PollLoop({
      intervalMs: this.config.pollIntervalMs,
      cycle: (signal) => this.cycle(signal),
      describe: describeS3Error,
      onStatus: (status) => {
        if (status.lastError) deps.logger.warn({ source: this.id, state: status.state, reason: status.lastError.message }, 's3 source: poll failed');
        deps.events.emit('sourceStatus', { source: this.id, status });
      },
    });
  }

  get publicConfig(): Record<string, unknown> {
    return redactS3Config(this.config);
  }

  status(): SourceStatus {
    return this.loop.status;
  }

  start(): void {
    this.loop.start();
  }

  /** One poll (or sweep, when due or asked for) now; for tests and the "refresh" button. */
  pollNow(opts: { sweep?: boolean } = {}): Promise<void> {
    if (opts.sweep) this.sweepRequested = true;
    return this.loop.runNow();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
    this.client.destroy();
  }

  /** The key of `<directory>/<filename>` under the configured prefix. */
  keyFor(directory: string | undefined, filename: string): string {
    const dir = (directory ?? '').replace(/^\/+|\/+$/g, '');
    return `${this.config.prefix}${dir ? `${dir}/` : ''}${filename}`;
  }

  async ensureLocal(key: string, signal?: AbortSignal): Promise<string> {
    await this.ensureListed(key, signal);
    return this.deps.downloads.ensureLocal(this, key, signal);
  }

  async resolveCompat(directory: string | undefined, filename: string, signal?: AbortSignal): Promise<string> {
    if (filename.includes('/') || filename.includes('\\') || filename === '..' || (directory ?? '').split('/').includes('..')) {
      throw new SourceError('NOT_FOUND', `Image does not exist: ${directory ?? ''}/${filename}.`);
    }
    const key = this.keyFor(directory, filename);
    try {
      return await this.ensureLocal(key, signal);
    } catch (err) {
      if (err instanceof SourceError && err.code === 'NOT_FOUND') {
        throw new SourceError('NOT_FOUND', `Image does not exist: ${directory ?? ''}/${filename}.`, { key });
      }
      throw err;
    }
  }

  // ---- DownloadableSource ----

  async openRead(key: string, start: number, signal: AbortSignal): Promise<RemoteRead> {
    try {
      const out = await this.client.send(
        new GetObjectCommand({
          Bucket: this.config.bucket,
          Key: key,
          Range: start > 0 ? `bytes=${start}-` : undefined,
          RequestPayer: this.config.requesterPays ? 'requester' : undefined,
        }),
        { abortSignal: signal },
      );
      const rangeTotal = /\/(\d+)$/.exec(out.ContentRange ?? '');
      const totalSize = rangeTotal ? Number(rangeTotal[1]) : (out.ContentLength ?? 0);
      let body = out.Body as unknown as AsyncIterable<Uint8Array>;
      // A server that ignores Range sends the whole object: skip what we already have.
      if (start > 0 && !out.ContentRange) body = skipBytes(body, start);
      return { body, totalSize, etag: out.ETag ?? null };
    } catch (err) {
      if (isNotFound(err)) throw new SourceError('NOT_FOUND', `object '${key}' does not exist in bucket '${this.config.bucket}'`, { key });
      throw err;
    }
  }

  // ---- polling ----

  private async cycle(signal: AbortSignal): Promise<void> {
    const sweepDue = this.sweepRequested || Date.now() - this.lastSweepAt >= this.config.sweepIntervalMs;
    try {
      if (sweepDue) {
        this.sweepRequested = false;
        await this.sweep(signal);
        this.lastSweepAt = Date.now();
        this.repaired = true;
      } else {
        await this.incrementalPoll(signal);
      }
    } finally {
      // Handed over together, so "the newest N" is decided over everything this cycle found.
      const added = this.addedThisCycle.splice(0);
      if (added.length > 0 && !signal.aborted) this.deps.onFramesAdded?.(this, added);
    }
  }

  private directoryPrefix(directory: string): string {
    return `${this.config.prefix}${directory ? `${directory}/` : ''}`;
  }

  private loadState(): Required<PersistedState> {
    const state = this.deps.catalogue.getSourceState(this.id) as PersistedState;
    return { lastKey: { ...(state.lastKey ?? {}) }, nightCursors: { ...(state.nightCursors ?? {}) } };
  }

  /** Advances the directory's cursors past the keys of a handled page. */
  private saveCursors(directory: string, keys: string[]): void {
    const state = this.loadState();
    const last = keys.reduce<string | undefined>((max, k) => (!max || k > max ? k : max), undefined);
    if (last && (state.lastKey[directory] ?? '') < last) state.lastKey[directory] = last;
    state.nightCursors[directory] = recordKeys(state.nightCursors[directory] ?? {}, keys);
    this.deps.catalogue.setSourceState(this.id, { ...this.deps.catalogue.getSourceState(this.id), ...state });
  }

  /** Pages of ListObjectsV2 under a directory (or a narrower key prefix), after `startAfter` when given. */
  private async *listPages(
    directory: string,
    startAfter: string | undefined,
    signal: AbortSignal,
    prefix: string = this.directoryPrefix(directory),
  ): AsyncIterable<_Object[]> {
    let continuationToken: string | undefined;
    do {
      this.stats.listRequests++;
      const page = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.config.bucket,
          Prefix: prefix,
          StartAfter: continuationToken ? undefined : startAfter,
          ContinuationToken: continuationToken,
          MaxKeys: this.config.listPageSize,
          RequestPayer: this.config.requesterPays ? 'requester' : undefined,
        }),
        { abortSignal: signal },
      );
      yield page.Contents ?? [];
      continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (continuationToken);
  }

  private async incrementalPoll(signal: AbortSignal): Promise<void> {
    for (const directory of this.config.directories) {
      const startAfter = this.loadState().lastKey[directory];
      for await (const objects of this.listPages(directory, startAfter, signal)) {
        await this.processPage(directory, objects, signal);
      }
      // Late frames: the previous night after the date changed, or another instrument whose
      // names sort before the newest key. One request per recent prefix, not a full sweep.
      const state = this.loadState();
      for (const late of lateFrameQueries(state.nightCursors[directory] ?? {}, state.lastKey[directory])) {
        for await (const objects of this.listPages(directory, late.startAfter, signal, late.prefix)) {
          await this.processPage(directory, objects, signal);
        }
      }
    }
  }

  private async sweep(signal: AbortSignal): Promise<void> {
    const { catalogue, events } = this.deps;
    for (const directory of this.config.directories) {
      const seen = new Set<string>();
      for await (const objects of this.listPages(directory, undefined, signal)) {
        for (const o of objects) if (o.Key) seen.add(o.Key);
        await this.processPage(directory, objects, signal);
      }
      const dirPrefix = this.directoryPrefix(directory);
      for (const key of catalogue.keysOf(this.id)) {
        if (!key.startsWith(dirPrefix) || seen.has(key)) continue;
        if (this.config.directories.some((d) => d !== directory && d.startsWith(`${directory}/`) && key.startsWith(this.directoryPrefix(d)))) continue;
        const removed = catalogue.remove(this.id, key);
        await this.deps.invalidateCache(this.id, key);
        if (removed) events.emit('imageRemoved', { source: this.id, key, id: removed.id });
      }
    }
  }

  /** Lists the page's frames, reads new frames' headers, and advances the last key seen. */
  private async processPage(directory: string, objects: _Object[], signal: AbortSignal): Promise<void> {
    const frames = objects.filter((o): o is _Object & { Key: string } => typeof o.Key === 'string' && !o.Key.endsWith('/') && isFitsName(baseName(o.Key)));
    await forEachLimited(frames, HEADER_READ_CONCURRENCY, (o) => this.processObject(directory, o, signal));
    // Only after every frame of the page was handled: a crash before this re-lists them (upserts are idempotent).
    const keys = objects.map((o) => o.Key).filter((k): k is string => typeof k === 'string');
    if (keys.length > 0) this.saveCursors(directory, keys);
  }

  private listingOf(directory: string, key: string, size: number, etag: string | null, lastModified: Date | undefined): FrameListing {
    const name = baseName(key);
    return {
      source: this.id,
      key,
      name,
      directory,
      size,
      etag,
      lastModified: lastModified ? lastModified.toISOString() : null,
      nameFields: parseFrameName(name),
    };
  }

  private async processObject(directory: string, o: _Object & { Key: string }, signal: AbortSignal): Promise<void> {
    const { catalogue, events } = this.deps;
    const { record: listed, change } = catalogue.upsertListing(this.listingOf(directory, o.Key, o.Size ?? 0, o.ETag ?? null, o.LastModified));
    if (change === 'updated') {
      await this.deps.invalidateCache(this.id, o.Key);
      const updated = await this.readHeaders(listed, signal);
      events.emit('imageUpdated', updated);
      return;
    }
    const record = this.repaired ? listed : await this.repairLocalState(listed);
    // New, or listed before a crash / transport failure and never read: read its headers now.
    if (change === 'added' || (record.summary === null && record.status === 'listed')) {
      const added = await this.readHeaders(record, signal);
      events.emit('imageAdded', added);
      this.addedThisCycle.push(added);
    }
  }

  /**
   * A download cut off by a crash stays 'downloading', and a cached file may have been
   * deleted while the host was down: put such rows back to 'listed'.
   */
  private async repairLocalState(record: FrameRecord): Promise<FrameRecord> {
    const { catalogue, downloads } = this.deps;
    if (record.status === 'downloading' && !downloads.isActive(this.id, record.key)) {
      return catalogue.setStatus(this.id, record.key, 'listed', { localPath: null });
    }
    if (record.status === 'ready' && record.localPath && !(await stat(record.localPath).catch(() => null))) {
      return catalogue.setStatus(this.id, record.key, 'listed', { localPath: null });
    }
    return record;
  }

  /** Header-only read into the catalogue; a frame whose content is bad becomes an error row. */
  private async readHeaders(record: FrameRecord, signal: AbortSignal): Promise<FrameRecord> {
    const { catalogue } = this.deps;
    this.stats.headerReads++;
    try {
      const summary = await readFrameHeaders(record.name, this.headerAccess(record.key, record.size, signal), signal);
      return catalogue.setSummary(this.id, record.key, summary);
    } catch (err) {
      if (signal.aborted || isTransportError(err)) throw err; // retried by the next poll
      const code = (err as { code?: unknown }).code;
      const reason = `${typeof code === 'string' ? `${code}: ` : ''}${errorMessage(err)}`;
      this.deps.logger.warn({ source: this.id, key: record.key, reason }, 's3 source: frame headers unreadable');
      return catalogue.setStatus(this.id, record.key, 'error', { error: reason });
    }
  }

  private headerAccess(key: string, size: number, signal: AbortSignal) {
    return {
      withRangeReader: <T>(fn: (read: RangeReader) => Promise<T>): Promise<T> => fn(async (offset, length) => {
        if (offset >= size || length <= 0) return new Uint8Array(0);
        const end = Math.min(size, offset + length) - 1;
        this.stats.rangeRequests++;
        const out = await this.client.send(
          new GetObjectCommand({
            Bucket: this.config.bucket,
            Key: key,
            Range: `bytes=${offset}-${end}`,
            RequestPayer: this.config.requesterPays ? 'requester' : undefined,
          }),
          { abortSignal: signal },
        );
        const bytes = await out.Body!.transformToByteArray();
        this.stats.headerBytes += bytes.length;
        return bytes;
      }),
      openStream: async (signal: AbortSignal): Promise<AsyncIterable<Uint8Array>> => {
        const read = await this.openRead(key, 0, signal);
        return countBytes(read.body as AsyncIterable<Uint8Array> & Partial<Readable>, (n) => (this.stats.headerBytes += n));
      },
    };
  }

  /** Makes sure a key asked for by name (compat routes) is in the catalogue; NOT_FOUND when absent. */
  private async ensureListed(key: string, signal?: AbortSignal): Promise<void> {
    if (this.deps.catalogue.get(this.id, key)) return;
    let head;
    try {
      head = await this.client.send(new HeadObjectCommand({ Bucket: this.config.bucket, Key: key, RequestPayer: this.config.requesterPays ? 'requester' : undefined }), { abortSignal: signal });
    } catch (err) {
      if (isNotFound(err)) throw new SourceError('NOT_FOUND', `object '${key}' does not exist in bucket '${this.config.bucket}'`, { key });
      throw err;
    }
    const directory = key.slice(this.config.prefix.length).split('/').slice(0, -1).join('/');
    this.deps.catalogue.upsertListing(this.listingOf(directory, key, head.ContentLength ?? 0, head.ETag ?? null, head.LastModified));
  }
}

async function* skipBytes(body: AsyncIterable<Uint8Array>, skip: number): AsyncIterable<Uint8Array> {
  let left = skip;
  for await (const chunk of body) {
    if (left >= chunk.length) {
      left -= chunk.length;
      continue;
    }
    yield left > 0 ? chunk.subarray(left) : chunk;
    left = 0;
  }
}

async function* countBytes(body: AsyncIterable<Uint8Array>, count: (n: number) => void): AsyncIterable<Uint8Array> {
  for await (const chunk of body) {
    count(chunk.length);
    yield chunk;
  }
}
