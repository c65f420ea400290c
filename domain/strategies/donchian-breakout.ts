import { atr } from '../indicators/atr';
import { donchian } from '../indicators/donchian';
import type { DonchianParams } from './params';
import { bracket, type Strategy } from './strategy';

/** Breakout: long when the close exceeds the highest high of the previous N candles; exit below the M-candle low. */
export function donchianBreakout(symbol: string, p: DonchianParams): Strategy {
  const entry = donchian(p.entryPeriod);
  const exit = donchian(p.exitPeriod);
  const vol = atr(p.atrPeriod);
  return {
    name: 'donchian_breakout',
    onCandle(t, _o, high, low, close) {
      // the channel of the candles BEFORE this one: read before updating
      const upper = entry.isReady ? entry.upper : NaN;
      const exitLower = exit.isReady ? exit.lower : NaN;
      entry.update(high, low);
      exit.update(high, low);
      const a = vol.update(high, low, close);
      if (!(upper === upper) || !(a === a)) return null;
      if (close > upper) {
        return { kind: 'ENTRY', strategy: 'donchian_breakout', symbol, side: 'LONG', at: t, price: close, ...bracket(close, close - p.atrStop * a, p) };
      }
      if (close < exitLower) return { kind: 'EXIT', strategy: 'donchian_breakout', symbol, at: t, price: close };
      return null;
    },
  };
}
