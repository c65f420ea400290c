/** Latency samples (ms) summarised as the benches report them: p50, p99 and the slowest. */
export interface Latency { p50: number; p99: number; max: number }

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

export function latency(xs: readonly number[]): Latency {
  const sorted = xs.slice().sort((a, b) => a - b);
  return { p50: pct(sorted, 0.5), p99: pct(sorted, 0.99), max: sorted.at(-1)! };
}
