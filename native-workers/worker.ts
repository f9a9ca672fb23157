/**
 * Entry point of an analysis worker thread. Receives one task at a time from the
 * pool (pool.ts), runs it and replies with its result or a serialised typed error.
 * Decoded frames arrive as SharedArrayBuffers and are viewed, never copied.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { setTimeout as sleep } from 'node:timers/promises';
import type { PixelView } from './analysis/types.js';
import { AnalysisError } from './analysis/types.js';
import { binImageAsync, previewBinFactor, resolveRegion } from './analysis/render.js';
import { measureQuality } from './analysis/quality.js';
import { computeStatisticsAsync } from './analysis/statistics.js';
import { clippedHistogramAsync, histogram } from './analysis/histogram.js';
import { lineProfile } from './analysis/profile.js';
import { stretchLimits } from './analysis/stretch.js';
import { regionStatistics } from './analysis/region-statistics.js';
import { passHelpers } from './pass-helpers.js';
import { sampleRowsBinned } from './analysis/row-sample.js';
import { coarsePreview, decodeToShared, readHeaderCards, readHduInfo, readPlaneNames } from './worker-fits.js';
import {
  PIXEL_ARRAY_TYPES,
  type DecodeArgs,
  type ReplyMessage,
  type SerializedError,
  type SharedImage,
  type TaskArgs,
  type TaskMessage,
  type WorkerInit,
} from './pool-types.js';

const init = (workerData ?? { testTasks: false }) as WorkerInit;

interface Outcome {
  result: unknown;
  transfer?: ArrayBuffer[];
}

function viewOf(image: SharedImage): PixelView {
  const pixels = new PIXEL_ARRAY_TYPES[image.arrayType](image.buffer);
  return { pixels, width: image.width, height: image.height, blank: image.blank };
}

/** Copies a Buffer (sharp's may sit in a shared pool) into its own ArrayBuffer so it can be transferred. */
function ownBytes(buf: Uint8Array): Outcome {
  const copy = new Uint8Array(buf.byteLength);
  copy.set(buf);
  return { result: copy, transfer: [copy.buffer] };
}

async function runTask(msg: TaskMessage): Promise<Outcome> {
  const { kind, frame } = msg;
  switch (kind) {
    case 'decode': {
      const image = await decodeToShared(frame, init.limits, (msg.args as DecodeArgs | undefined)?.reuse);
      return { result: image };
    }
    case 'info':
      return { result: await readHduInfo(frame.path, init.limits) };
    case 'header':
      return { result: await readHeaderCards(frame, init.limits) };
    case 'planeNames':
      return { result: await readPlaneNames(frame, init.limits) };
    case 'coarsePreview': {
      const preview = await coarsePreview(frame, msg.args as TaskArgs['coarsePreview'], init.limits);
      return { result: preview, transfer: [preview.pixels.buffer as ArrayBuffer] };
    }
    case '__sleep':
    case '__throw':
    case '__exit':
      return runTestTask(kind, msg.args as Record<string, unknown>);
  }

  const images = msg.images ?? [];
  if (images.length === 0) throw new AnalysisError('BAD_ARGUMENT', `task '${kind}' needs a decoded frame`);
  const image = images[0]!;
  const view = viewOf(image);
  switch (kind) {
    case 'statistics': {
      const a = msg.args as TaskArgs['statistics'];
      // Large 32-bit frames share their counting pass with this worker's helper threads.
      return { result: await computeStatisticsAsync(view, a.region, { helpers: passHelpers() }) };
    }
    case 'clippedHistogram': {
      const a = msg.args as TaskArgs['clippedHistogram'];
      return { result: await clippedHistogramAsync(view, a.clip, a.region, { helpers: passHelpers() }) };
    }
    case 'histogram':
      return { result: histogram(view, msg.args as TaskArgs['histogram']) };
    case 'profile': {
      const a = msg.args as TaskArgs['profile'];
      const data = lineProfile(view, a.from, a.to, a.linewidth !== undefined ? { linewidth: a.linewidth } : undefined);
      return { result: Array.from(data) };
    }
    case 'stretchLimits': {
      const a = msg.args as TaskArgs['stretchLimits'];
      return { result: stretchLimits(view, a.method) };
    }
    case 'quality': {
      const a = msg.args as TaskArgs['quality'];
      const saturation = a.saturation ?? image.saturate;
      return { result: measureQuality(view, saturation !== undefined ? { ...a, saturation } : a) };
    }
    case 'preview': {
      const a = msg.args as TaskArgs['preview'];
      if (!(Number.isInteger(a.maxWidth) && a.maxWidth >= 1 && Number.isInteger(a.maxHeight) && a.maxHeight >= 1)) {
        throw new AnalysisError('BAD_ARGUMENT', `preview needs positive integer maxWidth and maxHeight, got ${a.maxWidth}×${a.maxHeight}`);
      }
      const region = resolveRegion(view, a.region);
      const binFactor = previewBinFactor(region.x1Px - region.x0Px, region.y1Px - region.y0Px, a.maxWidth, a.maxHeight);
      const binned = await binImageAsync(view, binFactor, region, { helpers: passHelpers() });
      return {
        result: { width: binned.width, height: binned.height, binFactor, region, pixels: binned.pixels },
        transfer: [binned.pixels.buffer as ArrayBuffer],
      };
    }
    case 'coarsePreview': {
      // The frame was decoded already: the same quick look, from the cached pixels.
      const a = msg.args as TaskArgs['coarsePreview'];
      const step = 4 * previewBinFactor(view.width, view.height, a.maxWidth, a.maxHeight);
      const binned = sampleRowsBinned(view, step);
      return {
        result: { ...binned, binFactor: step, region: { x0Px: 0, y0Px: 0, x1Px: view.width, y1Px: view.height } },
        transfer: [binned.pixels.buffer as ArrayBuffer],
      };
    }
    case 'pixel': {
      const { x, y } = msg.args as TaskArgs['pixel'];
      if (!Number.isInteger(x) || !Number.isInteger(y) || x < 0 || y < 0 || x >= view.width || y >= view.height) {
        throw new AnalysisError('BAD_REGION', `pixel (${x}, ${y}) is outside the ${view.width}×${view.height} image`);
      }
      const v = view.pixels[y * view.width + x]!;
      return { result: { x, y, value: v !== v || v === view.blank ? null : v } };
    }
    // Picture tasks load sharp (a native library) on first use only, so workers start fast.
    case 'thumbnail': {
      const { makeThumbnail } = await import('./analysis/thumbnail.js');
      return ownBytes(await makeThumbnail(view, msg.args as TaskArgs['thumbnail'], { helpers: passHelpers() }));
    }
    case 'lineProfileDisplay': {
      const { makeLineProfileDisplay } = await import('./analysis/lineprofile-display.js');
      const a = msg.args as TaskArgs['lineProfileDisplay'];
      return ownBytes(await makeLineProfileDisplay(view, a.from, a.to, {}, { helpers: passHelpers() }));
    }
    case 'colorComposite': {
      if (images.length < 3) throw new AnalysisError('BAD_ARGUMENT', 'a colour composite needs three frames');
      const { makeColorComposite } = await import('./analysis/color.js');
      const { green: _g, blue: _b, ...opts } = msg.args as TaskArgs['colorComposite'];
      return ownBytes(await makeColorComposite(view, viewOf(images[1]!), viewOf(images[2]!), opts, { helpers: passHelpers() }));
    }
    case 'regionStatistics': {
      const a = msg.args as TaskArgs['regionStatistics'];
      return { result: regionStatistics(view, a.regions) };
    }
    default:
      throw Object.assign(new Error(`unknown task '${kind}'`), { code: 'UNKNOWN_TASK' });
  }
}

async function runTestTask(kind: string, args: Record<string, unknown>): Promise<Outcome> {
  if (!init.testTasks) throw Object.assign(new Error(`unknown task '${kind}'`), { code: 'UNKNOWN_TASK' });
  if (kind === '__sleep') {
    await sleep(Number(args.ms ?? 0));
    return { result: args.ms ?? 0 };
  }
  if (kind === '__exit') process.exit(Number(args.code ?? 1));
  throw Object.assign(new Error(String(args.message ?? 'test failure')), { code: String(args.code ?? 'TEST') });
}

function serialize(err: unknown): SerializedError {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return { name: err.name, code: typeof code === 'string' ? code : 'TASK_FAILED', message: err.message };
  }
  return { name: 'Error', code: 'TASK_FAILED', message: String(err) };
}

const port = parentPort;
if (!port) throw new Error('worker.ts must run as a worker thread');
port.on('message', (msg: TaskMessage) => {
  runTask(msg).then(
    (outcome) => {
      const reply: ReplyMessage = { id: msg.id, ok: true, result: outcome.result };
      port.postMessage(reply, outcome.transfer ?? []);
    },
    (err: unknown) => {
      const reply: ReplyMessage = { id: msg.id, ok: false, error: serialize(err) };
      port.postMessage(reply);
    },
  );
});
