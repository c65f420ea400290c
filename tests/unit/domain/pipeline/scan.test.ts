import { describe, expect, it } from 'vitest';
import { scan, DEFAULT_SCAN } from '@/domain/pipeline/scan';
import { seriesFrom, walk } from './fixtures';

describe('SCAN', () => {
  const liquid = seriesFrom('BTC/USDT', walk(100, 1, 50_000), { volume: 50 });
  const illiquid = seriesFrom('DUST/USDT', walk(100, 2, 0.01), { volume: 1000 }); // 10 USDT a candle
  const calm = seriesFrom('STBL/USDT', Array(100).fill(1), { volume: 1e7, range: 0 });
  const wild = seriesFrom('WILD/USDT', walk(100, 3, 10, 0.2), { volume: 1e6, range: 0.1 });

  it('drops the illiquid, the too calm and the too volatile, with the figure that decided it', () => {
    const r = scan([liquid, illiquid, calm, wild].map((series) => ({ series, at: 99 })));
    expect(r.selected.map((c) => c.symbol)).toEqual(['BTC/USDT']);
    expect(r.dropped).toEqual(expect.arrayContaining([
      expect.objectContaining({ symbol: 'DUST/USDT', reason: 'illiquid' }),
      expect.objectContaining({ symbol: 'STBL/USDT', reason: 'too_calm' }),
      expect.objectContaining({ symbol: 'WILD/USDT', reason: 'too_volatile' }),
    ]));
    expect(r.dropped.find((d) => d.symbol === 'DUST/USDT')!.value).toBeLessThan(DEFAULT_SCAN.minQuoteVolume);
  });

  it('drops a symbol without enough history, keeps the most liquid first, and caps the count', () => {
    expect(scan([{ series: liquid, at: 10 }]).dropped[0]).toMatchObject({ reason: 'history' });
    const eth = seriesFrom('ETH/USDT', walk(100, 4, 3000), { volume: 2000 });
    const r = scan([liquid, eth].map((series) => ({ series, at: 99 })), { ...DEFAULT_SCAN, maxSymbols: 1 });
    expect(r.selected.map((c) => c.symbol)).toEqual(['ETH/USDT']); // 6M vs 2.5M a candle
    expect(r.dropped.map((d) => d.symbol)).toContain('BTC/USDT');
  });

  it('reads nothing after the current candle', () => {
    const a = scan([{ series: liquid, at: 60 }]);
    const changed = seriesFrom('BTC/USDT', [...walk(61, 1, 50_000), ...Array(39).fill(1)], { volume: 50 });
    expect(scan([{ series: changed, at: 60 }])).toEqual(a);
  });
});
