/**
 * Starts `nightdeck serve` as a child process for browser tests (NIGHTDECK_HOME in a temp dir,
 * port 0) and reads the URL it prints. `stop()` sends SIGTERM and waits for the exit.
 */
import { spawn, type ChildProcess } from 'node:child_process';

const root = new URL('../../..', import.meta.url).pathname;

export interface ServeProcess {
  url: string;
  child: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
}

export async function startServe(args: string[], home: string, timeoutMs = 60_000, env: Record<string, string> = {}): Promise<ServeProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'electron/cli/main.ts', 'serve', '--port', '0', ...args], {
    cwd: root,
    env: { ...process.env, NIGHTDECK_HOME: home, NIGHTDECK_LOG_LEVEL: process.env.NIGHTDECK_LOG_LEVEL ?? 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += String(d)));
  child.stderr!.on('data', (d) => (out += String(d)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve printed no URL within ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const check = (): void => {
      const m = /https?:\/\/127\.0\.0\.1:\d+/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[0]);
      }
    };
    child.stdout!.on('data', check);
    child.stderr!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited (${code}) before printing its URL:\n${out}`));
    });
  });
  return {
    url,
    child,
    output: () => out,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(killer);
      }
    },
  };
}

/** Calls a contract operation over HTTP, unwrapping the envelope (for expected values). */
export async function callApi<T>(url: string, operation: string, request: unknown): Promise<T> {
  const r = await fetch(`${url}/api/${operation}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request) });
  const body = (await r.json()) as { ok: boolean; result?: T; error?: { code: string; message: string } };
  if (!body.ok) throw new Error(`${operation}: ${body.error?.code} ${body.error?.message}`);
  return body.result as T;
}
