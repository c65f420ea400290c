/** What a strategy emits on a candle close: an entry with its stop and target, or an exit. */
export interface EntrySignal {
  kind: 'ENTRY';
  strategy: string;
  symbol: string;
  side: 'LONG';
  /** candle open time (ms) of the candle whose close produced it */
  at: number;
  /** reference entry price: that candle's close (the order fills at the next open) */
  price: number;
  stopPrice: number;
  targetPrice: number;
}

export interface ExitSignal {
  kind: 'EXIT';
  strategy: string;
  symbol: string;
  at: number;
  price: number;
}

export type Signal = EntrySignal | ExitSignal;
