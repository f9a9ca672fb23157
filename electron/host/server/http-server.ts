/**
 * The headless host's HTTP + WebSocket server: the contract at `POST /api/<operation>`,
 * `GET /api/images`, events at `/api/events`, the QuickAnalysis, FPlaneServer and
 * thumbnail-compatible routes, and the built renderer at `/`. Binds 127.0.0.1 by default;
 * other addresses need `auth` or `insecure`. Logs name paths only (never queries or headers,
 * which may carry keys).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Host } from '../host.js';
import { HostError, toApiError } from '../errors.js';
import { handleExportDownload, handleImages, handleOperation } from './api-routes.js';
import { requireUser } from './auth.js';
import { checkBindPolicy } from './bind-policy.js';
import { EventStream } from './events-ws.js';
import { handleFplane } from './fplane-routes.js';
import { sendApiError, sendJson, pathOf } from './http-util.js';
import { handleQuickAnalysis, QUICKANALYSIS_ROUTES, corsHeaders } from './quickanalysis.js';
import { serveStatic } from './static-files.js';
import { handleThumbnail, handleThumbnailCache } from './thumbnail-routes.js';

export interface ServerOptions {
  /** Address to bind (default 127.0.0.1). */
  host?: string;
  /** Port (default 8080; 0 = any free port). */
  port?: number;
  /** Every data route needs a user's API key. */
  auth?: boolean;
  /** Allow a non-loopback bind without auth. */
  insecure?: boolean;
  /** The built renderer (default dist/renderer of the checkout). */
  rendererDir?: string;
}

export interface RunningServer {
  url: string;
  port: number;
  address: string;
  server: Server;
  events: EventStream;
  close(): Promise<void>;
}

export function defaultRendererDir(): string {
  return fileURLToPath(new URL('../../../dist/renderer/', import.meta.url)).replace(/dist[\\/]dist[\\/]/, 'dist/');
}

/** A %-encoded path segment; malformed escapes are the client's mistake (400). */
function decodePathPart(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new HostError('BAD_REQUEST', 'malformed %-escape in the path');
  }
}

/** Routes that never need a key: the console's static files (they hold no data). */
function isPublicStatic(path: string): boolean {
  return !path.startsWith('/api/') && !QUICKANALYSIS_ROUTES.has(path) && !path.startsWith('/fplane') && !path.startsWith('/thumbnail');
}

export async function startServer(host: Host, opts: ServerOptions = {}): Promise<RunningServer> {
  const address = opts.host ?? '127.0.0.1';
  const auth = opts.auth ?? false;
  checkBindPolicy(address, { auth, insecure: opts.insecure ?? false });
  const rendererDir = opts.rendererDir ?? defaultRendererDir();
  const logger = host.services.logger;
  const events = new EventStream(host, logger);

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = pathOf(req);
    if (auth && !isPublicStatic(path) && !(req.method === 'OPTIONS' && QUICKANALYSIS_ROUTES.has(path))) {
      // FPlaneServer POSTs check their own admin key (401/403 as that service answers).
      if (!(path.startsWith('/fplane') && req.method === 'POST')) requireUser(host.services.users, req);
    }
    if (path.startsWith('/api/')) {
      const name = path.slice(5);
      if (name === 'images' && (req.method === 'GET' || req.method === 'HEAD')) return handleImages(host, req, res);
      const exported = /^exports\/([\w.+-]{1,200})$/.exec(name);
      if (exported && (req.method === 'GET' || req.method === 'HEAD')) return handleExportDownload(host, exported[1]!, res);
      if (/^[A-Za-z]{1,60}$/.test(name)) return handleOperation(host, name, req, res);
      return sendApiError(res, { code: 'NOT_FOUND', message: `no route ${path.slice(0, 100)}` });
    }
    if (QUICKANALYSIS_ROUTES.has(path)) return handleQuickAnalysis(host, path, req, res);
    if (path === '/fplane' || path === '/fplane/') return handleFplane(host, undefined, req, res);
    const fplane = /^\/fplane\/([^/]{1,40})\/?$/.exec(path);
    if (fplane) return handleFplane(host, decodePathPart(fplane[1]!), req, res);
    const thumb = /^\/thumbnail\/([^/]{1,300})\/?$/.exec(path);
    if (thumb) return handleThumbnail(host, decodePathPart(thumb[1]!), req, res);
    const cached = /^\/thumbnail-cache\/([^/]{1,100})$/.exec(path);
    if (cached) return handleThumbnailCache(host, cached[1]!, res);
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { ok: false, error: { code: 'METHOD_NOT_ALLOWED', message: 'use GET' } });
    serveStatic(rendererDir, req, res, path);
  };

  const server = createServer((req, res) => {
    const started = Date.now();
    route(req, res)
      .catch((err) => {
        const error = toApiError(err);
        if (error.code === 'INTERNAL') logger.error({ path: pathOf(req), err: (err as Error)?.message }, 'request failed');
        const path = pathOf(req);
        sendApiError(res, error, QUICKANALYSIS_ROUTES.has(path) ? corsHeaders(req) : {});
      })
      .finally(() => logger.debug({ method: req.method, path: pathOf(req), status: res.statusCode, ms: Date.now() - started }, 'http'));
  });
  // Clients keep connections open between requests; a long keep-alive avoids racing the
  // server's idle close (ECONNRESET on a reused socket).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 300_000;

  server.on('upgrade', (req, socket: Socket, head) => {
    const path = pathOf(req);
    try {
      if (path !== '/api/events') throw Object.assign(new Error('not found'), { code: 'NOT_FOUND' });
      if (auth) requireUser(host.services.users, req);
      events.handleUpgrade(req, socket, head);
    } catch (err) {
      const status = (err as { code?: string }).code === 'UNAUTHORIZED' ? '401 Unauthorized' : '404 Not Found';
      socket.end(`HTTP/1.1 ${status}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
    }
  });

  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 8080, address, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const info = server.address() as AddressInfo;
  const shown = info.family === 'IPv6' ? `[${info.address}]` : info.address;
  const url = `http://${shown}:${info.port}`;
  logger.info({ url, auth }, 'serving');

  return {
    url,
    port: info.port,
    address: info.address,
    server,
    events,
    async close() {
      events.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections?.();
        setTimeout(() => {
          for (const s of sockets) s.destroy();
        }, 1000).unref();
      });
    },
  };
}
