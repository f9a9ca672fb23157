/**
 * The demo night: synthetic frames (stars, sky, noise, hot pixels, WCS, realistic headers)
 * written as FITS into the data directory, a few at start and then one every few seconds,
 * so the live console can be seen with no cloud account. Files are written under a
 * temporary name and renamed, so the folder watcher only ever sees complete frames.
 */
import { mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { generateSyntheticFrame } from '../../../native-workers/analysis/synthetic.js';
import { demoFramePlan } from './demo-plan.js';
import { writeFileSync } from 'node:fs';
import { fitsWriter } from '../export/writer.js';
import type { Card } from '../../../native-workers/fits/types.js';
import { nightOfMs } from '../store/night.js';
import type { Logger } from '../logger.js';

export interface DemoNightOptions {
  /** The demo folder (one sub-folder per night). */
  root: string;
  intervalS: number;
  /** Frames written at start (default 13: a focus run, a trailed and a cloudy frame, then science frames in pairs). */
  initialFrames?: number;
  /** Width and height of each frame (default 1024). */
  frameSize?: number;
  /** Oldest frames beyond this count are deleted, so the demo never fills the disk (default 60). */
  maxFrames?: number;
  siteLongitudeDeg: number;
  logger?: Pick<Logger, 'info' | 'warn'>;
  now?: () => Date;
}

/** Where each object's field is on the sky (RA, Dec degrees); index 10 is the focus field. */
const FIELD_CENTRES: Record<number, [number, number]> = {
  0: [83.82, -5.39],
  1: [100.24, 9.9],
  2: [83.63, 22.01],
  3: [150.1, 2.2],
  10: [84.5, -1.2],
};
const PIXEL_SCALE_ARCSEC = 0.6;
const NAME = /^dmo-nightdeck-(\d{8})-(\d{8})-EX00\.fits$/;

/** Photon Ranch style name: site-instrument-night-frame-level. */
export function demoFrameName(night: string, frameNumber: number): string {
  return `dmo-nightdeck-${night}-${String(frameNumber).padStart(8, '0')}-EX00.fits`;
}

export class DemoNight {
  private timer: NodeJS.Timeout | null = null;
  private nextNumber = 1;
  private intervalS: number;
  private writing: Promise<void> = Promise.resolve();
  private stopped = false;
  private readonly now: () => Date;

  constructor(private readonly opts: DemoNightOptions) {
    this.intervalS = opts.intervalS;
    this.now = opts.now ?? (() => new Date());
  }

  get night(): string {
    return nightOfMs(this.now().getTime(), this.opts.siteLongitudeDeg);
  }

  get folder(): string {
    return join(this.opts.root, this.night);
  }

  /** Writes the first frames, then schedules one every `intervalS` seconds. */
  async start(): Promise<void> {
    mkdirSync(this.folder, { recursive: true });
    this.nextNumber = this.highestFrameNumber() + 1;
    const existing = this.frameFiles().length;
    const initial = this.opts.initialFrames ?? 13;
    // The first frames are dated a minute apart up to now, so they sort as a night in progress.
    for (let i = existing; i < initial; i++) await this.writeFrame(new Date(this.now().getTime() - (initial - 1 - i) * 60_000));
    this.schedule();
    this.opts.logger?.info({ folder: this.folder, intervalS: this.intervalS }, 'demo night started');
  }

  setInterval(seconds: number): void {
    this.intervalS = seconds;
    if (this.timer) {
      clearTimeout(this.timer);
      this.schedule();
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.writing;
  }

  /** Writes one new frame (dated `date`, default now); returns its path. */
  async writeFrame(date: Date = this.now()): Promise<string> {
    const writeFits = await fitsWriter();
    const folder = this.folder;
    mkdirSync(folder, { recursive: true });
    const n = this.nextNumber++;
    const size = this.opts.frameSize ?? 1024;
    const plan = demoFramePlan(n);
    const [ra0, dec0] = FIELD_CENTRES[plan.field] ?? FIELD_CENTRES[0]!;
    const [dx, dy] = plan.ditherPx;
    // Stars fixed on the sky move +dx, +dy in pixels when the pointing moves east and south (CD1_1 < 0 < CD2_2).
    const raDeg = ra0 + (dx * PIXEL_SCALE_ARCSEC) / 3600 / Math.cos((dec0 * Math.PI) / 180);
    const decDeg = dec0 - (dy * PIXEL_SCALE_ARCSEC) / 3600;
    const sigma = plan.fwhmPx / 2.3548;
    // A slow asteroid crossing the science fields: found by blinking two frames of one object.
    const asteroid = plan.kind === 'science' ? [{ x: 0.2 * size + ((n * 0.012 * size) % (0.6 * size)) + dx, y: 0.55 * size + dy, flux: 2500 * 2 * Math.PI * sigma * sigma }] : [];
    const frame = generateSyntheticFrame({
      width: size,
      height: size,
      seed: n * 7919 + Number(this.night),
      fieldSeed: 1000 + plan.field,
      fieldOffsetPx: plan.ditherPx,
      extraStars: asteroid,
      sky: plan.sky,
      stars: plan.stars,
      fwhmPx: plan.fwhmPx,
      trailPx: plan.trailPx,
      transparency: plan.transparency,
      hotPixels: 12,
      saturatedStars: plan.kind === 'science' && n % 4 === 0 ? 1 : 0,
      dateObs: date,
      object: plan.object,
      filter: plan.filter,
      exptime: plan.exptime,
      raDeg,
      decDeg,
      pixelScaleArcsec: PIXEL_SCALE_ARCSEC,
      bitpix: 16,
    });
    const name = demoFrameName(this.night, n);
    const path = join(folder, name);
    const tmp = join(folder, `.${name}.partial`);
    const cards: Card[] = frame.cards.filter((c) => !/^(SIMPLE|BITPIX|NAXIS\d*|EXTEND|BZERO|BSCALE|END)$/.test(c.key));
    cards.push({ key: 'FRAMENUM', value: n, comment: 'demo frame number' });
    cards.push({ key: 'FOCUS', value: plan.focus, comment: '[steps] focuser position' });
    cards.push({ key: 'DEMOKIND', value: plan.kind, comment: 'what this demo frame shows', isString: true });
    writeFileSync(tmp, writeFits([{ image: { pixels: frame.pixels, shape: [frame.width, frame.height] }, cards }]));
    renameSync(tmp, path);
    this.prune(folder);
    return path;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.writing = Promise.resolve()
        .then(async () => {
          if (!this.stopped) await this.writeFrame();
        })
        .catch((err) => this.opts.logger?.warn({ err: (err as Error).message }, 'demo frame not written'))
        .finally(() => this.schedule());
    }, Math.max(200, this.intervalS * 1000));
    this.timer.unref?.();
  }

  private frameFiles(folder = this.folder): string[] {
    try {
      return readdirSync(folder).filter((f) => NAME.test(f)).sort();
    } catch {
      return [];
    }
  }

  private highestFrameNumber(): number {
    let max = 0;
    for (const f of this.frameFiles()) max = Math.max(max, Number(NAME.exec(f)![2]));
    return max;
  }

  private prune(folder: string): void {
    const files = this.frameFiles(folder);
    const excess = files.length - (this.opts.maxFrames ?? 60);
    for (let i = 0; i < excess; i++) rmSync(join(folder, files[i]!), { force: true });
  }
}
