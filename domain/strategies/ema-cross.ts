import { atr, type Atr } from '../indicators/atr';
import { ema, type Ema } from '../indicators/ema';
import type { Signal } from '../pipeline/signal';
import type { EmaCrossParams } from './params';
import { bracket, type Bar, type Strategy } from './strategy';

// A class, not a closure: every instance shares one onCandle, so the engine's call site
// stays monomorphic across runs and V8 keeps the previous candle's values in the object
// instead of boxing them in a closure context (see ema.ts).
class EmaCross implements Strategy {
  readonly name = 'ema_cross';
  private readonly fast: Ema;
  private readonly slow: Ema;
  private readonly vol: Atr;
  private prevDiff = NaN;

  constructor(private readonly symbol: string, private readonly p: EmaCrossParams) {
    this.fast = ema(p.fast);
    this.slow = ema(p.slow);
    this.vol = atr(p.atrPeriod);
  }

  onCandle({ time: t, high, low, close }: Readonly<Bar>): Signal | null {
    const { p, symbol } = this;
    const f = this.fast.update(close);
    const s = this.slow.update(close);
    const a = this.vol.update(high, low, close);
    const diff = f - s;
    const before = this.prevDiff;
    this.prevDiff = diff;
    if (!(before === before) || !(diff === diff) || !(a === a)) return null; // NaN: warming up
    if (before <= 0 && diff > 0) {
      return { kind: 'ENTRY', strategy: 'ema_cross', symbol, side: 'LONG', at: t, price: close, ...bracket(close, close - p.atrStop * a, p) };
    }
    if (before >= 0 && diff < 0) return { kind: 'EXIT', strategy: 'ema_cross', symbol, at: t, price: close };
    return null;
  }
}

/** Trend following: long when EMA(fast) crosses above EMA(slow), stop ATR×k below, exit on the cross back. */
export function emaCross(symbol: string, p: EmaCrossParams): Strategy {
  return new EmaCross(symbol, p);
}
