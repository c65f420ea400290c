import { atr } from '../indicators/atr';
import { ema } from '../indicators/ema';
import { rsi } from '../indicators/rsi';
import type { RsiReversionParams } from './params';
import { bracket, type Strategy } from './strategy';

/**
 * Mean reversion inside an uptrend: long when RSI turns back up through the oversold line
 * while the close is above its long EMA; exit when RSI reaches overbought.
 */
export function rsiReversion(symbol: string, p: RsiReversionParams): Strategy {
  const osc = rsi(p.rsiPeriod);
  const trend = ema(p.trendPeriod);
  const vol = atr(p.atrPeriod);
  let prev = NaN;
  return {
    name: 'rsi_reversion',
    onCandle(t, _o, high, low, close) {
      const r = osc.update(close);
      const tr = trend.update(close);
      const a = vol.update(high, low, close);
      const before = prev;
      prev = r;
      if (!(before === before) || !(r === r) || !(tr === tr) || !(a === a)) return null;
      if (before < p.oversold && r >= p.oversold && close > tr) {
        return { kind: 'ENTRY', strategy: 'rsi_reversion', symbol, side: 'LONG', at: t, price: close, ...bracket(close, close - p.atrStop * a, p) };
      }
      if (r >= p.overbought) return { kind: 'EXIT', strategy: 'rsi_reversion', symbol, at: t, price: close };
      return null;
    },
  };
}
