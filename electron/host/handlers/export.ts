/** Archive export (MEF or cube + BINTABLE) with progress events. */
import { basename, isAbsolute, join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { exportArchive } from '../export/archive.js';
import { HostError } from '../errors.js';
import type { HostServices } from '../services.js';
import { localPath, requireFrame } from './frame-access.js';
import type { HandlerGroup } from './types.js';

function defaultName(format: string): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
  return `nightdeck-${format}-${stamp}.fits`;
}

/**
 * Where the archive goes. The desktop app may write anywhere the user chose; the headless
 * host only ever writes inside its own exports folder (a remote client names a file, not a path).
 */
export function exportTarget(s: HostServices, outPath: string | undefined, format: string): string {
  mkdirSync(s.paths.exports, { recursive: true });
  if (outPath && s.mode === 'desktop') {
    if (!isAbsolute(outPath)) throw new HostError('BAD_ARGUMENT', 'outPath must be an absolute path');
    return outPath;
  }
  const name = outPath ? basename(outPath) : defaultName(format);
  if (!/^[\w.+-]{1,200}$/.test(name) || name.startsWith('.')) throw new HostError('BAD_ARGUMENT', `invalid export file name: ${name}`);
  return join(s.paths.exports, /\.fits?$/i.test(name) ? name : `${name}.fits`);
}

export function exportHandlers(s: HostServices): HandlerGroup<'exportArchive'> {
  return {
    async exportArchive(req, ctx) {
      const records = req.ids.map((id) => requireFrame(s, id));
      const target = exportTarget(s, req.outPath, req.format);
      const frames = [];
      for (const r of records) frames.push({ record: r, path: await localPath(s, r, ctx.signal) });
      const result = await exportArchive({
        frames,
        format: req.format,
        compress: req.compress ?? false,
        keywords: req.keywords ?? ['DATE-OBS', 'EXPTIME', 'FILTER', 'OBJECT'],
        outPath: target,
        onProgress: (done, total) => s.emit('exportProgress', { done, total }),
        signal: ctx.signal,
      });
      s.logger.info({ path: result.path, frames: result.frames, format: req.format }, 'archive exported');
      return result;
    },
  };
}
