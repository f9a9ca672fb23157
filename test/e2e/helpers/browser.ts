/** Debian's Chromium through playwright-core (no browser download), and screenshots as artifacts. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';

/**
 * How long a page condition may take to hold. Generous: CI machines are busy, a condition
 * that holds is seen as soon as it does, and only one that never holds waits this long.
 */
export const UI_TIMEOUT_MS = 90_000;

const root = new URL('../../..', import.meta.url).pathname;
export const CHROMIUM = process.env.NIGHTDECK_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = join(root, 'test-artifacts', 'screenshots');

export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** A page whose waits (locators, waitForFunction, clicks) default to UI_TIMEOUT_MS. */
export async function openPage(browser: Browser, viewport = { width: 1280, height: 800 }): Promise<Page> {
  const page = await browser.newPage({ viewport });
  page.setDefaultTimeout(UI_TIMEOUT_MS);
  return page;
}

/** Waits until the browser has painted twice: what was rendered before is on screen (for screenshots). */
export async function nextPaint(page: Page): Promise<void> {
  await page.evaluate(() => new Promise<void>((resolve) => {
    const raf = (globalThis as unknown as { requestAnimationFrame(cb: () => void): void }).requestAnimationFrame;
    raf(() => raf(() => resolve()));
  }));
}

/**
 * Waits until the viewer canvas shows frame `frameId` painted, with more than `minNonBlack`
 * pixels brighter than near-black: the condition itself, not a pause after a paint counter.
 */
export async function waitForPaintedFrame(page: Page, frameId: string, minNonBlack = 1000, selector = '[data-testid="viewer-canvas"]'): Promise<void> {
  await page.waitForFunction(
    ({ want, min, sel }) => {
      // Runs in the page: typed structurally, the Node project has no DOM library.
      const doc = (globalThis as unknown as { document: { querySelector(s: string): unknown } }).document;
      const c = doc.querySelector(sel) as {
        width: number;
        height: number;
        getAttribute(name: string): string | null;
        getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } | null;
      } | null;
      if (!c || c.getAttribute('data-frame-id') !== want || !(Number(c.getAttribute('data-paints')) > 0) || c.width === 0 || c.height === 0) return false;
      const d = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data;
      if (!d) return false;
      let nonBlack = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i]! + d[i + 1]! + d[i + 2]! > 45 && ++nonBlack > min) return true;
      return false;
    },
    { want: frameId, min: minNonBlack, sel: selector },
    { timeout: UI_TIMEOUT_MS, polling: 100 },
  );
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
}

/** Count of canvas pixels brighter than near-black, and a cheap checksum of the pixels. */
export async function canvasSignature(page: Page, selector = '[data-testid="viewer-canvas"]'): Promise<{ nonBlack: number; sum: number }> {
  return page.$eval(selector, (el) => {
    // Runs in the page: typed structurally, the Node project has no DOM library.
    const c = el as unknown as {
      width: number;
      height: number;
      getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } };
    };
    const ctx = c.getContext('2d');
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    let nonBlack = 0;
    let sum = 0;
    for (let i = 0; i < d.length; i += 4) {
      const v = d[i]! + d[i + 1]! + d[i + 2]!;
      if (v > 45) nonBlack++;
      sum = (sum + v * ((i >> 2) % 977)) % 1_000_000_007;
    }
    return { nonBlack, sum };
  });
}
