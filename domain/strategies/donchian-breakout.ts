import { atr, type Atr } from '../indicators/atr';
import { rollingMax, rollingMin, type RollingExtreme } from '../indicators/donchian';
import type { Signal } from '../pipeline/signal';
import type { DonchianParams } from './params';
import { bracket, type Bar, type Strategy } from './strategy';

// A class, not a closure: see ema-cross.ts.
class DonchianBreakout implements Strategy {
  readonly name = 'donchian_breakout';
  // the entry needs only the channel's upper band, the exit only the lower one of its own period
  private readonly entry: RollingExtreme;
  private readonly exit: RollingExtreme;
  private readonly vol: Atr;

  constructor(private readonly symbol: string, private readonly p: DonchianParams) {
    this.entry = rollingMax(p.entryPeriod);
    this.exit = rollingMin(p.exitPeriod);
    this.vol = atr(p.atrPeriod);
  }

  onCandle({ time: t, high, low, close }: Readonly<Bar>): Signal | null {
    const { p, symbol } = this;
    // the channel of the candles BEFORE this one: read before updating
    const upper = this.entry.value;
    const exitLower = this.exit.value;
    this.entry.update(high);
    this.exit.update(low);
    const a = this.vol.update(high, low, close);
    if (!(upper === upper) || !(a === a)) return null;
    if (close > upper) {
      return { kind: 'ENTRY', strategy: 'donchian_breakout', symbol, side: 'LONG', at: t, price: close, ...bracket(close, close - p.atrStop * a, p) };
    }
    if (close < exitLower) return { kind: 'EXIT', strategy: 'donchian_breakout', symbol, at: t, price: close };
    return null;
  }
}

/** Breakout: long when the close exceeds the highest high of the previous N candles; exit below the M-candle low. */
export function donchianBreakout(symbol: string, p: DonchianParams): Strategy {
  return new DonchianBreakout(symbol, p);
}
