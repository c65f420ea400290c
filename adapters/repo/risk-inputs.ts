import type { Tx } from '@/adapters/db/client';
import { lockAccount } from '@/adapters/repo/risk-state';
import { resolveLimits, type RiskConfig } from '@/domain/risk/risk-config';
import { HARD_LIMITS, type RiskLimits } from '@/domain/risk/limits';
import type { RiskStateSnapshot } from '@/domain/risk/evaluate-risk-state';
import type { AccountRiskState, LastTrade, OpenPosition, PendingEntry } from '@/domain/risk/types';
import { splitSymbol } from '@/domain/market/candle-series';
import type { RiskConfig as RiskConfigRow, RiskState as RiskStateRow } from '@/generated/prisma/client';
import type { Decimal } from '@prisma/client/runtime/client';

const n = (d: Decimal | null | undefined) => (d == null ? undefined : d.toNumber());

/** BTC/USDT → BTC: exposure per asset counts the base currency. */
const baseAsset = (symbol: string) => splitSymbol(symbol)?.base ?? symbol;

/** The stored overrides as the domain's config (Decimal → number at this edge). */
export function riskConfigFromRow(row: RiskConfigRow | null): RiskConfig {
  if (!row) return {};
  return {
    riskPerTradeFraction: n(row.riskPerTradeFraction), riskPerTradeReason: row.riskPerTradeReason ?? undefined,
    maxAssetExposureFraction: n(row.maxAssetExposureFraction), maxTotalExposureFraction: n(row.maxTotalExposureFraction),
    maxLeverage: n(row.maxLeverage), dailyLossFraction: n(row.dailyLossFraction),
    drawdownReduceFraction: n(row.drawdownReduceFraction), drawdownPauseFraction: n(row.drawdownPauseFraction),
    drawdownLockFraction: n(row.drawdownLockFraction), minRewardRisk: n(row.minRewardRisk), dayTimeZone: row.dayTimeZone,
  };
}

/** The tier machine's stored state from a RiskState row (Decimal → number at this edge). */
export function riskSnapshotFromRow(rs: Pick<RiskStateRow, 'tradingState' | 'peakEquity' | 'pauseAnchorEquity' | 'pausedUntil' | 'dayStartEquity' | 'dayStartedAt'>): RiskStateSnapshot {
  const peakEquity = rs.peakEquity.toNumber();
  return {
    tradingState: rs.tradingState, peakEquity, pauseAnchorEquity: rs.pauseAnchorEquity?.toNumber() ?? peakEquity, pausedUntil: rs.pausedUntil,
    dayStartEquity: rs.dayStartEquity.toNumber(), dayStartedAt: rs.dayStartedAt,
  };
}

/**
 * Extreme market mode's size multiplier while the mode is on, else undefined. A row switched
 * on without one (never written so) reads as the reduced tier's half: unknown means smaller.
 */
export function extremeMultiplierFromRow(rs: Pick<RiskStateRow, 'isExtremeMode' | 'extremeSizeMultiplier'>): number | undefined {
  if (!rs.isExtremeMode) return undefined;
  return rs.extremeSizeMultiplier?.toNumber() ?? HARD_LIMITS.reducedSizeMultiplier;
}

export interface RiskInputs {
  state: AccountRiskState;
  /** the tier machine's stored state, for evaluateRiskState and the resets */
  snapshot: RiskStateSnapshot;
  limits: RiskLimits;
  timeZone: string;
}

const PENDING = ['PENDING_SUBMIT', 'SUBMITTED', 'OPEN', 'PARTIALLY_FILLED'] as const;

/**
 * Everything the validator reads about one account, in the caller's transaction. The
 * RiskState row is locked (FOR UPDATE), so two decisions for one account are taken one
 * after the other and each sees the exposure the other created.
 * `marks`: current prices by symbol; a position without one is valued at its entry.
 */
export async function loadRiskInputs(tx: Tx, accountId: string, marks: Readonly<Record<string, number>>): Promise<RiskInputs> {
  await lockAccount(tx, accountId);
  // one after the other: a transaction is one connection, and pg refuses overlapping queries on it
  const rs = await tx.riskState.findUniqueOrThrow({ where: { accountId } });
  const cfgRow = await tx.riskConfig.findUnique({ where: { accountId } });
  const positions = await tx.position.findMany({ where: { accountId, status: { in: ['OPEN', 'CLOSING'] } } });
  const pending = await tx.order.findMany({ where: { accountId, purpose: 'ENTRY', status: { in: [...PENDING] } } });
  const closed = await tx.position.findMany({ where: { accountId, status: 'CLOSED' }, orderBy: { closedAt: 'desc' }, distinct: ['strategy'] });
  const config = riskConfigFromRow(cfgRow);
  const openPositions: OpenPosition[] = positions.map((p) => ({
    id: p.id, symbol: p.symbol, asset: baseAsset(p.symbol), side: p.side, strategy: p.strategy,
    quantity: p.quantity.toNumber(), entryPrice: p.entryPrice.toNumber(), markPrice: marks[p.symbol] ?? p.entryPrice.toNumber(),
    stopPrice: p.stopPrice.toNumber(),
  }));
  const pendingEntries: PendingEntry[] = pending.map((o) => {
    const price = o.price?.toNumber() ?? o.stopPrice?.toNumber() ?? marks[o.symbol] ?? 0;
    return { symbol: o.symbol, asset: baseAsset(o.symbol), notional: Math.max(0, o.quantity.toNumber() - o.filledQuantity.toNumber()) * price };
  });
  const lastTradeByStrategy: Record<string, LastTrade> = {};
  for (const p of closed) {
    lastTradeByStrategy[p.strategy] = { isLoss: (p.realizedPnl?.toNumber() ?? 0) < 0, riskFraction: p.riskFraction?.toNumber() ?? Infinity };
  }
  const snapshot = riskSnapshotFromRow(rs);
  return {
    state: {
      equity: rs.equity.toNumber(), peakEquity: snapshot.peakEquity, pauseAnchorEquity: snapshot.pauseAnchorEquity, dayStartEquity: snapshot.dayStartEquity,
      tradingState: rs.tradingState, isSafeMode: rs.isSafeMode, extremeSizeMultiplier: extremeMultiplierFromRow(rs), positions: openPositions, pendingEntries, lastTradeByStrategy,
    },
    snapshot,
    limits: resolveLimits(config),
    timeZone: config.dayTimeZone ?? 'UTC',
  };
}
