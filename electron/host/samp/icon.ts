/**
 * NightDeck's SAMP icon (`samp.icon.url`), served by the host's callable server: the app
 * icon's design (build/make-icons.mjs) rendered once, in memory, to a 64 px PNG.
 */
import sharp from 'sharp';

const ICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1024 1024">
  <defs><radialGradient id="sky" cx="50%" cy="40%" r="70%"><stop offset="0" stop-color="#1d2540"/><stop offset="1" stop-color="#070910"/></radialGradient></defs>
  <rect x="32" y="32" width="960" height="960" rx="200" fill="url(#sky)"/>
  <circle cx="600" cy="430" r="250" fill="#e8c46a"/>
  <circle cx="690" cy="370" r="225" fill="#101628"/>
  <g fill="#dfe6ff"><circle cx="250" cy="260" r="18"/><circle cx="330" cy="620" r="12"/><circle cx="760" cy="760" r="16"/><circle cx="200" cy="820" r="10"/><circle cx="470" cy="180" r="9"/></g>
  <path d="M180 900 L512 700 L844 900" stroke="#c0392b" stroke-width="36" fill="none" stroke-linecap="round"/>
</svg>`;

let png: Promise<Buffer> | null = null;

export function sampIconPng(): Promise<Buffer> {
  png ??= sharp(Buffer.from(ICON_SVG)).resize(64, 64).png().toBuffer();
  return png;
}
