/**
 * The schedule every source runs on: one cycle at a time, the next after a jittered
 * interval, exponential back-off after failures (capped at 60 s), and a status that
 * says what is going on and why.
 */
import { backoffDelay, jittered, MAX_BACKOFF_MS } from './backoff.js';
import type { SourceStatus } from './events.js';

export interface PollLoopOptions {
  intervalMs: number;
  /** Runs one cycle; throw to back off. */
  cycle: (signal: AbortSignal) => Promise<void>;
  /** Classifies a failure for the status. */
  describe: (err: unknown) => { code: string; message: string; needsAttention: boolean };
  onStatus: (status: SourceStatus) => void;
  now?: () => number;
}

export class PollLoop {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private controller = new AbortController();
  private failures = 0;
  private stopped = true;
  private current: SourceStatus = { state: 'stopped', lastPollAt: null, nextPollAt: null };
  private readonly now: () => number;

  constructor(private readonly options: PollLoopOptions) {
    this.now = options.now ?? Date.now;
  }

  get status(): SourceStatus {
    return { ...this.current };
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.controller = new AbortController();
    this.schedule(0);
  }

  /** Runs a cycle now (waits for the running one instead, if any); works on a stopped loop too (tests, refresh). */
  async runNow(): Promise<void> {
    if (this.running) return this.running.catch(() => {});
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.stopped) this.controller = new AbortController();
    await this.tick(true);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.controller.abort();
    await this.running?.catch(() => {});
    this.setStatus({ state: 'stopped', lastPollAt: this.current.lastPollAt, nextPollAt: null, lastError: this.current.lastError });
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.tick();
    }, delayMs);
  }

  private async tick(force = false): Promise<void> {
    if (this.stopped && !force) return;
    const signal = this.controller.signal;
    if (this.current.state !== 'ok') this.setStatus({ ...this.current, state: 'polling', nextPollAt: null });
    this.running = this.options.cycle(signal);
    try {
      await this.running;
      if (this.stopped && !force) return;
      this.failures = 0;
      const delay = jittered(this.options.intervalMs);
      this.setStatus({ state: 'ok', lastPollAt: new Date(this.now()).toISOString(), nextPollAt: new Date(this.now() + delay).toISOString() });
      this.schedule(delay);
    } catch (err) {
      if (this.stopped && !force) return;
      this.failures++;
      const { code, message, needsAttention } = this.options.describe(err);
      const delay = backoffDelay(this.failures, this.options.intervalMs, MAX_BACKOFF_MS);
      this.setStatus({
        state: needsAttention ? 'error' : 'backoff',
        lastPollAt: this.current.lastPollAt,
        lastError: { code, message },
        nextPollAt: new Date(this.now() + delay).toISOString(),
      });
      this.schedule(delay);
    } finally {
      this.running = null;
    }
  }

  /** Emits only changes of state or reason, not every routine poll. */
  private setStatus(next: SourceStatus): void {
    const prev = this.current;
    this.current = next;
    if (prev.state !== next.state || prev.lastError?.message !== next.lastError?.message) this.options.onStatus({ ...next });
  }
}
