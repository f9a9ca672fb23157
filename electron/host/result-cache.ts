/**
 * Memoized analysis results: the kernels are pure, so the same request on the same frame
 * version gives the same answer. Repeated and concurrent identical requests (fifty clients
 * asking for one frame's statistics) share one computation; results are kept in a small
 * LRU bounded by entries and bytes. Requests without a frame version are never cached.
 */
export class ResultCache {
  private readonly entries = new Map<string, { value: unknown; bytes: number }>();
  private readonly inflight = new Map<string, Promise<unknown>>();
  private bytes = 0;
  hits = 0;
  misses = 0;

  constructor(
    private readonly maxEntries = 2000,
    private readonly maxBytes = 64 * 1024 * 1024,
  ) {}

  async get<T>(key: string | null, compute: () => Promise<T>): Promise<T> {
    if (key === null) return compute();
    const hit = this.entries.get(key);
    if (hit) {
      this.hits++;
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value as T;
    }
    const running = this.inflight.get(key);
    if (running) {
      this.hits++;
      return running as Promise<T>;
    }
    this.misses++;
    const promise = compute().then(
      (value) => {
        this.inflight.delete(key);
        this.store(key, value);
        return value;
      },
      (err) => {
        this.inflight.delete(key);
        throw err;
      },
    );
    this.inflight.set(key, promise);
    return promise;
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  private store(key: string, value: unknown): void {
    let bytes: number;
    try {
      bytes = JSON.stringify(value)?.length ?? 0;
    } catch {
      return;
    }
    if (bytes > this.maxBytes / 4) return;
    this.entries.set(key, { value, bytes });
    this.bytes += bytes;
    while (this.entries.size > this.maxEntries || this.bytes > this.maxBytes) {
      const [oldest, entry] = this.entries.entries().next().value as [string, { bytes: number }];
      this.entries.delete(oldest);
      this.bytes -= entry.bytes;
    }
  }
}

/** The cache key of one analysis request, or null when the frame has no version. */
export function resultKey(kind: string, frame: { path: string; hdu?: number; plane?: number; version?: string }, args: unknown): string | null {
  if (!frame.version) return null;
  return JSON.stringify([kind, frame.path, frame.version, frame.hdu ?? null, args ?? null, frame.plane ?? 0]);
}
