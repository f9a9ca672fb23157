/**
 * Builds the console: root is renderer/, output dist/renderer/ at the repo root.
 * `base: './'` keeps asset URLs relative so the same build loads over HTTP (nightdeck serve)
 * and from the app:// protocol in Electron. No inline scripts: the CSP is script-src 'self'.
 */
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: './',
  plugins: [vue()],
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer/', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // No modulepreload polyfill: it is injected as extra code and Chromium/Electron support it natively.
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 900,
  },
  server: { host: '127.0.0.1' },
});
