/**
 * The demo night: synthetic frames (stars, sky, noise, hot pixels, WCS, realistic headers)
 * written as FITS into the data directory, a few at start and then one every few seconds,
 * so the live console can be seen with no cloud account. Files are written under a
 * temporary name and renamed, so the folder watcher only ever sees complete frames.
 */
import { mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { generateSyntheticFrame } from '../../../native-workers/analysis/synthetic.js';
import { writeFileSync } from 'node:fs';
import { fitsWriter } from '../export/writer.js';
import type { Card } from '../../../native-workers/fits/types.js';
import { nightOfMs } from '../store/night.js';
import type { Logger } from '../logger.js';

export interface DemoNightOptions {
  /** The demo folder (one sub-folder per night). */
  root: string;
  intervalS: number;
  /** Frames written at start (default 4). */
  initialFrames?: number;
  /** Width and height of each frame (default 1024). */
  frameSize?: number;
  /** Oldest frames beyond this count are deleted, so the demo never fills the disk (default 60). */
  maxFrames?: number;
  siteLongitudeDeg: number;
  logger?: Pick<Logger, 'info' | 'warn'>;
  now?: () => Date;
}

const FILTERS = ['V', 'R', 'B', 'I'];
const OBJECTS = ['M42', 'NGC 2264', 'M1', 'HETDEX field'];
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
    for (let i = existing; i < (this.opts.initialFrames ?? 4); i++) await this.writeFrame();
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

  /** Writes one new frame now; returns its path. */
  async writeFrame(): Promise<string> {
    const writeFits = await fitsWriter();
    const folder = this.folder;
    mkdirSync(folder, { recursive: true });
    const n = this.nextNumber++;
    const date = this.now();
    const size = this.opts.frameSize ?? 1024;
    const frame = generateSyntheticFrame({
      width: size,
      height: size,
      seed: n * 7919 + Number(this.night),
      sky: 800 + 300 * Math.sin(n / 7),
      stars: 60,
      fwhmPx: 2.8 + 1.2 * Math.abs(Math.sin(n / 5)),
      hotPixels: 12,
      saturatedStars: n % 4 === 0 ? 1 : 0,
      dateObs: date,
      object: OBJECTS[Math.floor(n / 6) % OBJECTS.length]!,
      filter: FILTERS[n % FILTERS.length]!,
      exptime: 30,
      raDeg: 83.82 + n * 0.001,
      decDeg: -5.39,
      bitpix: 16,
    });
    const name = demoFrameName(this.night, n);
    const path = join(folder, name);
    const tmp = join(folder, `.${name}.partial`);
    const cards: Card[] = frame.cards.filter((c) => !/^(SIMPLE|BITPIX|NAXIS\d*|EXTEND|BZERO|BSCALE|END)$/.test(c.key));
    cards.push({ key: 'FRAMENUM', value: n, comment: 'demo frame number' });
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
