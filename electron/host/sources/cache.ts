/**
 * The on-disk frame cache: one file per (source, key), a byte limit, and eviction of the
 * least recently used frames that are neither pinned nor open. An index file maps cache
 * files back to their frames so eviction can be reported after a restart too.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { baseName } from './frame-name.js';
import { silentLogger, type SourceLogger } from './logger.js';

export const DEFAULT_CACHE_BYTES = 20 * 1024 ** 3;
const INDEX_FILE = 'index.json';
const PARTIAL_DIR = '.partial';

export interface CacheEntry {
  source: string;
  key: string;
  file: string;
  size: number;
  /** ms since epoch of the last use. */
  lastAccess: number;
  /** The object changed while this copy was open: never served again, replaced by the next download. */
  stale?: boolean;
}

export interface FrameCacheOptions {
  dir: string;
  maxBytes?: number;
  /** Told about every evicted frame, so the catalogue no longer calls it ready. */
  onEvict?: (entry: CacheEntry) => void;
  logger?: SourceLogger;
  now?: () => number;
}

function entryId(source: string, key: string): string {
  return `${source}\n${key}`;
}

/** File names stay short and safe whatever the key holds; the base name is kept for humans. */
function fileNameFor(source: string, key: string): string {
  const hash = createHash('sha256').update(entryId(source, key)).digest('hex').slice(0, 24);
  const readable = baseName(key).replace(/[^A-Za-z0-9._-]/g, '_').slice(-80);
  return `${hash}-${readable}`;
}

export class FrameCache {
  readonly dir: string;
  readonly maxBytes: number;
  private readonly entries = new Map<string, CacheEntry>();
  private readonly pins = new Map<string, number>();
  private readonly onEvict: (entry: CacheEntry) => void;
  private readonly logger: SourceLogger;
  private readonly now: () => number;
  private indexWrite: Promise<void> = Promise.resolve();

  constructor(options: FrameCacheOptions) {
    this.dir = options.dir;
    this.maxBytes = options.maxBytes ?? DEFAULT_CACHE_BYTES;
    this.onEvict = options.onEvict ?? (() => {});
    this.logger = options.logger ?? silentLogger;
    this.now = options.now ?? Date.now;
  }

  /** Creates the directory and reloads the index, dropping entries whose file has gone. */
  async init(): Promise<void> {
    await mkdir(join(this.dir, PARTIAL_DIR), { recursive: true });
    let saved: CacheEntry[] = [];
    try {
      saved = JSON.parse(await readFile(join(this.dir, INDEX_FILE), 'utf8')) as CacheEntry[];
    } catch {
      saved = []; // no index yet, or a damaged one: start empty
    }
    const files = new Set(await readdir(this.dir));
    for (const e of Array.isArray(saved) ? saved : []) {
      if (typeof e?.file !== 'string' || !files.has(e.file)) continue;
      const size = (await stat(join(this.dir, e.file))).size;
      this.entries.set(entryId(e.source, e.key), { ...e, size });
    }
    await this.evictIfNeeded();
  }

  get totalBytes(): number {
    let total = 0;
    for (const e of this.entries.values()) total += e.size;
    return total;
  }

  /** Where the frame lives once cached. */
  pathFor(source: string, key: string): string {
    return join(this.dir, fileNameFor(source, key));
  }

  /** Where a download in progress is written (kept between attempts for Range resume). */
  partialPathFor(source: string, key: string): string {
    return join(this.dir, PARTIAL_DIR, `${fileNameFor(source, key)}.part`);
  }

  /** The cached file's path (and marks it used), or null. */
  lookup(source: string, key: string): string | null {
    const entry = this.entries.get(entryId(source, key));
    if (!entry || entry.stale) return null;
    entry.lastAccess = this.now();
    this.persistIndex();
    return join(this.dir, entry.file);
  }

  has(source: string, key: string): boolean {
    return this.entries.has(entryId(source, key));
  }

  /** Moves a finished download into the cache atomically (rename), then evicts to the limit. */
  async admit(source: string, key: string, partialPath: string, size: number): Promise<string> {
    const file = fileNameFor(source, key);
    const path = join(this.dir, file);
    await rename(partialPath, path);
    const id = entryId(source, key);
    this.entries.set(id, { source, key, file, size, lastAccess: this.now() });
    await this.evictIfNeeded(id);
    this.persistIndex();
    return path;
  }

  /** Refcounted: a pinned (open) frame is never evicted. */
  pin(source: string, key: string): void {
    const id = entryId(source, key);
    this.pins.set(id, (this.pins.get(id) ?? 0) + 1);
  }

  unpin(source: string, key: string): void {
    const id = entryId(source, key);
    const n = (this.pins.get(id) ?? 0) - 1;
    if (n > 0) this.pins.set(id, n);
    else this.pins.delete(id);
  }

  isPinned(source: string, key: string): boolean {
    return (this.pins.get(entryId(source, key)) ?? 0) > 0;
  }

  /** Drops a frame's file (its object changed or was deleted); an open one is only marked stale. */
  async invalidate(source: string, key: string): Promise<boolean> {
    const id = entryId(source, key);
    const entry = this.entries.get(id);
    if (!entry) return false;
    if (this.isPinned(source, key)) {
      entry.stale = true; // readers keep their open file; the next ensureLocal downloads again
      return false;
    }
    this.entries.delete(id);
    await rm(join(this.dir, entry.file), { force: true });
    this.persistIndex();
    return true;
  }

  /** Evicts least recently used, unpinned frames until the total fits (`keep` is spared). */
  async evictIfNeeded(keep?: string): Promise<void> {
    let total = this.totalBytes;
    if (total <= this.maxBytes) return;
    const candidates = [...this.entries.entries()]
      .filter(([id]) => id !== keep && (this.pins.get(id) ?? 0) === 0)
      .sort((a, b) => a[1].lastAccess - b[1].lastAccess);
    for (const [id, entry] of candidates) {
      if (total <= this.maxBytes) break;
      this.entries.delete(id);
      total -= entry.size;
      await rm(join(this.dir, entry.file), { force: true });
      this.logger.info({ source: entry.source, key: entry.key, bytes: entry.size }, 'cache: evicted frame');
      try {
        this.onEvict(entry);
      } catch (err) {
        this.logger.warn({ err: String(err) }, 'cache: eviction listener failed');
      }
    }
    this.persistIndex();
  }

  /** Waits for pending index writes (tests, shutdown). */
  async flush(): Promise<void> {
    await this.indexWrite;
  }

  /** Writes the index through a temporary file, one write at a time. */
  private persistIndex(): void {
    const snapshot = JSON.stringify([...this.entries.values()]);
    this.indexWrite = this.indexWrite
      .then(async () => {
        const tmp = join(this.dir, `${INDEX_FILE}.tmp`);
        await writeFile(tmp, snapshot);
        await rename(tmp, join(this.dir, INDEX_FILE));
      })
      .catch((err: unknown) => this.logger.warn({ err: String(err) }, 'cache: index not saved'));
  }
}
