/**
 * The observer's night tools end to end in Debian's Chromium against `nightdeck serve --demo`
 * (the embedded default): every view of the demo opens without any error text, the Focus view
 * fits the demo's focus run, the Grade column and its filter with a hand approval that survives
 * a reload, the star overlay (hover label, saturated stars, 2,000 sources while panning) and
 * blink with its difference. Screenshots go to test-artifacts/screenshots/night-*.png.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { makeTempDir } from '../helpers/tmp.js';
import { startServe, callApi, type ServeProcess } from './helpers/serve.js';
import { CHROMIUM, launchChromium, screenshot } from './helpers/browser.js';
import { writeFitsFile } from '../../native-workers/fits/index.js';
import { generateSyntheticFrame } from '../../native-workers/analysis/synthetic.js';
import { nightOfMs } from '../../electron/host/store/night.js';
import { DEMO_FOCUS } from '../../electron/host/demo/demo-plan.js';

const root = new URL('../..', import.meta.url).pathname;

// Page functions run in the browser; these declarations type them without the DOM library.
interface PageElement {
  getAttribute(name: string): string | null;
  dataset: Record<string, string | undefined>;
  textContent: string | null;
  clientWidth: number;
  clientHeight: number;
  getBoundingClientRect(): { left: number; top: number; width: number; height: number };
  offsetParent: unknown;
}
declare const document: {
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): ArrayLike<PageElement>;
  body: { innerText: string };
};

const skip = !existsSync(CHROMIUM)
  ? `Chromium is not installed at ${CHROMIUM} (apt-get install -y chromium): night tools E2E skipped`
  : !existsSync(join(root, 'dist/renderer/index.html'))
    ? 'the renderer is not built (npm run build:renderer): night tools E2E skipped'
    : false;

const FRAME = 512;
const DEMO_FRAMES = 13;
const CROWDED = 'crowded-field.fits';
const ERROR_WORDS = /\b(NOT_FOUND|INTERNAL|BAD_REQUEST|BAD_ARGUMENT|UNAVAILABLE|TypeError|ReferenceError|is not a function|undefined is not)\b/;

interface GradingResult {
  counts: { good: number; bad: number; pending: number };
  frames: { id: number; name: string; verdict: string }[];
}

/** Visible error texts on the page: in-place errors, error-styled text, and error codes in the body. */
async function errorTexts(page: Page): Promise<string[]> {
  return page.evaluate(
    (pattern) => {
      const out: string[] = [];
      const nodes = document.querySelectorAll('.in-place-error, .error-text, [data-testid$="-error"]');
      for (let i = 0; i < nodes.length; i++) {
        const n = nodes[i]!;
        const text = (n.textContent ?? '').trim();
        if (text && n.offsetParent !== null) out.push(text);
      }
      const body = document.body.innerText;
      const m = new RegExp(pattern).exec(body);
      if (m) out.push(`body: …${body.slice(Math.max(0, m.index - 60), m.index + 80)}…`);
      return out;
    },
    ERROR_WORDS.source,
  );
}

describe('the night tools in the demo console', { skip }, () => {
  let tmp: { dir: string; cleanup: () => void };
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;
  let night = '';
  const pageErrors: string[] = [];
  const idOf = new Map<number, number>();

  before(async () => {
    tmp = makeTempDir('nightdeck-e2e-night-');
    const home = join(tmp.dir, 'home');
    night = nightOfMs(Date.now(), -104.0147);
    // A crowded field beside the demo frames: ~2,000 sources for the overlay's panning check.
    const folder = join(home, 'demo', night);
    mkdirSync(folder, { recursive: true });
    const crowded = generateSyntheticFrame({ width: 1400, height: 1400, seed: 5, stars: 2600, fwhmPx: 2.6, sky: 600, hotPixels: 0, dateObs: new Date(Date.now() - 3_600_000), object: 'crowded', raDeg: 280, decDeg: -30 });
    await writeFitsFile(join(folder, CROWDED), [{ image: { pixels: crowded.pixels, shape: [1400, 1400], bitpix: 16 }, cards: crowded.cards.filter((c) => !/^(SIMPLE|BITPIX|NAXIS\d*|EXTEND|BZERO|BSCALE|END)$/.test(c.key)) }]);
    serve = await startServe(['--demo'], home, 90_000, { NIGHTDECK_DEMO_FRAME_SIZE: String(FRAME), NIGHTDECK_DEMO_INTERVAL_S: '3600' });
    // Wait for the host to list and measure everything (background analysis), by condition.
    const until = Date.now() + 120_000;
    for (;;) {
      const g = await callApi<GradingResult>(serve.url, 'getGrading', { night }).catch(() => null);
      if (g && g.frames.length >= DEMO_FRAMES + 1 && g.counts.pending === 0) {
        for (const f of g.frames) {
          const m = /-(\d{8})-EX00\.fits$/.exec(f.name);
          if (m) idOf.set(Number(m[1]), f.id);
        }
        break;
      }
      if (Date.now() > until) throw new Error(`the demo night was not measured in time: ${JSON.stringify(g?.counts)}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await page.goto(serve.url);
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="frame-row"]').length >= n, DEMO_FRAMES, { timeout: 30_000 });
  });

  after(async () => {
    await browser?.close();
    await serve?.stop();
    tmp?.cleanup();
  });

  it('opens every view of the demo without any error text', async () => {
    const views: { nav: string; view: string; ready: string }[] = [
      { nav: 'frames', view: 'frame-list', ready: '[data-testid="frame-row"]' },
      { nav: 'trends', view: 'trends-view', ready: '[data-testid="trends-view"]:not([data-points="0"])' },
      { nav: 'focus', view: 'focus-view', ready: '[data-testid="focus-result"]' },
      { nav: 'fplane', view: 'fplane-view', ready: '[data-testid="fplane-row"]' },
      { nav: 'settings', view: 'settings-view', ready: '[data-testid="settings-view"]' },
      { nav: 'export', view: 'export-view', ready: '[data-testid="export-choose"]' },
    ];
    for (const v of views) {
      await page.locator(`[data-testid="nav-${v.nav}"]`).click();
      await page.locator(`[data-testid="${v.view}"]`).waitFor({ timeout: 15_000 });
      await page.locator(v.ready).first().waitFor({ timeout: 30_000 });
      await page.waitForTimeout(400); // let late answers land before reading the page
      assert.deepEqual(await errorTexts(page), [], `the ${v.nav} view shows no error`);
      await screenshot(page, `night-view-${v.nav}`);
    }
    // The focal plane is the demo's HETDEX configuration: VIRUS, LRS2 and placeholders, inactive and empty seats.
    await page.locator('[data-testid="nav-fplane"]').click();
    await page.locator('[data-testid="fplane-row"]').first().waitFor();
    const kinds = await page.locator('[data-testid="fplane-row"]').evaluateAll((rows) => rows.map((r) => (r as unknown as PageElement).getAttribute('class')));
    assert.ok(kinds.filter((k) => k === 'active').length > 60 && kinds.includes('inactive') && kinds.includes('special'));
    // And a frame opens in the viewer.
    await page.locator('[data-testid="nav-frames"]').click();
    await page.locator('[data-testid="frame-row"]').first().click();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="viewer-canvas"]')?.getAttribute('data-paints')) > 0, null, { timeout: 30_000 });
    assert.deepEqual(await errorTexts(page), []);
    assert.deepEqual(pageErrors, []);
  });

  it('Focus view: the demo focus run, the fitted curve and the best focus; too few ticked frames say so', async () => {
    await page.locator('[data-testid="nav-focus"]').click();
    const view = page.locator('[data-testid="focus-view"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="focus-view"]')?.getAttribute('data-points') === '7', null, { timeout: 30_000 });
    const best = Number(await view.getAttribute('data-best-focus'));
    assert.ok(Math.abs(best - DEMO_FOCUS.f0) < 0.2 * DEMO_FOCUS.step, `best focus ${best}`);
    assert.match((await page.locator('[data-testid="focus-result"]').textContent()) ?? '', /Best focus 121\d\.\d ± [\d.]+.*7 of 7 frames used/);
    assert.ok((await page.locator('[data-testid="focus-view"] canvas').count()) > 0, 'the chart is drawn');
    await screenshot(page, 'night-focus');
    const boxes = page.locator('[data-testid="focus-choose"]');
    for (let i = 0; i < 4; i++) await boxes.nth(i).check();
    await page.locator('[data-testid="focus-problem"]').waitFor({ timeout: 15_000 });
    assert.match((await page.locator('[data-testid="focus-problem"]').textContent()) ?? '', /at least 5 frames/);
    await page.locator('[data-testid="focus-use-run"]').click();
    await page.locator('[data-testid="focus-result"]').waitFor({ timeout: 15_000 });
  });

  it('Grade column and filter: the trailed and cloudy frames are bad; a hand approval survives a reload', async () => {
    await page.locator('[data-testid="nav-frames"]').click();
    const cloudy = `dmo-nightdeck-${night}-00000009-EX00.fits`;
    const trailed = `dmo-nightdeck-${night}-00000008-EX00.fits`;
    await page.locator(`[data-testid="frame-row"][data-frame-name="${cloudy}"] [data-testid="verdict-cell"][data-verdict="bad"]`).waitFor({ timeout: 15_000 });
    await page.locator('[data-testid="frame-verdict-filter"]').selectOption('bad');
    const badNames = await page.locator('[data-testid="frame-row"]').evaluateAll((rows) => rows.map((r) => (r as unknown as PageElement).dataset.frameName));
    assert.ok(badNames.includes(cloudy) && badNames.includes(trailed), badNames.join(', '));
    const verdicts = await page.locator('[data-testid="verdict-cell"]').evaluateAll((c) => c.map((e) => (e as unknown as PageElement).dataset.verdict));
    assert.ok(verdicts.every((v) => v === 'bad'));
    const expected = await callApi<GradingResult>(serve.url, 'getGrading', { night });
    assert.equal(badNames.length, expected.counts.bad);
    assert.match((await page.locator(`[data-frame-name="${cloudy}"] .badge`).getAttribute('title')) ?? '', /stars < 10|night's median/);
    await screenshot(page, 'night-grading-bad');
    // Approve the cloudy frame by hand: it leaves the bad list.
    await page.locator(`[data-testid="frame-row"][data-frame-name="${cloudy}"]`).click();
    await page.locator(`[data-frame-name="${cloudy}"] [data-testid="verdict-approve"]`).click();
    await page.waitForFunction((n) => !document.querySelector(`[data-testid="frame-row"][data-frame-name="${n}"]`), cloudy, { timeout: 15_000 });
    await page.reload();
    await page.locator('[data-testid="frame-verdict-filter"]').selectOption('good');
    const cell = page.locator(`[data-testid="frame-row"][data-frame-name="${cloudy}"] [data-testid="verdict-cell"]`);
    await cell.waitFor({ timeout: 30_000 });
    assert.equal(await cell.getAttribute('data-verdict'), 'good');
    assert.equal((await cell.textContent())?.trim(), 'good*', 'marked as set by hand');
    await page.locator('[data-testid="frame-verdict-filter"]').selectOption('');
    // x rejects the selected frame by hand, x again returns it to the automatic verdict.
    const tenth = `dmo-nightdeck-${night}-00000010-EX00.fits`;
    const tenthCell = page.locator(`[data-testid="frame-row"][data-frame-name="${tenth}"] [data-testid="verdict-cell"]`);
    assert.equal(await tenthCell.getAttribute('data-verdict'), 'good');
    await page.locator(`[data-testid="frame-row"][data-frame-name="${tenth}"]`).click();
    await page.keyboard.press('x');
    await page.waitForFunction((n) => document.querySelector(`[data-frame-name="${n}"] [data-testid="verdict-cell"]`)?.dataset.verdict === 'bad', tenth, { timeout: 15_000 });
    await page.keyboard.press('x');
    await page.waitForFunction((n) => document.querySelector(`[data-frame-name="${n}"] [data-testid="verdict-cell"]`)?.dataset.verdict === 'good', tenth, { timeout: 15_000 });
    // Export takes the good frames of the night.
    const good = (await callApi<GradingResult>(serve.url, 'getGrading', { night })).counts.good;
    await page.locator('[data-testid="nav-export"]').click();
    await page.locator('[data-testid="export-choose-good"]').click();
    assert.match((await page.locator('[data-testid="export-run"]').textContent()) ?? '', new RegExp(`Export ${good} frames`));
    await screenshot(page, 'night-export-good');
    await page.locator('[data-testid="nav-frames"]').click();
  });

  /** Opens a frame by name and waits for its pixels, fitted to the viewer. */
  async function openByName(name: string): Promise<void> {
    const row = page.locator(`[data-testid="frame-row"][data-frame-name="${name}"]`);
    const id = await row.getAttribute('data-frame-id');
    await row.dblclick();
    await page.waitForFunction(
      (want) => {
        const c = document.querySelector('[data-testid="viewer-canvas"]');
        return c?.getAttribute('data-frame-id') === want && Number(c.getAttribute('data-paints')) > 0;
      },
      id,
      { timeout: 30_000 },
    );
    await page.keyboard.press('f');
  }

  it('star overlay: o draws the sources, hover describes one, saturated stars are marked apart', async () => {
    const name = `dmo-nightdeck-${night}-00000012-EX00.fits`;
    await openByName(name);
    await page.keyboard.press('o');
    await page.waitForFunction(() => document.querySelector('[data-testid="star-overlay"]')?.dataset.visible === 'true' && Number(document.querySelector('[data-testid="star-overlay"]')?.dataset.drawn) > 0, null, { timeout: 30_000 });
    const overlay = page.locator('[data-testid="star-overlay"]');
    const q = await callApi<{ sources: { x: number; y: number; fwhmPx: number }[]; saturatedSources: unknown[] }>(serve.url, 'getQuality', { id: idOf.get(12) });
    assert.equal(Number(await overlay.getAttribute('data-sources')), q.sources.length);
    assert.ok(q.saturatedSources.length >= 1, 'frame 12 of the demo has a saturated star');
    assert.equal(Number(await overlay.getAttribute('data-saturated')), q.saturatedSources.length);
    // Hover the brightest star: its screen position from the fitted view.
    const star = q.sources[0]!;
    const at = await page.evaluate(
      ({ x, y, size }) => {
        const c = document.querySelector('[data-testid="viewer-canvas"]')!;
        const r = c.getBoundingClientRect();
        const scale = Math.min(r.width / size, r.height / size);
        return { sx: r.left + (r.width - size * scale) / 2 + (x + 0.5) * scale, sy: r.top + (r.height - size * scale) / 2 + (size - y - 0.5) * scale };
      },
      { x: star.x, y: star.y, size: FRAME },
    );
    await page.mouse.move(at.sx, at.sy);
    const label = page.locator('[data-testid="star-label"]');
    await label.waitFor({ timeout: 10_000 });
    const text = (await label.textContent()) ?? '';
    assert.match(text, new RegExp(`x ${star.x.toFixed(2)}\\s+y ${star.y.toFixed(2)}`));
    assert.match(text, /peak .* flux .*FWHM \d+\.\d\d px\s+elongation \d\.\d{3}/);
    await screenshot(page, 'night-overlay');
    await page.keyboard.press('o');
    await page.waitForFunction(() => document.querySelector('[data-testid="star-overlay"]')?.dataset.visible === 'false');
  });

  it('star overlay: 2,000 sources keep each redraw within a 60 fps frame while panning', async () => {
    await openByName(CROWDED);
    await page.keyboard.press('o');
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="star-overlay"]')?.dataset.sources) >= 2000, null, { timeout: 60_000 });
    await page.keyboard.press('1');
    const box = (await page.locator('[data-testid="viewer-canvas"]').boundingBox())!;
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    const costs: number[] = [];
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    for (let i = 1; i <= 40; i++) {
      await page.mouse.move(cx - 4 * i, cy - 2 * i);
      // One animation frame later the overlay has redrawn for this position.
      await page.evaluate(() => new Promise((r) => (globalThis as unknown as { requestAnimationFrame(f: () => void): void }).requestAnimationFrame(() => r(null))));
      costs.push(Number(await page.locator('[data-testid="star-overlay"]').getAttribute('data-draw-ms')));
    }
    await page.mouse.up();
    costs.sort((a, b) => a - b);
    const p90 = costs[Math.floor(0.9 * costs.length)]!;
    const drawn = Number(await page.locator('[data-testid="star-overlay"]').getAttribute('data-drawn'));
    assert.ok(drawn > 300, `${drawn} marks on screen at 1:1`);
    assert.ok(p90 < 16, `overlay redraw p90 ${p90.toFixed(2)} ms (median ${costs[costs.length >> 1]!.toFixed(2)} ms)`);
    await screenshot(page, 'night-overlay-crowded');
    await page.keyboard.press('o');
  });

  it('blink: b alternates the frame with the previous one of its object and filter, registered by WCS; difference shows A − B', async () => {
    const a = `dmo-nightdeck-${night}-00000013-EX00.fits`;
    await openByName(a);
    await page.keyboard.press('b');
    const layer = page.locator('[data-testid="blink-layer"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="blink-layer"]')?.dataset.active === 'true', null, { timeout: 30_000 });
    assert.equal(await layer.getAttribute('data-registration'), 'wcs');
    assert.match((await page.locator('[data-testid="blink-tag"]').textContent()) ?? '', new RegExp(`A ${a}\\s+⇄\\s+B dmo-nightdeck-${night}-00000012-EX00\\.fits`));
    // It alternates: both A and B are seen, by condition (no sleeps on the rate).
    const seen = new Set<string>();
    const start = Number(await layer.getAttribute('data-flips'));
    await page.locator('[data-testid="blink-rate"]').fill('8');
    while (seen.size < 2 || Number(await layer.getAttribute('data-flips')) < start + 3) {
      seen.add((await layer.getAttribute('data-showing')) ?? '');
      await page.waitForFunction((n) => Number(document.querySelector('[data-testid="blink-layer"]')?.dataset.flips) > n, Number(await layer.getAttribute('data-flips')), { timeout: 10_000 });
    }
    assert.ok(seen.has('A') && seen.has('B'), [...seen].join());
    await page.locator('[data-testid="blink-difference"]').check();
    await page.waitForFunction(() => document.querySelector('[data-testid="blink-layer"]')?.dataset.showing === 'diff');
    // The registered difference is mostly mid-grey (same sky, stars cancelled) in a symmetric stretch.
    const grey = await page.locator('[data-testid="blink-layer"]').evaluate((el) => {
      const c = el as unknown as { width: number; height: number; getContext(k: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } };
      const d = c.getContext('2d').getImageData(Math.floor(c.width / 2) - 60, Math.floor(c.height / 2) - 60, 120, 120).data;
      let mid = 0;
      for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i]! - 128) < 48) mid++;
      return mid / (d.length / 4);
    });
    assert.ok(grey > 0.9, `${(grey * 100).toFixed(1)} % of the centre is mid-grey`);
    await screenshot(page, 'night-blink-difference');
    // The checkbox has the keyboard focus (keys typed into a field are not shortcuts): the button stops it.
    await page.locator('[data-testid="blink-toggle"]').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="blink-layer"]')?.dataset.active === 'false');
    assert.deepEqual(await errorTexts(page), []);
    assert.deepEqual(pageErrors, []);
  });
});
