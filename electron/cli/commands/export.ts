/**
 * `nightdeck export`: writes chosen frames of the catalogue as one multi-extension FITS file
 * or a cube + keyword table, as the console's export does.
 */
import { resolve } from 'node:path';
import { UsageError, type CliCommand, parseCommandArgs } from '../command.js';
import { createHost } from '../../host/host.js';
import { resolveDataDir } from '../../host/paths.js';
import { exportArchive } from '../../host/export/archive.js';
import { localPath, requireFrame } from '../../host/handlers/frame-access.js';
import { createLogger } from '../../host/logger.js';

const usage = `Usage: nightdeck export (--ids 1,2,3 | --night YYYYMMDD) --out FILE.fits
                       [--format mef|cube] [--compress] [--keywords DATE-OBS,EXPTIME,FILTER,OBJECT] [--json]

Exports frames of the catalogue (NIGHTDECK_HOME) as one FITS file: 'mef' (default) holds one
image extension per frame with its header (--compress: Rice tile compression of integer
frames); 'cube' stacks frames of one shape along NAXIS3 and adds a FRAMES binary table with
the chosen header keywords per frame. Frames of S3 sources are downloaded first.`;

function parseIds(text: string): number[] {
  const ids = text.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  if (ids.length === 0 || ids.some((n) => !Number.isInteger(n) || n < 1)) throw new UsageError(`--ids must be positive integers separated by commas, got '${text}'`);
  return ids;
}

const command: CliCommand = {
  summary: 'export frames as one multi-extension FITS file or a cube with a keyword table',
  usage,
  async run(argv, io) {
    const { values } = parseCommandArgs({
      args: argv,
      options: {
        ids: { type: 'string' },
        night: { type: 'string' },
        out: { type: 'string' },
        format: { type: 'string', default: 'mef' },
        compress: { type: 'boolean', default: false },
        keywords: { type: 'string', default: 'DATE-OBS,EXPTIME,FILTER,OBJECT' },
        json: { type: 'boolean', default: false },
      },
    });
    if (!values.out) throw new UsageError('--out FILE is required');
    if (!values.ids === !values.night) throw new UsageError('give either --ids or --night');
    if (values.format !== 'mef' && values.format !== 'cube') throw new UsageError(`--format must be mef or cube, got '${values.format}'`);
    if (values.night && !/^\d{8}$/.test(values.night)) throw new UsageError('--night must be YYYYMMDD');
    const keywords = values.keywords!.split(',').map((k) => k.trim().toUpperCase()).filter(Boolean);

    const host = await createHost({
      dataDir: resolveDataDir(),
      mode: 'serve',
      noDemo: true,
      logger: createLogger({ level: process.env.NIGHTDECK_LOG_LEVEL ?? 'warn' }),
      env: { ...process.env, NIGHTDECK_AUTO_ANALYSE: '0' },
    });
    try {
      const s = host.services;
      const ids = values.ids
        ? parseIds(values.ids)
        : s.catalogue.listFrames({ night: values.night!, limit: 10_000, sort: 'time', order: 'asc' }).frames.map((f) => f.id);
      if (ids.length === 0) throw Object.assign(new Error(`no frames in night ${values.night}`), { code: 'NOT_FOUND' });
      const frames = [];
      for (const id of ids) {
        const record = requireFrame(s, id);
        frames.push({ record, path: await localPath(s, record) });
      }
      const result = await exportArchive({
        frames,
        format: values.format,
        compress: values.compress!,
        keywords,
        outPath: resolve(values.out),
        onProgress: (done, total) => {
          if (!values.json) io.stderr(`exported ${done}/${total}`);
        },
      });
      io.stdout(values.json ? JSON.stringify(result) : `wrote ${result.frames} frames (${result.bytes} bytes) to ${result.path}`);
      return 0;
    } finally {
      await host.close();
    }
  },
};

export default command;
