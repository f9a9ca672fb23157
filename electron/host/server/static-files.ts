/**
 * The built renderer (`dist/renderer`) at `/`, resolved strictly inside its folder; a clear
 * page when it has not been built yet. Unknown paths without an extension get index.html
 * (the console's own routes).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendBytes, sendText } from './http-util.js';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

export const RENDERER_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; " +
  "connect-src 'self' ws: wss:; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const NOT_BUILT = `<!doctype html><html><head><meta charset="utf-8"><title>NightDeck</title>
<style>body{background:#111;color:#ddd;font:16px system-ui,sans-serif;margin:4em}code{color:#f88}</style></head>
<body><h1>NightDeck host is running</h1><p>The console has not been built yet: run <code>npm run build:renderer</code>
and reload this page.</p><p>The HTTP API is available now: <code>POST /api/&lt;operation&gt;</code>, <code>GET /api/images</code>,
events at <code>/api/events</code>.</p></body></html>`;

/** The file for a URL path, or null when it would leave the root. */
export function resolveStatic(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const base = resolve(root);
  const target = resolve(base, '.' + normalize('/' + decoded));
  if (target !== base && !target.startsWith(base + sep)) return null;
  return target;
}

export function serveStatic(root: string, req: IncomingMessage, res: ServerResponse, urlPath: string): void {
  const index = join(root, 'index.html');
  const headers = { 'content-security-policy': RENDERER_CSP, 'x-content-type-options': 'nosniff' };
  if (!existsSync(index)) {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...headers });
    res.end(NOT_BUILT);
    return;
  }
  let file = resolveStatic(root, urlPath === '/' ? '/index.html' : urlPath);
  if (!file) {
    sendText(res, 404, 'not found');
    return;
  }
  if (!existsSync(file) || !statSync(file).isFile()) {
    if (extname(file)) {
      sendText(res, 404, 'not found');
      return;
    }
    file = index;
  }
  const type = MIME[extname(file).toLowerCase()] ?? 'application/octet-stream';
  const cache = file === index ? 'no-cache' : 'public, max-age=3600';
  const body = readFileSync(file);
  if (req.method === 'HEAD') {
    res.writeHead(200, { 'content-type': type, 'content-length': body.length, 'cache-control': cache, ...headers });
    res.end();
    return;
  }
  sendBytes(res, 200, body, type, { 'cache-control': cache, ...headers });
}
