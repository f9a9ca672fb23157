/** `nightdeck stats FILE [--hdu N] [--plane K] [--region x0,y0,x1,y1 | --regions F.reg] [--json]`: exact image statistics. */
import type { CliCommand } from '../command.js';
import { loadImage } from '../../../native-workers/fits/file.js';
import { computeStatisticsAsync } from '../../../native-workers/analysis/statistics.js';
import { passHelpers } from '../../../native-workers/pass-helpers.js';
import type { ImageStatistics } from '../../../native-workers/analysis/types.js';
import { PLANE_USAGE, jsonNumber, parseFileArgs, parseHdu, parsePlane, parseRegion } from './analysis-args.js';
import { runRegionStats } from './region-stats.js';
import { UsageError } from '../command.js';

const usage = `Usage: nightdeck stats FILE [--hdu N] [--plane K] [--region x0,y0,x1,y1 | --regions F.reg] [--json]
Statistics of the image in FILE (.fits, .fits.gz, .fits.bz2, .fz), equal to numpy/scipy on the same
pixels: mean, median, mode, min, max, std (ddof 0), mad (median absolute deviation, unscaled),
count, nanCount (NaN and BLANK pixels, excluded), sky (3-sigma clipped median, as astropy
sigma_clipped_stats) and noise (1.4826 x mad).
  --hdu N        0-based HDU (default: the first image HDU with data)
${PLANE_USAGE}
  --region R     x0,y0,x1,y1 in 0-based pixels, x = column (NAXIS1), end exclusive
  --regions F    a DS9 region file: count, sum, mean, median, min, max, std, nanCount of each
                 include region (pixels whose centre is inside, minus later exclude regions)
  --json         one JSON object with the keys above and "plane"`;

const KEYS: (keyof ImageStatistics)[] = ['mean', 'median', 'mode', 'min', 'max', 'std', 'mad', 'count', 'nanCount', 'sky', 'noise'];

const command: CliCommand = {
  summary: 'exact statistics of an image or pixel region (mean, median, mode, MAD, sky, noise, ...)',
  usage,
  async run(argv, io) {
    const { file, values } = parseFileArgs(
      argv,
      { hdu: { type: 'string' }, plane: { type: 'string' }, region: { type: 'string' }, regions: { type: 'string' }, json: { type: 'boolean', default: false } },
      'stats',
    );
    const hdu = parseHdu(values.hdu);
    const plane = parsePlane(values.plane);
    if (values.regions !== undefined) {
      if (values.region !== undefined) throw new UsageError('--region and --regions cannot be used together');
      return runRegionStats(file, hdu, plane, values.regions, values.json, io);
    }
    const region = parseRegion(values.region);
    const image = await loadImage(file, hdu, { plane });
    // Helper threads share the pixel pass when the decoder left the pixels in shared memory.
    const stats = await computeStatisticsAsync(image, region, { helpers: passHelpers() });
    if (values.json) {
      io.stdout(JSON.stringify({ ...Object.fromEntries(KEYS.map((k) => [k, jsonNumber(stats[k])])), plane }));
    } else {
      io.stdout([...KEYS.map((k) => `${k.padEnd(9)} ${stats[k]}`), `${'plane'.padEnd(9)} ${plane}`].join('\n'));
    }
    return 0;
  },
};

export default command;
