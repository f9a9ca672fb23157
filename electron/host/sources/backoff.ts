/** Poll scheduling: jittered intervals and exponential back-off capped at a maximum. */

export const MAX_BACKOFF_MS = 60_000;

/** The interval ±10 % so many consoles polling one bucket do not fire in step. */
export function jittered(intervalMs: number, random: () => number = Math.random): number {
  return Math.max(1, Math.round(intervalMs * (0.9 + 0.2 * random())));
}

/** Delay after `failures` consecutive failures (1 = first): base·2^(n−1), capped, with jitter. */
export function backoffDelay(failures: number, baseMs: number, maxMs = MAX_BACKOFF_MS, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(failures - 1, 0), 30);
  const raw = Math.min(maxMs, Math.max(1, baseMs) * 2 ** exponent);
  return Math.min(maxMs, jittered(raw, random));
}

/** Resolves after `ms`, or rejects at once when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason ?? new Error('aborted'));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason ?? new Error('aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
