/**
 * A child /usr/bin/python3 running astropy's SAMP hub and client (samp_driver.py), driven one
 * JSON line at a time. `send` resolves with the answer to that command; `waitFor` resolves with
 * the first event matching a predicate (already received or still to come). No sleeps.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { PYTHON } from '../python.js';

const SCRIPT = fileURLToPath(new URL('./samp_driver.py', import.meta.url));

export type DriverLine = Record<string, unknown> & { event?: string; id?: number; ok?: boolean; error?: string };

export class PythonSamp {
  private readonly child: ChildProcess;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: DriverLine) => void; reject: (e: Error) => void }>();
  private readonly events: DriverLine[] = [];
  private readonly waiters: { match: (e: DriverLine) => boolean; resolve: (e: DriverLine) => void }[] = [];
  private stderr = '';
  private exited = false;
  readonly ready: Promise<void>;

  constructor(home: string) {
    this.child = spawn(PYTHON, ['-u', SCRIPT], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, PYTHONWARNINGS: 'ignore' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child.stderr!.on('data', (d) => (this.stderr += String(d)));
    this.child.once('exit', () => {
      this.exited = true;
      for (const p of this.pending.values()) p.reject(new Error(`python SAMP driver exited: ${this.stderr.slice(-2000)}`));
      this.pending.clear();
    });
    const lines = createInterface({ input: this.child.stdout! });
    this.ready = new Promise((resolve) => {
      lines.on('line', (line) => {
        let msg: DriverLine;
        try {
          msg = JSON.parse(line) as DriverLine;
        } catch {
          return;
        }
        if (msg.event === 'ready') resolve();
        if (typeof msg.id === 'number' && this.pending.has(msg.id)) {
          this.pending.get(msg.id)!.resolve(msg);
          this.pending.delete(msg.id);
          return;
        }
        if (msg.event) {
          this.events.push(msg);
          for (const w of [...this.waiters]) {
            if (w.match(msg)) {
              this.waiters.splice(this.waiters.indexOf(w), 1);
              w.resolve(msg);
            }
          }
        }
      });
    });
  }

  /** Sends one command; rejects with the Python error when it failed. */
  async send(cmd: Record<string, unknown>): Promise<DriverLine> {
    if (this.exited) throw new Error(`python SAMP driver has exited: ${this.stderr.slice(-2000)}`);
    const id = this.nextId++;
    const answer = new Promise<DriverLine>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    this.child.stdin!.write(JSON.stringify({ ...cmd, id }) + '\n');
    const r = await answer;
    if (!r.ok) throw new Error(`python ${String(cmd.cmd)}: ${r.error}\n${String(r.trace ?? '')}`);
    return r;
  }

  /** The first event (past or future) that matches. */
  waitFor(match: (e: DriverLine) => boolean): Promise<DriverLine> {
    const seen = this.events.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }

  get log(): string {
    return this.stderr;
  }

  async close(): Promise<void> {
    if (this.exited) return;
    const done = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.stdin!.end();
    const killer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
    await done;
    clearTimeout(killer);
  }
}
