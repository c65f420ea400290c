import type { Registry } from 'prom-client';
import type { Db } from '@/adapters/db/client';
import { splitSymbol } from '@/domain/market/candle-series';
import { marksSchema } from '@/server/services/positions/views';
import { readConsecutiveLosses, readMarketVolatility } from '@/server/services/risk/risk-signals';
import { gaugeIn } from './gauge';

interface Account { id: string; name: string; exchange: string; equity: number | null; marks: unknown }

/**
 * The risk figures the core gauges do not carry: exposure per asset and in total as a
 * fraction of equity (at the runner's marks, else entry prices: as the Overview shows it),
 * consecutive losses, and each market's volatility percentile (the high-volatility rule's measure).
 */
export function registerRiskGauges(r: Registry) {
  const g = gaugeIn(r);
  const assetExposure = g('sentinel_asset_exposure_fraction', 'open exposure in one asset / equity, at the latest marks (the per-asset limit is 0.3)', ['account', 'asset']);
  const totalExposure = g('sentinel_total_exposure_fraction', 'open exposure in all assets / equity, at the latest marks (the total limit is 0.5)', ['account']);
  const streak = g('sentinel_consecutive_losses', 'closed trades lost in a row, newest first (a warning above 3)', ['account']);
  const volatility = g('sentinel_volatility_percentile', 'market volatility percentile: the 14-candle mean true range ranked among its last 500 values (0..1)', ['exchange', 'symbol', 'timeframe']);

  return async (db: Db, accounts: readonly Account[]) => {
    const open = await db.position.findMany({ where: { status: { in: ['OPEN', 'CLOSING'] } }, select: { accountId: true, symbol: true, quantity: true, entryPrice: true } });
    for (const a of accounts) {
      streak.set({ account: a.name }, await readConsecutiveLosses(db, a.id));
      if (!a.equity || a.equity <= 0) continue;
      const marks = marksSchema.safeParse(a.marks ?? {}).data ?? {};
      const byAsset = new Map<string, number>();
      for (const p of open.filter((x) => x.accountId === a.id)) {
        const asset = splitSymbol(p.symbol)?.base ?? p.symbol;
        byAsset.set(asset, (byAsset.get(asset) ?? 0) + (p.quantity.toNumber() * (marks[p.symbol] ?? p.entryPrice.toNumber())) / a.equity);
      }
      for (const [asset, f] of byAsset) assetExposure.set({ account: a.name, asset }, f);
      totalExposure.set({ account: a.name }, [...byAsset.values()].reduce((x, y) => x + y, 0));
    }
    for (const exchange of new Set(accounts.map((a) => a.exchange))) {
      for (const m of await readMarketVolatility(db, exchange)) if (m.percentile !== null) volatility.set({ exchange, symbol: m.symbol, timeframe: m.timeframe }, m.percentile);
    }
  };
}
