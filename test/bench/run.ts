/**
 * `npm run bench`: runs every area's benchmark that exists (fits, analysis, render, store,
 * sources, host, ui), each module's exported bench function, and prints one table
 * `name | ours ms | reference | ref ms | ratio | goal | met?`. A missing module or a failing
 * benchmark is reported on one line and the others still run.
 * Usage: npm run bench [-- <module name substring>...]
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BenchRow } from './bench-types.js';

const MODULES: { file: string; fn: string }[] = [
  { file: 'fits-bench', fn: 'benchFits' },
  { file: 'analysis-bench', fn: 'benchAnalysis' },
  { file: 'render-bench', fn: 'benchRender' },
  { file: 'store-bench', fn: 'benchStore' },
  { file: 'sources-bench', fn: 'benchSources' },
  { file: 'host-bench', fn: 'benchHost' },
  { file: 'ui-bench', fn: 'benchUi' },
  { file: 'wcs-bench', fn: 'benchWcs' },
  { file: 'open-bench', fn: 'benchOpen' },
  // Live-night memory (NIGHTDECK_BENCH_LIVE_MINUTES, default 10) and CLI start-up.
  { file: 'memory-bench', fn: 'benchMemory' },
  { file: 'cli-bench', fn: 'benchCli' },
];

/**
 * Whether a row meets its goal. Goals read '≤ 0.2×' (a ratio to the reference),
 * '≤ 20 ms' (an absolute time), '≤ 600 MB' (a memory size held in ours_ms) or '≥ 1000 req/s'-style
 * throughput rows where ours_ms holds the rate.
 */
export function goalMet(row: BenchRow): boolean | null {
  const g = row.goal?.replace(/\s+/g, ' ').trim();
  if (!g) return null;
  const m = /^(≤|<=|≥|>=)\s*([\d.]+)\s*(×|x|ms|s|MB|req\/s|\/s)?/.exec(g);
  if (!m) return null;
  const limit = Number(m[2]);
  const unit = m[3] ?? '×';
  const value = unit === '×' || unit === 'x' ? row.ratio : unit === 's' ? row.ours_ms / 1000 : row.ours_ms;
  return m[1] === '≤' || m[1] === '<=' ? value <= limit : value >= limit;
}

function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Math.abs(n) >= 100) return n.toFixed(0);
  if (Math.abs(n) >= 1) return n.toFixed(2);
  return n.toPrecision(3);
}

export function formatTable(rows: BenchRow[]): string {
  const header = ['name', 'ours ms', 'reference', 'ref ms', 'ratio', 'goal', 'met?'];
  const lines = rows.map((r) => {
    const met = goalMet(r);
    return [r.name, fmt(r.ours_ms), r.reference, fmt(r.reference_ms), fmt(r.ratio), r.goal ?? '', met === null ? '' : met ? 'yes' : 'NO'];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const row = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ');
  return [row(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...lines.map(row)].join('\n');
}

async function main(filters: string[]): Promise<number> {
  const rows: BenchRow[] = [];
  let failures = 0;
  for (const { file, fn } of MODULES) {
    if (filters.length && !filters.some((f) => file.includes(f))) continue;
    const present = ['.ts', '.js'].some((ext) => existsSync(fileURLToPath(new URL(`./${file}${ext}`, import.meta.url))));
    if (!present) {
      console.log(`skip ${file}: not present in this checkout`);
      continue;
    }
    try {
      const mod = (await import(`./${file}.js`)) as Record<string, unknown>;
      const bench = mod[fn];
      if (typeof bench !== 'function') {
        console.log(`skip ${file}: no exported ${fn}()`);
        continue;
      }
      const started = Date.now();
      const got = (await (bench as () => Promise<BenchRow[]>)()) ?? [];
      rows.push(...got);
      console.log(`done ${file}: ${got.length} rows in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    } catch (err) {
      failures++;
      console.log(`FAIL ${file}: ${(err as Error).message}`);
    }
  }
  console.log('\n' + formatTable(rows));
  return failures ? 1 : 0;
}

const isEntry = process.argv[1] && /test[\\/]bench[\\/]run\.(ts|js)$/.test(process.argv[1]);
if (isEntry) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
