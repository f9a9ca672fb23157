/**
 * A real S3-compatible server (s3rver) on 127.0.0.1 for the sources tests, plus an
 * HTTP proxy in front of it that counts the bytes of object responses, can slow them
 * down and can drop every connection and refuse new ones (a server going away).
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { S3Client, PutObjectCommand, DeleteObjectCommand, CreateBucketCommand } from '@aws-sdk/client-s3';
// s3rver ships no types.
// @ts-expect-error no declaration file
import S3rver from 's3rver';

export interface TestS3 {
  endpoint: string;
  port: number;
  client: S3Client;
  put(bucket: string, key: string, body: Uint8Array | string): Promise<void>;
  del(bucket: string, key: string): Promise<void>;
  createBucket(name: string): Promise<void>;
  /** Stops the server (dropping open connections). */
  stop(): Promise<void>;
  /** Starts it again on the same port with the same data. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
  httpServer?: http.Server;
}

export const TEST_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export async function startS3(directory: string): Promise<TestS3> {
  let server: S3rverInstance = new S3rver({ address: '127.0.0.1', port: 0, directory, silent: true });
  const address = await server.run();
  const port = address.port;
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: TEST_CREDENTIALS,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  let running = true;
  const stop = async (): Promise<void> => {
    if (!running) return;
    running = false;
    server.httpServer?.closeAllConnections();
    await server.close();
  };
  return {
    endpoint,
    port,
    client,
    async put(bucket, key, body) {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    },
    async del(bucket, key) {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },
    async createBucket(name) {
      await client.send(new CreateBucketCommand({ Bucket: name }));
    },
    stop,
    async restart() {
      server = new S3rver({ address: '127.0.0.1', port, directory, silent: true });
      await server.run();
      running = true;
    },
    async close() {
      client.destroy();
      await stop();
    },
  };
}

export interface ProxyStats {
  /** Response body bytes sent to clients, per request path (the object key part). */
  bytesByPath: Map<string, number>;
  requests: { method: string; path: string; query: URLSearchParams; range?: string; signed: boolean }[];
}

export interface TestProxy {
  endpoint: string;
  stats: ProxyStats;
  /** Bytes per second for response bodies (0 = unlimited). */
  setThrottle(bytesPerSecond: number): void;
  /** Drops every open connection and stops listening. */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
}

/** An HTTP proxy to `target` on 127.0.0.1 that counts, throttles and can go down. */
export async function startProxy(target: string): Promise<TestProxy> {
  const stats: ProxyStats = { bytesByPath: new Map(), requests: [] };
  let throttle = 0;
  const sockets = new Set<Socket>();
  const targetUrl = new URL(target);
  const server = http.createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '').split('?')[0]!);
    stats.requests.push({ method: req.method ?? '', path, query: new URL(req.url ?? '/', 'http://x').searchParams, range: req.headers.range, signed: req.headers.authorization !== undefined });
    const upstream = http.request(
      { host: targetUrl.hostname, port: targetUrl.port, method: req.method, path: req.url, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        const count = (n: number): void => {
          stats.bytesByPath.set(path, (stats.bytesByPath.get(path) ?? 0) + n);
        };
        if (throttle <= 0) {
          up.on('data', (chunk: Buffer) => count(chunk.length));
          up.pipe(res);
          return;
        }
        // Throttled: 16 KiB slices paced to the rate, respecting back-pressure.
        void (async () => {
          try {
            for await (const chunk of up as AsyncIterable<Buffer>) {
              for (let at = 0; at < chunk.length; at += 16384) {
                if (res.destroyed) {
                  up.destroy();
                  return;
                }
                const slice = chunk.subarray(at, at + 16384);
                count(slice.length);
                if (!res.write(slice)) await new Promise((r) => res.once('drain', r));
                await new Promise((r) => setTimeout(r, (slice.length / throttle) * 1000));
              }
            }
            res.end();
          } catch {
            res.destroy();
          }
        })();
      },
    );
    upstream.on('error', () => res.destroy());
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  let listening = true;
  const down = async (): Promise<void> => {
    if (!listening) return;
    listening = false;
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stats,
    setThrottle(bps) {
      throttle = bps;
    },
    down,
    async up() {
      if (listening) return;
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
      listening = true;
    },
    close: down,
  };
}
