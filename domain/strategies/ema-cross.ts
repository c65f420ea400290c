import { atr } from '../indicators/atr';
import { ema } from '../indicators/ema';
import type { EmaCrossParams } from './params';
import { bracket, type Strategy } from './strategy';

/** Trend following: long when EMA(fast) crosses above EMA(slow), stop ATR×k below, exit on the cross back. */
export function emaCross(symbol: string, p: EmaCrossParams): Strategy {
  const fast = ema(p.fast);
  const slow = ema(p.slow);
  const vol = atr(p.atrPeriod);
  let prevDiff = NaN;
  return {
    name: 'ema_cross',
    onCandle(t, _o, high, low, close) {
      const f = fast.update(close);
      const s = slow.update(close);
      const a = vol.update(high, low, close);
      const diff = f - s;
      const before = prevDiff;
      prevDiff = diff;
      if (!(before === before) || !(diff === diff) || !(a === a)) return null; // NaN: warming up
      if (before <= 0 && diff > 0) {
        return { kind: 'ENTRY', strategy: 'ema_cross', symbol, side: 'LONG', at: t, price: close, ...bracket(close, close - p.atrStop * a, p) };
      }
      if (before >= 0 && diff < 0) return { kind: 'EXIT', strategy: 'ema_cross', symbol, at: t, price: close };
      return null;
    },
  };
}
