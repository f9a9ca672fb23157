/** `nightdeck histogram FILE [--clip 0.001] [--hdu N] [--region ...] [--json]`: the QuickAnalysis clipped histogram. */
import { UsageError, type CliCommand } from '../command.js';
import { loadImage } from '../../../native-workers/fits/file.js';
import { clippedHistogramCountsAsync } from '../../../native-workers/analysis/histogram.js';
import { passHelpers } from '../../../native-workers/pass-helpers.js';
import { PLANE_USAGE, parseFileArgs, parseHdu, parsePlane, parseRegion } from './analysis-args.js';

const usage = `Usage: nightdeck histogram FILE [--clip F] [--hdu N] [--plane K] [--region x0,y0,x1,y1] [--json]
Histogram of the image as QuickAnalysis's /histogram-clipped computes it: range from the F and 1-F
percentiles (numpy linear; without --clip: min..max), integer bin size giving < 5000 bins, numpy
edges and counts. NaN and BLANK pixels are left out.
  --clip F       fraction cut at each end, e.g. 0.001 (0.1 %)
  --hdu N        0-based HDU (default: the first image HDU with data)
${PLANE_USAGE}
  --region R     x0,y0,x1,y1 in 0-based pixels, x = column, end exclusive
  --json         {"counts": [...], "edges": [...], "plane": K}`;

const command: CliCommand = {
  summary: 'QuickAnalysis clipped histogram of an image (counts and edges)',
  usage,
  async run(argv, io) {
    const { file, values } = parseFileArgs(
      argv,
      { clip: { type: 'string' }, hdu: { type: 'string' }, plane: { type: 'string' }, region: { type: 'string' }, json: { type: 'boolean', default: false } },
      'histogram',
    );
    let clip: number | undefined;
    if (values.clip !== undefined) {
      clip = Number(values.clip);
      if (values.clip.trim() === '' || !(clip >= 0 && clip <= 0.5)) throw new UsageError(`--clip must be a fraction in [0, 0.5], got '${values.clip}'`);
    }
    const hdu = parseHdu(values.hdu);
    const region = parseRegion(values.region);
    const plane = parsePlane(values.plane);
    const image = await loadImage(file, hdu, { plane });
    // Counts and edges only (no statistics): the multiset-free path, with helper threads for shared pixels.
    const { counts, edges } = await clippedHistogramCountsAsync(image, clip, region, { helpers: passHelpers() });
    if (values.json) io.stdout(JSON.stringify({ counts, edges, plane }));
    else io.stdout(['bin_start count', ...counts.map((c, i) => `${edges[i]} ${c}`), `${edges[edges.length - 1]} (end)`].join('\n'));
    return 0;
  },
};

export default command;
