/** One line of the `npm run bench` table: our time next to a reference measured in the same run. */
export interface BenchRow {
  name: string;
  ours_ms: number;
  /** What we compare with ('astropy fits.getdata', 'gzip -dc', or 'goal' when there is no external reference). */
  reference: string;
  reference_ms: number;
  /** ours_ms / reference_ms. */
  ratio: number;
  /** The goal, e.g. '≤ 0.2×' or '≤ 20 ms'. */
  goal?: string;
}
