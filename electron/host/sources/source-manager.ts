/**
 * The sources of one host: S3 buckets and night folders, their shared download manager and
 * cache, and one typed event stream. Created by the host (no module-level state).
 */
import { join } from 'node:path';
import type { CatalogueWriter, FrameRecord } from '../store/catalogue-types.js';
import { DEFAULT_CACHE_BYTES, FrameCache } from './cache.js';
import { DownloadManager } from './download-manager.js';
import { errorMessage, SourceError } from './errors.js';
import { SourceEvents, type SourceEventListener, type SourceEventName, type SourceStatus } from './events.js';
import { FolderSource, type FolderSourceConfig } from './folder-source.js';
import { silentLogger, type SourceLogger } from './logger.js';
import { S3Source } from './s3-source.js';
import type { S3SourceConfig } from './s3-config.js';
import type { ManagedSource, SourceKind } from './source-types.js';

export interface SourceManagerOptions {
  catalogue: CatalogueWriter;
  /** The cache folder in the data directory. */
  cacheDir: string;
  /** Cache size limit in bytes (default 20 GiB). */
  cacheBytes?: number;
  logger?: SourceLogger;
  /** Kept for the host's night computation; the catalogue derives nights itself. */
  siteLongitudeDeg?: number;
}

export interface SourceListEntry {
  id: string;
  kind: SourceKind;
  /** Configuration with secrets redacted. */
  config: Record<string, unknown>;
  status: SourceStatus;
}

export class SourceManager {
  readonly events: SourceEvents;
  readonly cache: FrameCache;
  readonly downloads: DownloadManager;
  private readonly sources = new Map<string, ManagedSource>();
  private readonly logger: SourceLogger;
  private readonly catalogue: CatalogueWriter;
  private readonly cacheReady: Promise<void>;
  private started = false;
  /** Newest keys per S3 source that auto-download keeps local. */
  private readonly newest = new Map<string, string[]>();

  constructor(options: SourceManagerOptions) {
    this.logger = options.logger ?? silentLogger;
    this.catalogue = options.catalogue;
    this.events = new SourceEvents((err) => this.logger.error({ reason: errorMessage(err) }, 'sources: event listener threw'));
    this.cache = new FrameCache({
      dir: options.cacheDir,
      maxBytes: options.cacheBytes ?? DEFAULT_CACHE_BYTES,
      logger: this.logger,
      onEvict: ({ source, key, file }) => {
        if (this.catalogue.get(source, key)) this.catalogue.setStatus(source, key, 'listed', { localPath: null });
        this.events.emit('fileGone', { source, key, path: join(options.cacheDir, file) });
      },
    });
    this.cacheReady = this.cache.init().catch((err: unknown) => this.logger.error({ reason: errorMessage(err) }, 'cache: cannot initialise'));
    this.downloads = new DownloadManager({ cache: this.cache, catalogue: this.catalogue, events: this.events, logger: this.logger });
  }

  /** Adds an S3 source (started at once when the manager runs); returns its id. */
  addS3(config: S3SourceConfig): string {
    const source = new S3Source(config, {
      catalogue: this.catalogue,
      events: this.events,
      logger: this.logger,
      downloads: this.downloads,
      invalidateCache: async (id, key) => {
        const path = this.cache.pathFor(id, key);
        if (await this.cache.invalidate(id, key)) this.events.emit('fileGone', { source: id, key, path });
      },
      onFramesAdded: (s, records) => this.autoDownload(s, records),
    });
    return this.register(source);
  }

  /** Adds a night folder (started at once when the manager runs); returns its id. */
  addFolder(config: FolderSourceConfig): string {
    return this.register(new FolderSource(config, { catalogue: this.catalogue, events: this.events, logger: this.logger }));
  }

  /** Adds a source built elsewhere (the SAMP source); returns its id. */
  addSource(source: ManagedSource): string {
    return this.register(source);
  }

  /** Stops and forgets a source (its frames stay in the catalogue). */
  async remove(id: string): Promise<boolean> {
    const source = this.sources.get(id);
    if (!source) return false;
    this.sources.delete(id);
    this.newest.delete(id);
    await source.stop();
    return true;
  }

  list(): SourceListEntry[] {
    return [...this.sources.values()].map((s) => ({ id: s.id, kind: s.kind, config: s.publicConfig, status: s.status() }));
  }

  /** The source object (tests, benchmarks). */
  get(id: string): ManagedSource | undefined {
    return this.sources.get(id);
  }

  async ensureLocal(source: string, key: string, signal?: AbortSignal): Promise<string> {
    await this.cacheReady;
    return this.sourceById(source).ensureLocal(key, signal);
  }

  /**
   * Local path of a frame named as the QuickAnalysis routes name it: the S3 object
   * `<s3Directory>/<filename>` of the configured S3 source; in folder mode
   * `<root>/<s3Directory>/<filename>`, else `<root>/<filename>`.
   */
  async resolveCompatFrame(s3Directory: string | undefined, filename: string, signal?: AbortSignal): Promise<string> {
    await this.cacheReady;
    const all = [...this.sources.values()];
    const source = all.find((s) => s.kind === 's3') ?? all.find((s) => s.kind === 'folder');
    if (!source || typeof filename !== 'string' || filename === '') {
      throw new SourceError('NOT_FOUND', `Image does not exist: ${s3Directory ?? ''}/${filename}.`);
    }
    return source.resolveCompat(s3Directory, filename, signal);
  }

  /** Keeps a cached frame from eviction while it is open (refcounted). */
  pin(source: string, key: string): void {
    this.cache.pin(source, key);
  }

  unpin(source: string, key: string): void {
    this.cache.unpin(source, key);
  }

  on<E extends SourceEventName>(event: E, listener: SourceEventListener<E>): () => void {
    return this.events.on(event, listener);
  }

  start(): void {
    this.started = true;
    for (const s of this.sources.values()) s.start();
  }

  /** Stops pollers, watchers and downloads; afterwards nothing keeps the process alive. */
  async stop(): Promise<void> {
    this.started = false;
    await this.downloads.stop();
    await Promise.allSettled([...this.sources.values()].map((s) => s.stop()));
    await this.cacheReady;
    await this.cache.flush();
  }

  private register(source: ManagedSource): string {
    if (this.sources.has(source.id)) throw new SourceError('BAD_CONFIG', `a source with id '${source.id}' already exists`);
    this.sources.set(source.id, source);
    if (this.started) source.start();
    this.logger.info({ source: source.id, kind: source.kind, config: source.publicConfig }, 'sources: added');
    return source.id;
  }

  private sourceById(id: string): ManagedSource {
    const source = this.sources.get(id);
    if (!source) throw new SourceError('NOT_FOUND', `no source '${id}'`);
    return source;
  }

  /** Downloads the N newest frames of a source (by key: Photon Ranch names sort by night and frame number). */
  private autoDownload(source: S3Source, records: FrameRecord[]): void {
    const n = source.config.autoDownloadNewest;
    if (n <= 0) return;
    const candidates = records.filter((r) => r.status !== 'error').map((r) => r.key);
    const newest = [...new Set([...(this.newest.get(source.id) ?? []), ...candidates])].sort().slice(-n);
    this.newest.set(source.id, newest);
    for (const key of candidates.filter((k) => newest.includes(k))) {
      source.ensureLocal(key).catch((err: unknown) => {
        this.logger.warn({ source: source.id, key, reason: errorMessage(err) }, 'sources: automatic download failed');
      });
    }
  }
}
