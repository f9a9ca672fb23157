/**
 * The pool's cache of decoded frames: one entry per frame key, loaded once however
 * many callers ask at the same time (single flight), kept within a byte budget by
 * purging the least recently used entries that nobody holds. An entry in use is
 * never purged: the cache may run over budget until it is released.
 *
 * Two ways out besides the budget, so a live night stays bounded:
 * - a decode made only for background work (nobody asked for it interactively) is
 *   dropped as soon as its last holder releases it, and never pushes out frames the
 *   observer has open;
 * - `dropWhere` forgets entries whose file left its source (held ones go when released).
 */

export interface Loaded<T> {
  value: T;
  bytes: number;
}

/** A hold on a cached value; release it exactly once when done. */
export interface Lease<T> {
  readonly value: T;
  release(): void;
}

interface Entry<T> {
  key: string;
  version: string;
  /** Holders plus waiters of a load in flight. */
  refs: number;
  bytes: number;
  value?: T;
  loading?: Promise<Loaded<T>>;
  /** Superseded by a newer version (or its file is gone): drop as soon as nobody holds it. */
  stale: boolean;
  /** Acquired at least once by an interactive caller; background-only entries are dropped on release. */
  foreground: boolean;
}

export interface AcquireOptions {
  /** Background work (auto-analysis): lowest priority, dropped once released unless an interactive caller used it. */
  background?: boolean;
}

export interface ImageCacheStats {
  entries: number;
  bytes: number;
  /** Loads started since creation (one per single-flight group). */
  loads: number;
  /** Entries purged to stay within the budget. */
  purged: number;
}

export class ImageCache<T> {
  /** Map order = recency order: the first entry is the least recently used. */
  private readonly entries = new Map<string, Entry<T>>();
  /** Held entries that a newer version replaced, kept until released. */
  private readonly detached = new Set<Entry<T>>();
  private bytes = 0;
  private loads = 0;
  private purged = 0;

  constructor(private budgetBytes: number, private readonly onEvict?: (value: T) => void) {}

  /**
   * The cached value for `key` at `version`, loading it with `load` when absent.
   * Concurrent calls for the same key and version share one load. A different
   * version replaces the entry (the old one lives on while held).
   */
  async acquire(key: string, version: string, load: () => Promise<Loaded<T>>, opts: AcquireOptions = {}): Promise<Lease<T>> {
    const foreground = opts.background !== true;
    let entry = this.entries.get(key);
    if (entry && entry.version !== version) {
      this.entries.delete(key);
      if (entry.refs > 0 || entry.loading) {
        entry.stale = true;
        this.detached.add(entry);
      } else {
        this.drop(entry);
      }
      entry = undefined;
    }
    if (!entry) {
      entry = { key, version, refs: 0, bytes: 0, stale: false, foreground };
      this.entries.set(key, entry);
      this.loads++;
      const created = entry;
      created.loading = load().then(
        (loaded) => {
          created.loading = undefined;
          created.value = loaded.value;
          created.bytes = loaded.bytes;
          this.bytes += loaded.bytes;
          return loaded;
        },
        (err: unknown) => {
          created.loading = undefined;
          if (this.entries.get(key) === created) this.entries.delete(key);
          this.detached.delete(created);
          throw err;
        },
      );
    } else if (foreground) {
      // Background use does not refresh recency: it must not keep a frame over the observer's.
      entry.foreground = true;
      this.touch(entry);
    }
    entry.refs++;
    const held = entry;
    try {
      if (held.loading) await held.loading;
    } catch (err) {
      held.refs--;
      throw err;
    }
    this.purge();
    let released = false;
    return {
      value: held.value as T,
      release: () => {
        if (released) return;
        released = true;
        held.refs--;
        if (held.refs === 0 && held.stale) {
          this.detached.delete(held);
          this.drop(held);
        } else if (held.refs === 0 && !held.foreground && !held.loading && this.entries.get(held.key) === held) {
          // Decoded for background work only and nobody holds it now: give the memory back at once.
          this.entries.delete(held.key);
          this.drop(held);
        }
        this.purge();
      },
    };
  }

  /** Whether a ready or loading entry exists for key (at version, when given). */
  has(key: string, version?: string): boolean {
    const e = this.entries.get(key);
    return !!e && (version === undefined || e.version === version);
  }

  /**
   * Forgets every entry whose key matches (its file left its source): idle ones are dropped
   * at once, held or loading ones when their last holder releases them. Returns how many matched.
   */
  dropWhere(matches: (key: string) => boolean): number {
    let n = 0;
    for (const e of [...this.entries.values()]) {
      if (!matches(e.key)) continue;
      n++;
      this.entries.delete(e.key);
      if (e.refs > 0 || e.loading) {
        e.stale = true;
        this.detached.add(e);
      } else {
        this.drop(e);
      }
    }
    return n;
  }

  setBudget(bytes: number): void {
    this.budgetBytes = bytes;
    this.purge();
  }

  stats(): ImageCacheStats {
    return { entries: this.entries.size + this.detached.size, bytes: this.bytes, loads: this.loads, purged: this.purged };
  }

  /** Drops every entry nobody holds (held ones go when released). */
  clear(): void {
    for (const e of [...this.entries.values()]) {
      if (e.refs === 0 && !e.loading) {
        this.entries.delete(e.key);
        this.drop(e);
      }
    }
  }

  private touch(entry: Entry<T>): void {
    this.entries.delete(entry.key);
    this.entries.set(entry.key, entry);
  }

  /**
   * Purges idle entries, least recently used first, until the budget holds. Bytes held by
   * background work are not counted: they are short-lived (released at once when done) and
   * must not push out a frame the observer has open.
   */
  private purge(): void {
    let background = 0;
    for (const e of this.entries.values()) if (!e.foreground) background += e.bytes;
    if (this.bytes - background <= this.budgetBytes) return;
    for (const e of [...this.entries.values()]) {
      if (this.bytes - background <= this.budgetBytes) break;
      if (e.refs > 0 || e.loading) continue;
      this.entries.delete(e.key);
      this.drop(e);
      this.purged++;
    }
  }

  private drop(entry: Entry<T>): void {
    this.bytes -= entry.bytes;
    entry.bytes = 0;
    if (entry.value !== undefined) this.onEvict?.(entry.value);
    entry.value = undefined;
  }
}
