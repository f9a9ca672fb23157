#!/usr/bin/env node
// Generates the app icons (build/icons/<size>x<size>.png and icon.png) from one SVG:
// a dark disc, a crescent and a star field, readable at 16 px. electron-builder derives
// .icns and .ico from the 1024 px PNG.
import { mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const outDir = join(dirname(fileURLToPath(import.meta.url)), 'icons');
const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1024 1024">
  <defs><radialGradient id="sky" cx="50%" cy="40%" r="70%"><stop offset="0" stop-color="#1d2540"/><stop offset="1" stop-color="#070910"/></radialGradient></defs>
  <rect x="32" y="32" width="960" height="960" rx="200" fill="url(#sky)"/>
  <circle cx="600" cy="430" r="250" fill="#e8c46a"/>
  <circle cx="690" cy="370" r="225" fill="#101628"/>
  <g fill="#dfe6ff"><circle cx="250" cy="260" r="18"/><circle cx="330" cy="620" r="12"/><circle cx="760" cy="760" r="16"/><circle cx="200" cy="820" r="10"/><circle cx="470" cy="180" r="9"/></g>
  <path d="M180 900 L512 700 L844 900" stroke="#c0392b" stroke-width="36" fill="none" stroke-linecap="round"/>
</svg>`;

mkdirSync(outDir, { recursive: true });
for (const size of [16, 32, 48, 64, 128, 256, 512, 1024]) {
  await sharp(Buffer.from(svg)).resize(size, size).png().toFile(join(outDir, `${size}x${size}.png`));
}
await sharp(Buffer.from(svg)).resize(1024, 1024).png().toFile(join(outDir, 'icon.png'));
console.log(`icons written to ${outDir}`);
