/**
 * DS9 regions in the console, in Debian's Chromium against `nightdeck serve`: load a .reg (image
 * and sexagesimal fk5 coordinates, an exclude region, an unsupported shape), see it drawn and
 * measured with the host's exact numbers, select, draw and move regions, save it back as a .reg
 * in sky coordinates, and find the regions again after a reload.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { makeTempDir } from '../helpers/tmp.js';
import { writeFrame } from './helpers/fits-fixture.js';
import { startServe, callApi, type ServeProcess } from './helpers/serve.js';
import { CHROMIUM, launchChromium, screenshot } from './helpers/browser.js';
import { readFitsFile, selectImageHdu } from '../../native-workers/fits/index.js';
import {
  frameGeometry,
  lookupFromCards,
  parseRegionFile,
  pixelToSky,
  readRegionsOnFrame,
} from '../../native-workers/regions/index.js';
import { formatDecDms, formatRaHms } from '../../native-workers/wcs/index.js';

const root = new URL('../..', import.meta.url).pathname;

interface PageElement {
  getAttribute(name: string): string | null;
}
declare const document: {
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): { length: number };
};

const skip = !existsSync(CHROMIUM)
  ? `Chromium is not installed at ${CHROMIUM} (apt-get install -y chromium): region E2E skipped`
  : !existsSync(join(root, 'dist/renderer/index.html'))
    ? 'the renderer is not built (npm run build:renderer): region E2E skipped'
    : false;

interface Row {
  count: number;
  median: number | null;
  mean: number | null;
}

describe('DS9 regions in the console', { skip }, () => {
  let tmp: { dir: string; cleanup: () => void };
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;
  let frameId = 0;
  let regionText = '';
  let framePath = '';

  before(async () => {
    tmp = makeTempDir('nightdeck-e2e-regions-');
    const folder = join(tmp.dir, 'night');
    const home = join(tmp.dir, 'home');
    mkdirSync(folder);
    mkdirSync(home);
    framePath = join(folder, 'tst-cam-20240102-00000001-EX00.fits');
    writeFrame(framePath, { width: 480, height: 320, seed: 11, sky: 1200, dateObs: '2024-01-02T03:09:00', bitpix: -32 });
    // Earlier frames of the same night and field, for the region's light curve.
    for (let k = 2; k <= 4; k++) {
      writeFrame(join(folder, `tst-cam-20240102-0000000${k}-EX00.fits`), { width: 480, height: 320, seed: 11, sky: 1000 + 40 * k, dateObs: `2024-01-02T03:0${k}:00`, bitpix: -32 });
    }
    // A sky circle at pixel (200, 150), written in sexagesimal fk5 as an observer's file would be.
    const fits = await readFitsFile(framePath);
    const geometry = frameGeometry(lookupFromCards(selectImageHdu(fits).header.cards));
    const [ra, dec] = pixelToSky(geometry, 'fk5', 199, 149);
    regionText = [
      '# Region file format: DS9 version 4.1',
      'global color=green width=1',
      'image',
      'circle(120,100,20) # text={star A}',
      'box(330,210,70,40,30) # color=cyan',
      '-circle(120,100,6)',
      'polygon(40,240,130,250,110,300,50,290)',
      '# vector(10,10,20,45) vector=1',
      `fk5; circle(${formatRaHms(ra, 4)},${formatDecDms(dec, 3)},9") # text={sky}`,
    ].join('\n');
    serve = await startServe(['--folder', folder], home);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    await page.goto(serve.url);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="frame-row"]').length === 4, null, { timeout: 30_000 });
    const row = page.locator('[data-testid="frame-row"]').first();
    frameId = Number(await row.getAttribute('data-frame-id'));
    await row.dblclick();
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="viewer-canvas"]')?.getAttribute('data-paints')) > 0, null, { timeout: 30_000 });
  });

  after(async () => {
    await browser?.close();
    await serve?.stop();
    tmp?.cleanup();
  });

  const rowCount = (i: number) => page.locator(`[data-testid="region-row-${i}"]`).getAttribute('data-count');

  it('loads a .reg onto the open frame: drawn over the image, measured exactly as the API measures it', async () => {
    await page.locator('[data-testid="region-file"]').setInputFiles({ name: 'night.reg', mimeType: 'text/plain', buffer: Buffer.from(regionText) });
    await page.waitForFunction(() => document.querySelector('[data-testid="region-overlay"]')?.getAttribute('data-count') === '5', null, { timeout: 15_000 });
    await page.waitForFunction(() => !!document.querySelector('[data-testid="region-row-4"]')?.getAttribute('data-count'), null, { timeout: 15_000 });
    assert.match((await page.locator('[data-testid="region-warning"]').first().textContent()) ?? '', /unsupported shape 'vector'/);
    assert.deepEqual(
      await page.locator('[data-testid="region-overlay"] g.region').evaluateAll((els) => els.map((e) => (e as unknown as PageElement).getAttribute('data-shape'))),
      ['circle', 'box', 'circle', 'polygon', 'circle'],
    );
    const expected = await callApi<{ regions: Row[] }>(serve.url, 'getRegionStatistics', { id: frameId, regions: regionText });
    // Rows of the include regions: 0, 1, 3, 4 (2 is the exclude circle).
    const include = [0, 1, 3, 4];
    for (const [k, i] of include.entries()) {
      assert.equal(Number(await rowCount(i)), expected.regions[k]!.count, `region ${i} pixels`);
      assert.equal(Number(await page.locator(`[data-testid="region-row-${i}"]`).getAttribute('data-median')), expected.regions[k]!.median, `region ${i} median`);
    }
    // The exclude circle's pixels are not in the circle before it: π·20² − π·6² ≈ 1143 pixels.
    assert.ok(Math.abs(expected.regions[0]!.count - Math.PI * (400 - 36)) < 30, String(expected.regions[0]!.count));
    assert.equal(await rowCount(2), '');
    await screenshot(page, 'regions-01-loaded');
  });

  it('a click on a statistics row selects its region in the viewer', async () => {
    await page.locator('[data-testid="region-row-1"]').click();
    await page.waitForFunction(() => /\bselected\b/.test(document.querySelector('[data-testid="region-1"]')?.getAttribute('class') ?? ''));
    assert.equal(await page.locator('[data-testid="region-1-handle-corner"]').count(), 1);
  });

  it('draws a circle with the Circle tool and moves a region by dragging it; both are measured', async () => {
    await page.locator('[data-testid="region-draw-circle"]').click();
    const box = (await page.locator('[data-testid="region-overlay"]').boundingBox())!;
    const cx = box.x + box.width * 0.75;
    const cy = box.y + box.height * 0.3;
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    await page.mouse.move(cx + 15, cy, { steps: 3 });
    await page.mouse.move(cx + 30, cy, { steps: 3 });
    await page.mouse.up();
    await page.waitForFunction(() => !!document.querySelector('[data-testid="region-row-5"]')?.getAttribute('data-count'), null, { timeout: 15_000 });
    assert.ok(Number(await rowCount(5)) > 20);
    await page.locator('[data-testid="region-draw-circle"]').click(); // tool off

    const before = Number(await rowCount(3));
    const poly = (await page.locator('[data-testid="region-3"] .shape').boundingBox())!;
    await page.mouse.move(poly.x + poly.width / 2, poly.y + poly.height / 2);
    await page.mouse.down();
    await page.mouse.move(poly.x + poly.width / 2 + 40, poly.y + poly.height / 2 - 30, { steps: 6 });
    await page.mouse.up();
    // Kept by the host: the stored file has the moved polygon.
    const moved = await (async () => {
      // A condition with a generous deadline, not a count of short sleeps: CI machines are busy.
      for (const until = Date.now() + 60_000; Date.now() < until; ) {
        const { text } = await callApi<{ text: string | null }>(serve.url, 'getFrameRegions', { id: frameId });
        if (text && parseRegionFile(text).regions.length === 6) {
          const poly2 = parseRegionFile(text).regions[3]!;
          if (poly2.positions[0]!.a !== 40) return poly2;
        }
        await page.waitForTimeout(100);
      }
      return null;
    })();
    assert.ok(moved, 'the moved polygon is kept for the frame');
    assert.ok(moved.positions[0]!.a > 40, `moved right: ${moved.positions[0]!.a}`);
    assert.ok(Number(await rowCount(3)) > 0 && Number.isFinite(before));
    await screenshot(page, 'regions-02-drawn-moved');
  });

  it('saves the regions as a .reg in icrs that reads back onto the same pixels', async () => {
    await page.locator('[data-testid="region-save-system"]').selectOption('icrs');
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid="region-save"]').click()]);
    const path = join(tmp.dir, 'saved.reg');
    await download.saveAs(path);
    const text = readFileSync(path, 'utf8');
    assert.match(text, /^# Region file format: DS9 version 4.1/);
    assert.match(text, /\nicrs\n/);
    const fits = await readFitsFile(framePath);
    const geometry = frameGeometry(lookupFromCards(selectImageHdu(fits).header.cards));
    const saved = readRegionsOnFrame(text, geometry).regions;
    const { text: kept } = await callApi<{ text: string }>(serve.url, 'getFrameRegions', { id: frameId });
    const current = readRegionsOnFrame(kept, geometry).regions;
    assert.equal(saved.length, 6);
    saved.forEach((r, i) => {
      assert.equal(r.shape.kind, current[i]!.shape.kind);
      assert.equal(r.include, current[i]!.include);
      const a = r.shape as { x?: number; points?: [number, number][] };
      const b = current[i]!.shape as { x?: number; points?: [number, number][] };
      const ax = a.x ?? a.points![0]![0];
      const bx = b.x ?? b.points![0]![0];
      assert.ok(Math.abs(ax - bx) < 1e-6, `region ${i}: ${ax} vs ${bx}`);
    });
    assert.equal(saved[0]!.text, 'star A');
  });

  it('keeps the regions of the frame across a reload', async () => {
    await page.reload();
    const row = page.locator('[data-testid="frame-row"]').first();
    await row.waitFor({ timeout: 30_000 });
    await row.dblclick();
    await page.waitForFunction(() => document.querySelector('[data-testid="region-overlay"]')?.getAttribute('data-count') === '6', null, { timeout: 30_000 });
    await page.waitForFunction(() => !!document.querySelector('[data-testid="region-row-0"]')?.getAttribute('data-count'), null, { timeout: 15_000 });
  });

  it('plots a region\'s median across the night in Night trends, the file applied to every frame in sky coordinates', async () => {
    await page.locator('[data-testid="nav-trends"]').click();
    await page.locator('[data-testid="region-trend-file"]').setInputFiles({ name: 'night.reg', mimeType: 'text/plain', buffer: Buffer.from(regionText) });
    await page.waitForFunction(() => document.querySelector('[data-testid="region-trend"]')?.getAttribute('data-points') === '4', null, { timeout: 30_000 });
    const labels = await page.locator('[data-testid="region-trend-region"] option').allTextContents();
    assert.deepEqual(labels, ['star A', 'box #2 (line 5)', 'polygon #3 (line 7)', 'sky']);
    const nights = await callApi<{ nights: { night: string }[] }>(serve.url, 'listNights', {});
    const trends = await callApi<{ points: { regions: { median: number }[] | null }[] }>(serve.url, 'getRegionTrends', { night: nights.nights[0]!.night, regions: regionText });
    // The sky level rises 40 ADU a frame: so does the sky circle's median.
    const medians = trends.points.map((p) => p.regions![3]!.median);
    for (let k = 1; k < medians.length; k++) assert.ok(medians[k]! > medians[k - 1]! + 20, medians.join(', '));
    await page.locator('[data-testid="region-trend-region"]').selectOption('3');
    await screenshot(page, 'regions-03-night-trend');
  });
});
