/**
 * Helper threads for pixel passes: at most min(3, cores − 1) per thread, started on first use. Plain-JS
 * eval workers (../../eval-worker.ts) whose source is the registered passes' own `visit`
 * functions (their text at run time), so a thread needs no TypeScript loader.
 */
import { availableParallelism } from 'node:os';
import type { Transferable } from 'node:worker_threads';
import { EvalWorker, SpareThreads } from '../../eval-worker.js';
import type { PixelArray } from '../../fits/types.js';
import type { PixelPass, PixelRuns } from './pixel-pass.js';
import { REGISTERED_PASSES } from './registry.js';

interface Reply {
  id: number;
  result?: unknown;
  crashed?: string;
}

/** What a helper answers: the part's result, or why it could not (the caller then visits the part itself). */
export type PartOutcome<R> = { ok: true; result: R } | { ok: false; message: string };

/** What the runner needs of a helper (tests substitute their own). */
export interface PassHelper {
  visit<P, R>(pass: PixelPass<P, R>, pixels: PixelArray, runs: PixelRuns, params: P): Promise<PartOutcome<R>>;
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
  const table = passes.map((p) => `  ${JSON.stringify(p.name)}: ${p.visit.toString()},`).join('\n');
  return `
const { parentPort } = require('node:worker_threads');
// Under tsx (keepNames) nested functions in a pass's text are wrapped in __name(fn, name).
const __name = (fn) => fn;
const passes = {
${table}
};
const transferablesOf = ${transferablesOf.toString()};
parentPort.on('message', ({ id, pass, pixels, runs, params }) => {
  let result;
  try {
    const visit = passes[pass];
    if (!visit) throw new Error('unknown pixel pass ' + pass);
    const view = new globalThis[pixels.type](pixels.buffer, pixels.byteOffset, pixels.length);
    result = visit(view, runs, params);
  } catch (err) {
    parentPort.postMessage({ id, crashed: err instanceof Error ? err.message : String(err) });
    return;
  }
  parentPort.postMessage({ id, result }, transferablesOf(result));
});
`;
}

export class PassHelperThread implements PassHelper {
  private readonly thread: EvalWorker<Reply>;

  constructor(onExit: (h: PassHelperThread) => void = () => {}, source = helperSource(REGISTERED_PASSES)) {
    this.thread = new EvalWorker<Reply>(source, undefined, () => onExit(this));
  }

  get usable(): boolean {
    return this.thread.usable;
  }

  async visit<P, R>(pass: PixelPass<P, R>, pixels: PixelArray, runs: PixelRuns, params: P): Promise<PartOutcome<R>> {
    if (!(pixels.buffer instanceof SharedArrayBuffer)) return { ok: false, message: 'pixels are not in shared memory' };
    const shared = { type: pixels.constructor.name, buffer: pixels.buffer, byteOffset: pixels.byteOffset, length: pixels.length };
    const reply = await this.thread.request({ pass: pass.name, pixels: shared, runs, params });
    if (reply instanceof Error) return { ok: false, message: `pass helper failed: ${reply.message}` };
    if (reply.crashed !== undefined) return { ok: false, message: reply.crashed };
    return { ok: true, result: reply.result as R };
  }

  terminate(): Promise<number> {
    return this.thread.terminate();
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
