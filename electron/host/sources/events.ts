/** The typed events every source emits, gathered by the SourceManager for the host's event stream. */
import { EventEmitter } from 'node:events';
import type { FrameRecord } from '../store/catalogue-types.js';

export type SourceState = 'ok' | 'polling' | 'backoff' | 'error' | 'stopped';

// A type alias (not an interface) so it is assignable to Record<string, unknown> at the host's boundary.
export type SourceStatus = {
  state: SourceState;
  /** ISO-8601 UTC of the last successful poll / scan, null before the first. */
  lastPollAt: string | null;
  /** The last failure with a readable reason; absent once polling succeeds again. */
  lastError?: { code: string; message: string };
  /** ISO-8601 UTC of the next scheduled poll, null when none is scheduled. */
  nextPollAt: string | null;
};

export interface SourceEventMap {
  imageAdded: FrameRecord;
  imageUpdated: FrameRecord;
  imageRemoved: { source: string; key: string; id: number };
  sourceStatus: { source: string; status: SourceStatus };
  downloadProgress: { source: string; key: string; bytesDone: number; bytesTotal: number };
  /** A frame's local file left this machine (deleted from its folder, evicted or invalidated in the download cache). */
  fileGone: { source: string; key: string; path: string };
}

export type SourceEventName = keyof SourceEventMap;
export type SourceEventListener<E extends SourceEventName> = (payload: SourceEventMap[E]) => void;

/** A small typed wrapper around EventEmitter; a throwing listener never breaks a poller. */
export class SourceEvents {
  private readonly emitter = new EventEmitter();

  constructor(private readonly onListenerError: (err: unknown) => void = () => {}) {
    this.emitter.setMaxListeners(100);
  }

  on<E extends SourceEventName>(event: E, listener: SourceEventListener<E>): () => void {
    this.emitter.on(event, listener as (p: unknown) => void);
    return () => this.off(event, listener);
  }

  off<E extends SourceEventName>(event: E, listener: SourceEventListener<E>): void {
    this.emitter.off(event, listener as (p: unknown) => void);
  }

  emit<E extends SourceEventName>(event: E, payload: SourceEventMap[E]): void {
    for (const listener of this.emitter.listeners(event)) {
      try {
        (listener as (p: unknown) => void)(payload);
      } catch (err) {
        this.onListenerError(err);
      }
    }
  }
}
