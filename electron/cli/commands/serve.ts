/**
 * `nightdeck serve`: the headless host. Serves the console, the contract over HTTP and
 * WebSocket and the compatible routes; with no source configured (or --demo) it runs the
 * demo night. Shuts down cleanly on SIGINT/SIGTERM.
 */
import { spawn } from 'node:child_process';
import { UsageError, type CliCommand, type CliIo, parseCommandArgs } from '../command.js';
import { createHost, type Host } from '../../host/host.js';
import { resolveDataDir } from '../../host/paths.js';
import { startServer, type RunningServer } from '../../host/server/http-server.js';
import type { S3Config } from '../../host/api.js';

const usage = `Usage: nightdeck serve [--folder DIR]... [--s3 s3://BUCKET[/PREFIX]] [--s3-endpoint URL] [--s3-region R]
                      [--poll SECONDS] [--host 127.0.0.1] [--port 8080] [--demo] [--open] [--auth] [--insecure] [--samp]

Serves the NightDeck console at http://HOST:PORT/, the API at POST /api/<operation>,
GET /api/images, events at /api/events (WebSocket), and the QuickAnalysis, FPlaneServer and
thumbnail-compatible routes. Sources given here are used for this run only; without any
(and none saved in the settings), or with --demo, a demo night is generated in the data
directory (NIGHTDECK_HOME). Binding an address other than loopback needs --auth (API keys
from 'nightdeck user add') or --insecure. --samp registers with the desktop's SAMP hub (loopback
binds only; with --auth the SAMP operations need an admin key).`;

/** `s3://bucket/prefix` → bucket and prefix. */
export function parseS3Url(url: string): { bucket: string; prefix?: string } {
  const m = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(url);
  if (!m) throw new UsageError(`--s3 must look like s3://BUCKET[/PREFIX], got '${url}'`);
  const prefix = m[2]?.replace(/\/+$/, '');
  return prefix ? { bucket: m[1]!, prefix } : { bucket: m[1]! };
}

function openBrowser(url: string): void {
  const cmd = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'cmd' : 'xdg-open';
  const args = process.platform === 'win32' ? ['/c', 'start', '', url] : [url];
  try {
    spawn(cmd, args, { stdio: 'ignore', detached: true }).on('error', () => {}).unref();
  } catch {
    // no browser: the URL is printed anyway
  }
}

export interface ServeHandle {
  host: Host;
  server: RunningServer;
  stop(): Promise<void>;
}

export interface ServeOptions {
  argv: string[];
  io: CliIo;
  env?: NodeJS.ProcessEnv;
}

/** Parses the arguments, starts host and server; used by the command and by tests. */
export async function startServe({ argv, io, env = process.env }: ServeOptions): Promise<ServeHandle> {
  const parsed = parseCommandArgs({
    args: argv,
    options: {
      folder: { type: 'string', multiple: true },
      s3: { type: 'string' },
      's3-endpoint': { type: 'string' },
      's3-region': { type: 'string' },
      poll: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '8080' },
      demo: { type: 'boolean', default: false },
      open: { type: 'boolean', default: false },
      auth: { type: 'boolean', default: false },
      insecure: { type: 'boolean', default: false },
      samp: { type: 'boolean', default: false },
    },
    allowPositionals: false,
  });
  const v = parsed.values;
  const port = Number(v.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be 0..65535, got '${v.port}'`);
  let pollMs: number | undefined;
  if (v.poll !== undefined) {
    const seconds = Number(v.poll);
    if (!Number.isFinite(seconds) || seconds < 0.2 || seconds > 3600) throw new UsageError(`--poll must be 0.2..3600 seconds, got '${v.poll}'`);
    pollMs = Math.round(seconds * 1000);
  }
  if ((v['s3-endpoint'] || v['s3-region']) && !v.s3) throw new UsageError('--s3-endpoint and --s3-region need --s3');

  const s3: S3Config[] = [];
  if (v.s3) {
    const config: S3Config = { ...parseS3Url(v.s3) };
    if (v['s3-endpoint']) {
      if (!/^https?:\/\/[^\s/]+/.test(v['s3-endpoint'])) throw new UsageError('--s3-endpoint must be an http(s) URL');
      config.endpoint = v['s3-endpoint'];
      config.forcePathStyle = true;
    }
    if (v['s3-region']) config.region = v['s3-region'];
    if (pollMs !== undefined) config.pollIntervalMs = pollMs;
    s3.push(config);
  }
  const folders = (v.folder ?? []).map((path) => ({ path, recursive: true }));
  const cliSources = s3.length || folders.length ? { s3, folders } : undefined;

  const { checkBindPolicy } = await import('../../host/server/bind-policy.js');
  checkBindPolicy(v.host!, { auth: v.auth!, insecure: v.insecure! });

  const { serveSampPolicy } = await import('../../host/samp/policy.js');
  const samp = serveSampPolicy({ samp: v.samp!, bindAddress: v.host!, auth: v.auth! });
  if (v.samp && !samp.enabled) io.stderr(`warning: SAMP stays off: ${samp.reason}`);

  const host = await createHost({
    dataDir: resolveDataDir(env),
    mode: 'serve',
    env,
    demo: v.demo!,
    samp,
    ...(cliSources ? { sources: cliSources } : {}),
  });
  let server: RunningServer;
  try {
    server = await startServer(host, { host: v.host!, port, auth: v.auth!, insecure: v.insecure! });
  } catch (err) {
    await host.close();
    throw err;
  }
  io.stdout(`NightDeck serving on ${server.url}`);
  if (v.host !== '127.0.0.1' && !v.auth) io.stderr('warning: serving without --auth on a non-loopback address (--insecure)');
  if (v.open) openBrowser(server.url);
  let stopping: Promise<void> | null = null;
  return {
    host,
    server,
    stop() {
      stopping ??= (async () => {
        await server.close();
        await host.close();
      })();
      return stopping;
    },
  };
}

const command: CliCommand = {
  summary: 'headless host: the console in a browser, the HTTP API and the compatible routes',
  usage,
  async run(argv, io) {
    // Listen before starting: whoever reads the printed URL may signal at once, and a signal with
    // no listener yet would kill the process mid-start. `on`, not `once`: the same signal may
    // arrive twice (the terminal and the launcher both pass on Ctrl-C; a service manager signals
    // every process), and a second one must not kill the process halfway through its shutdown.
    const signalled = new Promise<string>((resolve) => {
      process.on('SIGINT', () => resolve('SIGINT'));
      process.on('SIGTERM', () => resolve('SIGTERM'));
    });
    const handle = await startServe({ argv, io });
    const signal = await signalled;
    io.stderr(`${signal}: shutting down`);
    try {
      await handle.stop();
    } catch (err) {
      io.stderr(`shutdown error: ${(err as Error).message}`);
    }
    return 0;
  },
};

export default command;
