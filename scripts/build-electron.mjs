#!/usr/bin/env node
// Builds what the desktop shell needs beyond `npm run build`: the sandboxed preload as one
// CommonJS file (a sandboxed preload cannot load ES modules or other files).
import { build } from 'esbuild';

await build({
  entryPoints: ['electron/preload.ts'],
  outfile: 'dist/electron/preload.cjs',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['electron'],
  logLevel: 'warning',
});
console.log('built dist/electron/preload.cjs');
