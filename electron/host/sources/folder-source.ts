/**
 * A night folder on disk (offline review, or a folder a pipeline writes into). The first
 * scan lists frames from their headers only; a watcher (fs.watch, recursive where the
 * platform has it) plus a periodic rescan adds frames as they appear, once their size and
 * mtime have held still over two checks (a copy in progress is not listed half-written),
 * and notices removals. Keys are '/'-separated paths relative to the root; nothing outside
 * the root is ever read (no '..' escapes, no symlinks pointing out).
 */
import { watch, realpathSync, type FSWatcher, type Stats } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, posix } from 'node:path';
import type { FrameListing, FrameRecord } from '../store/catalogue-types.js';
import { forEachLimited } from './concurrency.js';
import { errorMessage, SourceError } from './errors.js';
import type { SourceStatus } from './events.js';
import { fileChunks, withFileRangeReader } from './file-range-reader.js';
import { baseName, isFitsName, parseFrameName } from './frame-name.js';
import { readFrameHeaders } from './header-reader.js';
import { PollLoop } from './poll-loop.js';
import { keyOf, lexicalPathInside, realPathInside } from './safe-path.js';
import type { ManagedSource, SourceDeps } from './source-types.js';

export interface FolderSourceConfig {
  /** Stable id; default 'folder:<real path of the root>'. */
  id?: string;
  path: string;
  /** Include sub-folders (default false). */
  recursive?: boolean;
  /** Full rescan period, the watcher's safety net (default 5000 ms). */
  rescanIntervalMs?: number;
  /** Time between the two size/mtime checks that prove a file is complete (default 500 ms). */
  stableCheckMs?: number;
}

interface Observation {
  size: number;
  mtimeMs: number;
}

const HEADER_READ_CONCURRENCY = 8;
const STAT_CONCURRENCY = 16;

function etagOf(st: Observation): string {
  return `${st.size}-${Math.floor(st.mtimeMs)}`;
}

function describeFolderError(err: unknown): { code: string; message: string; needsAttention: boolean } {
  const code = (err as { code?: unknown })?.code;
  const c = typeof code === 'string' ? code : 'SCAN_FAILED';
  const reasons: Record<string, string> = {
    ENOENT: 'the folder does not exist (unmounted disk?)',
    EACCES: 'permission denied reading the folder',
    EPERM: 'permission denied reading the folder',
    ENOTDIR: 'the path is not a folder',
  };
  return { code: c, message: `${c}: ${reasons[c] ?? errorMessage(err)}`, needsAttention: true };
}

export class FolderSource implements ManagedSource {
  readonly kind = 'folder' as const;
  readonly id: string;
  readonly root: string;
  readonly recursive: boolean;
  private readonly stableCheckMs: number;
  private readonly rescanIntervalMs: number;
  private readonly loop: PollLoop;
  private watcher: FSWatcher | null = null;
  /** Files seen once and waiting for the confirming second check. */
  private readonly pending = new Map<string, Observation>();
  private pendingTimer: NodeJS.Timeout | null = null;
  /** Keys being ingested right now (the watcher and a rescan may both see a file). */
  private readonly ingesting = new Set<string>();
  private readonly inflight = new Set<Promise<void>>();
  /** Not started: no watcher or timers (manual scans still work). */
  private stopped = true;
  /** stop() was called: in-flight work must not write any more. */
  private closed = false;
  private controller = new AbortController();

  constructor(config: FolderSourceConfig, private readonly deps: SourceDeps) {
    if (typeof config?.path !== 'string' || config.path === '') throw new SourceError('BAD_CONFIG', 'invalid folder source: path is required');
    try {
      this.root = realpathSync(config.path);
    } catch (err) {
      throw new SourceError('BAD_CONFIG', `invalid folder source: ${config.path}: ${errorMessage(err)}`);
    }
    this.id = config.id ?? `folder:${this.root}`;
    this.recursive = config.recursive ?? false;
    this.stableCheckMs = config.stableCheckMs ?? 500;
    this.rescanIntervalMs = config.rescanIntervalMs ?? 5000;
    this.loop = new PollLoop({
      intervalMs: this.rescanIntervalMs,
      cycle: (signal) => this.scan(signal),
      describe: describeFolderError,
      onStatus: (status) => deps.events.emit('sourceStatus', { source: this.id, status }),
    });
  }

  get publicConfig(): Record<string, unknown> {
    return { id: this.id, path: this.root, recursive: this.recursive, rescanIntervalMs: this.rescanIntervalMs, stableCheckMs: this.stableCheckMs };
  }

  status(): SourceStatus {
    return this.loop.status;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.closed = false;
    this.controller = new AbortController();
    this.startWatcher();
    this.loop.start();
  }

  /** One full scan now, then the stability checks until every file seen is listed (tests, refresh). */
  async scanNow(maxRounds = 20): Promise<void> {
    await this.loop.runNow();
    for (let round = 0; round < maxRounds && this.pending.size > 0; round++) {
      await new Promise((r) => setTimeout(r, this.stableCheckMs));
      await this.checkPending();
    }
  }

  /** One stability check of the files seen and not yet listed, now: tests drive the checks one by one. */
  checkNow(): Promise<void> {
    return this.checkPending();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.closed = true;
    this.controller.abort();
    this.watcher?.close();
    this.watcher = null;
    if (this.pendingTimer) clearTimeout(this.pendingTimer);
    this.pendingTimer = null;
    this.pending.clear();
    await this.loop.stop();
    await Promise.allSettled([...this.inflight]);
  }

  async ensureLocal(key: string): Promise<string> {
    let path: string;
    try {
      path = await realPathInside(this.root, key);
      if (!(await stat(path)).isFile()) throw new Error('not a file');
    } catch (err) {
      if (err instanceof SourceError) throw err;
      throw new SourceError('NOT_FOUND', `frame '${key}' does not exist in ${this.root}`, { key });
    }
    return path;
  }

  async resolveCompat(directory: string | undefined, filename: string): Promise<string> {
    const dir = (directory ?? '').replace(/^\/+|\/+$/g, '');
    const candidates = dir ? [`${dir}/${filename}`, filename] : [filename];
    for (const key of candidates) {
      try {
        return await this.ensureLocal(key);
      } catch (err) {
        if (err instanceof SourceError && err.code === 'NOT_FOUND') continue;
        throw err;
      }
    }
    throw new SourceError('NOT_FOUND', `Image does not exist: ${directory ?? ''}/${filename}.`);
  }

  // ---- discovery ----

  private startWatcher(): void {
    try {
      this.watcher = watch(this.root, { recursive: this.recursive, persistent: false }, (_event, filename) => {
        if (filename) this.noticePath(filename.toString().split('\\').join('/'));
      });
      this.watcher.on('error', (err) => {
        this.deps.logger.warn({ source: this.id, reason: errorMessage(err) }, 'folder source: watcher failed; rescans continue');
        this.watcher?.close();
        this.watcher = null;
      });
    } catch (err) {
      // Recursive watching is missing on some platforms: the periodic rescan covers it.
      this.deps.logger.info({ source: this.id, reason: errorMessage(err) }, 'folder source: no watcher; rescanning periodically');
    }
  }

  /** A watcher event: look at that path now (new, changed or removed file). */
  private noticePath(key: string): void {
    if (this.stopped || !isFitsName(baseName(key)) || key.split('/').some((s) => s.startsWith('.'))) return;
    this.track(
      (async () => {
        let st: Stats;
        try {
          st = await stat(lexicalPathInside(this.root, key));
        } catch {
          this.forget(key);
          return;
        }
        if (st.isFile()) this.observe(key, st);
      })(),
    );
  }

  /** Walks the folder: observes every FITS file and removes frames whose file has gone. */
  private async scan(signal: AbortSignal): Promise<void> {
    await stat(this.root); // a missing root fails the scan (status error) instead of deleting every frame
    const seen = new Set<string>();
    const walk = async (dir: string): Promise<void> => {
      const entries = await readdir(dir, { withFileTypes: true });
      for (const entry of entries) {
        if (signal.aborted) return;
        if (entry.name.startsWith('.')) continue; // hidden: partial copies (rsync), system files
        const abs = join(dir, entry.name);
        const key = keyOf(this.root, abs);
        if (entry.isDirectory()) {
          if (this.recursive) await walk(abs);
          continue;
        }
        if (!isFitsName(entry.name)) continue;
        if (!entry.isFile() && !entry.isSymbolicLink()) continue;
        let real: string;
        try {
          real = await realPathInside(this.root, key);
        } catch (err) {
          if (err instanceof SourceError) this.deps.logger.warn({ source: this.id, key }, 'folder source: symlink points outside the root; skipped');
          continue;
        }
        const st = await stat(real).catch(() => null);
        if (!st?.isFile()) continue;
        seen.add(key);
        this.observe(key, st);
      }
    };
    await walk(this.root);
    if (signal.aborted) return;
    for (const key of this.deps.catalogue.keysOf(this.id)) {
      if (!seen.has(key) && !this.pending.has(key)) this.forget(key);
    }
  }

  /** First sight of a (changed) file: remember it; the next check lists it if it held still. */
  private observe(key: string, st: Observation): void {
    const record = this.deps.catalogue.get(this.id, key);
    if (record && record.etag === etagOf(st) && !(record.summary === null && record.status === 'listed')) {
      this.pending.delete(key);
      return; // known and unchanged
    }
    const previous = this.pending.get(key);
    if (!previous) {
      this.pending.set(key, { size: st.size, mtimeMs: st.mtimeMs });
      this.schedulePendingCheck();
    }
  }

  private schedulePendingCheck(): void {
    if (this.pendingTimer || this.stopped) return;
    this.pendingTimer = setTimeout(() => {
      this.pendingTimer = null;
      this.track(this.checkPending());
    }, this.stableCheckMs);
  }

  /** Second check: unchanged size and mtime → ingest; changed → wait another round; gone → drop. */
  private async checkPending(): Promise<void> {
    const ready: { key: string; path: string; st: Stats }[] = [];
    await forEachLimited([...this.pending], STAT_CONCURRENCY, async ([key, before]) => {
      let st: Stats | null = null;
      let path = '';
      try {
        path = await realPathInside(this.root, key);
        st = await stat(path);
      } catch {
        st = null;
      }
      if (!st || !st.isFile()) {
        this.pending.delete(key);
      } else if (st.size === before.size && st.mtimeMs === before.mtimeMs && st.size > 0) {
        this.pending.delete(key);
        ready.push({ key, path, st });
      } else {
        this.pending.set(key, { size: st.size, mtimeMs: st.mtimeMs });
      }
    });
    if (this.pending.size > 0) this.schedulePendingCheck();
    await forEachLimited(ready, HEADER_READ_CONCURRENCY, ({ key, path, st }) => this.ingest(key, path, st));
  }

  private listingOf(key: string, st: Stats): FrameListing {
    const name = baseName(key);
    const dir = posix.dirname(key);
    return {
      source: this.id,
      key,
      name,
      directory: dir === '.' ? '' : dir,
      size: st.size,
      etag: etagOf(st),
      lastModified: st.mtime.toISOString(),
      nameFields: parseFrameName(name),
    };
  }

  /** Lists a complete file: catalogue row, header-only read, 'ready' with its path. */
  private async ingest(key: string, path: string, st: Stats): Promise<void> {
    if (this.closed || this.ingesting.has(key)) return;
    this.ingesting.add(key);
    try {
      const { catalogue, events } = this.deps;
      const { record, change } = catalogue.upsertListing(this.listingOf(key, st));
      const recovering = change === 'unchanged' && record.summary === null && record.status === 'listed';
      if (change === 'unchanged' && !recovering) return;
      const final = await this.readHeaders(record, path);
      if (this.closed) return;
      events.emit(change === 'updated' ? 'imageUpdated' : 'imageAdded', final);
    } catch (err) {
      this.deps.logger.warn({ source: this.id, key, reason: errorMessage(err) }, 'folder source: frame not listed');
    } finally {
      this.ingesting.delete(key);
    }
  }

  private async readHeaders(record: FrameRecord, path: string): Promise<FrameRecord> {
    const { catalogue } = this.deps;
    try {
      const summary = await readFrameHeaders(
        record.name,
        {
          withRangeReader: (fn) => withFileRangeReader(path, fn),
          openStream: async (signal) => fileChunks(path, signal),
        },
        this.controller.signal,
      );
      catalogue.setSummary(this.id, record.key, summary);
      return catalogue.setStatus(this.id, record.key, 'ready', { localPath: path, error: null });
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      const reason = `${typeof code === 'string' ? `${code}: ` : ''}${errorMessage(err)}`;
      return catalogue.setStatus(this.id, record.key, 'error', { error: reason, localPath: null });
    }
  }

  /** The file is gone: drop its frame. */
  private forget(key: string): void {
    this.pending.delete(key);
    const removed = this.deps.catalogue.remove(this.id, key);
    if (removed?.localPath) this.deps.events.emit('fileGone', { source: this.id, key, path: removed.localPath });
    if (removed) this.deps.events.emit('imageRemoved', { source: this.id, key, id: removed.id });
  }

  private track(p: Promise<void>): void {
    const tracked = p.catch((err: unknown) => this.deps.logger.warn({ source: this.id, reason: errorMessage(err) }, 'folder source: check failed'));
    this.inflight.add(tracked);
    void tracked.finally(() => this.inflight.delete(tracked));
  }
}
