/**
 * The desktop app's log: the host's pino lines go to `logs/desktop.log` in the data
 * directory (a user can attach it to a report) and to stderr (visible under `npm start`).
 * The file is rotated once at start when it has grown past a limit, keeping one old copy.
 */
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { pino } from 'pino';
import { createLogger, type Logger } from '../host/logger.js';

export const LOG_ROTATE_BYTES = 10 * 1024 * 1024;

/** Moves an oversized log to `<file>.1` (replacing the older copy). */
export function rotateLog(file: string, maxBytes = LOG_ROTATE_BYTES): boolean {
  if (!existsSync(file) || statSync(file).size <= maxBytes) return false;
  rmSync(`${file}.1`, { force: true });
  renameSync(file, `${file}.1`);
  return true;
}

/** A logger writing to `file` (appending, created with its folder) and to stderr. */
export function createDesktopLogger(file: string, opts: { level?: string; stderr?: boolean; maxBytes?: number } = {}): Logger {
  mkdirSync(dirname(file), { recursive: true });
  rotateLog(file, opts.maxBytes);
  const level = opts.level ?? process.env.NIGHTDECK_LOG_LEVEL ?? 'info';
  const streams: pino.StreamEntry[] = [{ level: level as pino.Level, stream: pino.destination({ dest: file, append: true, sync: true, mkdir: true }) }];
  if (opts.stderr !== false) streams.push({ level: level as pino.Level, stream: pino.destination({ dest: 2, sync: true }) });
  return createLogger({ level, destination: pino.multistream(streams) });
}
