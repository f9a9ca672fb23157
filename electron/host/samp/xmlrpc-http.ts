/**
 * XML-RPC over HTTP on the loopback interface: a client call (to the hub) and a small callable
 * server (the hub calls NightDeck back). Bodies are size-limited; the server binds 127.0.0.1
 * only and answers POST (XML-RPC) and GET of the few static paths it is given (the icon).
 */
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { decodeCall, decodeResponse, encodeCall, encodeFault, encodeResponse, XmlRpcFault, type XmlRpcValue } from './xmlrpc.js';
import { isLoopbackHttpUrl } from './lockfile.js';

const MAX_BODY_BYTES = 4 * 1024 * 1024;

export class XmlRpcTransportError extends Error {
  constructor(
    readonly code: 'HUB_UNREACHABLE' | 'HUB_TIMEOUT' | 'BAD_XMLRPC' | 'PAYLOAD_TOO_LARGE',
    message: string,
  ) {
    super(message);
    this.name = 'XmlRpcTransportError';
  }
}

function readBody(stream: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    stream.on('data', (c: Buffer) => {
      total += c.length;
      if (total > limit) {
        stream.destroy();
        reject(new XmlRpcTransportError('PAYLOAD_TOO_LARGE', `XML-RPC body over ${limit} bytes`));
        return;
      }
      chunks.push(c);
    });
    stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    stream.on('error', reject);
  });
}

/** Calls `method` on a loopback XML-RPC endpoint; faults are thrown as XmlRpcFault. */
export async function xmlRpcCall(url: string, method: string, params: readonly XmlRpcValue[], timeoutMs = 10_000): Promise<XmlRpcValue> {
  if (!isLoopbackHttpUrl(url)) throw new XmlRpcTransportError('HUB_UNREACHABLE', 'only loopback http endpoints are called');
  const body = Buffer.from(encodeCall(method, params), 'utf8');
  const text = await new Promise<string>((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', headers: { 'content-type': 'text/xml', 'content-length': body.length, connection: 'close' }, agent: false },
      (res) => {
        if ((res.statusCode ?? 0) !== 200) {
          res.resume();
          reject(new XmlRpcTransportError('BAD_XMLRPC', `hub answered HTTP ${res.statusCode}`));
          return;
        }
        readBody(res, MAX_BODY_BYTES).then(resolve, reject);
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new XmlRpcTransportError('HUB_TIMEOUT', `${method}: no answer within ${timeoutMs} ms`)));
    req.on('error', (err) => {
      if (err instanceof XmlRpcTransportError) reject(err);
      else reject(new XmlRpcTransportError('HUB_UNREACHABLE', `${method}: ${(err as NodeJS.ErrnoException).code ?? err.message}`));
    });
    req.end(body);
  });
  try {
    return decodeResponse(text);
  } catch (err) {
    if (err instanceof XmlRpcFault) throw err;
    throw new XmlRpcTransportError('BAD_XMLRPC', `${method}: ${(err as Error).message}`);
  }
}

export type XmlRpcDispatcher = (method: string, params: XmlRpcValue[]) => Promise<XmlRpcValue>;

export interface StaticEntry {
  contentType: string;
  body: () => Promise<Buffer>;
}

export interface CallableServer {
  /** e.g. http://127.0.0.1:41234/xmlrpc */
  url: string;
  /** http://127.0.0.1:41234 (for static paths such as the icon). */
  origin: string;
  close(): Promise<void>;
}

/** Starts the callable server on 127.0.0.1 (a free port). Dispatcher errors become XML-RPC faults. */
export async function startCallableServer(
  dispatch: XmlRpcDispatcher,
  statics: Record<string, StaticEntry>,
  onError: (message: string) => void,
): Promise<CallableServer> {
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (req.method === 'GET' || req.method === 'HEAD') {
      const entry = Object.prototype.hasOwnProperty.call(statics, path) ? statics[path] : undefined;
      if (!entry) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      const body = await entry.body();
      res.writeHead(200, { 'content-type': entry.contentType, 'content-length': body.length, 'cache-control': 'max-age=3600' });
      res.end(req.method === 'HEAD' ? undefined : body);
      return;
    }
    if (req.method !== 'POST' || path !== '/xmlrpc') {
      res.writeHead(405, { allow: 'POST' }).end();
      return;
    }
    let out: string;
    try {
      const call = decodeCall(await readBody(req, MAX_BODY_BYTES));
      out = encodeResponse(await dispatch(call.method, call.params));
    } catch (err) {
      const code = err instanceof XmlRpcFault ? err.faultCode : 1;
      const message = err instanceof XmlRpcFault ? err.faultString : (err as Error).message;
      out = encodeFault(code, message);
    }
    const buf = Buffer.from(out, 'utf8');
    res.writeHead(200, { 'content-type': 'text/xml', 'content-length': buf.length });
    res.end(buf);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      onError((err as Error).message);
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  });
  server.requestTimeout = 60_000;
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/xmlrpc`,
    origin,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}
