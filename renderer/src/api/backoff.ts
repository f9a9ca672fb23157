/** Reconnect delays: exponential from `initialMs` to `maxMs`, with ±20 % jitter so clients do not stampede. */
export function backoffDelay(attempt: number, initialMs = 250, maxMs = 5000, random: () => number = Math.random): number {
  const base = Math.min(maxMs, initialMs * 2 ** Math.max(0, attempt));
  return Math.round(base * (0.8 + 0.4 * random()));
}
