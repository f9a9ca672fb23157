/** Debian's Chromium through playwright-core (no browser download), and screenshots as artifacts. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';

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
