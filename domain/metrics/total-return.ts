import type { EquityPoint } from './types';

/** Last equity over first, minus 1 (a fraction); 0 with fewer than two samples or a start at or below 0. */
export function totalReturn(equity: readonly EquityPoint[]): number {
  const first = equity[0];
  const last = equity[equity.length - 1];
  if (first === undefined || last === undefined || equity.length < 2 || !(first.equity > 0)) return 0;
  return last.equity / first.equity - 1;
}
