import { atr, type Atr } from '../indicators/atr';
import { ema, type Ema } from '../indicators/ema';
import { rsi, type Rsi } from '../indicators/rsi';
import type { Signal } from '../pipeline/signal';
import type { RsiReversionParams } from './params';
import { bracket, type Bar, type Strategy } from './strategy';

// A class, not a closure: see ema-cross.ts.
class RsiReversion implements Strategy {
  readonly name = 'rsi_reversion';
  private readonly osc: Rsi;
  private readonly trend: Ema;
  private readonly vol: Atr;
  private prev = NaN;

  constructor(private readonly symbol: string, private readonly p: RsiReversionParams) {
    this.osc = rsi(p.rsiPeriod);
    this.trend = ema(p.trendPeriod);
    this.vol = atr(p.atrPeriod);
  }

  onCandle({ time: t, high, low, close }: Readonly<Bar>): Signal | null {
    const { p, symbol } = this;
    const r = this.osc.update(close);
    const tr = this.trend.update(close);
    const a = this.vol.update(high, low, close);
    const before = this.prev;
    this.prev = r;
    if (!(before === before) || !(r === r) || !(tr === tr) || !(a === a)) return null;
    if (before < p.oversold && r >= p.oversold && close > tr) {
      return { kind: 'ENTRY', strategy: 'rsi_reversion', symbol, side: 'LONG', at: t, price: close, ...bracket(close, close - p.atrStop * a, p) };
    }
    if (r >= p.overbought) return { kind: 'EXIT', strategy: 'rsi_reversion', symbol, at: t, price: close };
    return null;
  }
}

/**
 * Mean reversion inside an uptrend: long when RSI turns back up through the oversold line
 * while the close is above its long EMA; exit when RSI reaches overbought.
 */
export function rsiReversion(symbol: string, p: RsiReversionParams): Strategy {
  return new RsiReversion(symbol, p);
}
