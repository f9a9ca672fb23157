/** Shared bits of the sources tests: a real catalogue on disk, waiting, event capture. */
import { join } from 'node:path';
import { openDatabase, Catalogue, type Db } from '../../../electron/host/store/index.js';
import type { SourceEventMap, SourceEventName } from '../../../electron/host/sources/events.js';

export function openCatalogue(dir: string): { catalogue: Catalogue; db: Db; close: () => void } {
  const db = openDatabase(join(dir, 'nightdeck.db'));
  return { catalogue: new Catalogue(db), db, close: () => db.close() };
}

/**
 * Polls `check` every 20 ms until it returns a truthy value; fails after `timeoutMs` with `what`.
 * The default is generous: CI machines are busy, and a condition that holds comes at once anyway.
 */
export async function waitFor<T>(what: string, check: () => T | Promise<T>, timeoutMs = 60_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Records every event of the given kinds, in order. */
export function recordEvents(
  on: <E extends SourceEventName>(event: E, listener: (p: SourceEventMap[E]) => void) => unknown,
  names: SourceEventName[] = ['imageAdded', 'imageUpdated', 'imageRemoved', 'sourceStatus', 'downloadProgress'],
): { event: SourceEventName; payload: unknown; at: number }[] {
  const log: { event: SourceEventName; payload: unknown; at: number }[] = [];
  for (const name of names) on(name, (payload) => log.push({ event: name, payload, at: Date.now() }));
  return log;
}
