/**
 * Helper threads for pixel passes (analysis/passes/): at most min(3, cores − 1) per thread,
 * started on first use. Plain-JS eval workers (./eval-worker.ts) whose source is the
 * registered passes' own `visit` functions (their text at run time), so a thread needs no
 * TypeScript loader. The kernels stay pure: callers hand these helpers to the async kernels.
 */
import { availableParallelism } from 'node:os';
import type { Transferable } from 'node:worker_threads';
import { EvalWorker, SpareThreads } from './eval-worker.js';
import type { PixelArray } from './fits/types.js';
import type { PartOutcome, PassHelper, PixelPass, PixelRuns } from './analysis/passes/pixel-pass.js';
import { visitClaimed, type ClaimJob } from './analysis/passes/claims.js';
import { REGISTERED_PASSES } from './analysis/passes/registry.js';

interface Reply {
  id: number;
  result?: unknown;
  crashed?: string;
}

/** The ArrayBuffers of typed arrays at the top of a result or one level down: moved, not copied. */
export function transferablesOf(result: unknown): Transferable[] {
  const out = new Set<ArrayBuffer>();
  const take = (v: unknown): void => {
    if (ArrayBuffer.isView(v) && v.buffer instanceof ArrayBuffer) out.add(v.buffer);
  };
  if (result && typeof result === 'object') {
    for (const v of Object.values(result)) {
      take(v);
      if (Array.isArray(v)) v.forEach(take);
      else if (v && typeof v === 'object' && !ArrayBuffer.isView(v)) Object.values(v).forEach(take);
    }
  }
  return [...out];
}

function helperSource(passes: readonly PixelPass<never, unknown>[]): string {
  const table = passes
    .map((p) => `  ${JSON.stringify(p.name)}: { visit: ${p.visit.toString()}, accumulate: ${p.accumulate ? p.accumulate.toString() : 'null'} },`)
    .join('\n');
  return `
const { parentPort } = require('node:worker_threads');
// Under tsx (keepNames) nested functions in a pass's text are wrapped in __name(fn, name).
const __name = (fn) => fn;
const passes = {
${table}
};
const transferablesOf = ${transferablesOf.toString()};
const visitClaimed = ${visitClaimed.toString()};
parentPort.on('message', ({ id, pass, pixels, runs, job, params }) => {
  let result;
  try {
    const p = passes[pass];
    if (!p) throw new Error('unknown pixel pass ' + pass);
    const view = new globalThis[pixels.type](pixels.buffer, pixels.byteOffset, pixels.length);
    if (job) {
      if (!p.accumulate) throw new Error('pixel pass ' + pass + ' cannot be claimed chunk by chunk');
      result = visitClaimed(p.visit, p.accumulate, view, job, params);
    } else {
      result = p.visit(view, runs, params);
    }
  } catch (err) {
    parentPort.postMessage({ id, crashed: err instanceof Error ? err.message : String(err) });
    return;
  }
  parentPort.postMessage({ id, result }, transferablesOf(result));
});
`;
}

const warned = new Set<string>();

/** A pass that throws in a helper is worth one line: it only costs time, but it is a bug (e.g. a pass that is not self-contained). */
function warnOnce(pass: string, message: string): void {
  if (warned.has(pass)) return;
  warned.add(pass);
  process.emitWarning(`pixel pass ${pass} failed in a helper thread (${message}); its part was visited on the calling thread`);
}

/**
 * One helper thread, started on its first part: handing helpers to a kernel costs nothing
 * when the work turns out too small to split (or fails its checks first), and no process
 * ever exits while a thread it never used is still starting.
 */
export class PassHelperThread implements PassHelper {
  private started: EvalWorker<Reply> | null = null;

  constructor(
    private readonly onExit: (h: PassHelperThread) => void = () => {},
    private readonly source = helperSource(REGISTERED_PASSES),
  ) {}

  private get thread(): EvalWorker<Reply> {
    return (this.started ??= new EvalWorker<Reply>(this.source, undefined, () => this.onExit(this)));
  }

  visit<P, R>(pass: PixelPass<P, R>, pixels: PixelArray, runs: PixelRuns, params: P): Promise<PartOutcome<R>> {
    return this.ask<R>(pass.name, pixels, { runs, params });
  }

  visitClaimed<P, R>(pass: PixelPass<P, R>, pixels: PixelArray, job: ClaimJob, params: P): Promise<PartOutcome<R | null>> {
    return this.ask<R | null>(pass.name, pixels, { job, params });
  }

  private async ask<R>(pass: string, pixels: PixelArray, work: object): Promise<PartOutcome<R>> {
    if (!(pixels.buffer instanceof SharedArrayBuffer)) return { ok: false, message: 'pixels are not in shared memory' };
    const shared = { type: pixels.constructor.name, buffer: pixels.buffer, byteOffset: pixels.byteOffset, length: pixels.length };
    const reply = await this.thread.request({ pass, pixels: shared, ...work });
    if (reply instanceof Error) return { ok: false, message: `pass helper failed: ${reply.message}` };
    if (reply.crashed !== undefined) {
      warnOnce(pass, reply.crashed);
      return { ok: false, message: reply.crashed };
    }
    return { ok: true, result: reply.result as R };
  }

  /** Ends the thread if it was started; unanswered parts resolve as failed. */
  async terminate(): Promise<number> {
    return this.started ? this.started.terminate() : 0;
  }
}

/**
 * Helpers per thread: the passes are bound by memory bandwidth beyond a few threads, and
 * every analysis worker of the pool may start its own.
 */
const MAX_HELPERS = 3;

/** Helper threads worth starting: none on a single core. */
export function maxPassHelpers(): number {
  return Math.max(0, Math.min(MAX_HELPERS, availableParallelism() - 1));
}

const helpers = new SpareThreads<PassHelperThread>(maxPassHelpers, (onExit) => new PassHelperThread(onExit));

/** The module's helpers (started on first use): as many as the machine has spare cores, at most MAX_HELPERS. */
export function passHelpers(): PassHelperThread[] {
  return helpers.get();
}
