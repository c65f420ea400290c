import { cap } from './check';
import type { EntryContext } from './entry-context';

/**
 * Exposure per asset ≤ 30% and total ≤ 50% of equity, counting open positions at mark
 * price and pending entry orders at their price. Input: current exposure; added: the
 * intent's notional at the entry price (both as fractions of equity).
 */
export function checkAssetExposure(c: EntryContext) {
  const capNotional = c.limits.maxAssetExposureFraction * c.equity;
  return cap('exposure.asset', (capNotional - c.assetExposure) / c.unitNotional,
    c.assetExposure / c.equity, (c.intent.quantity * c.unitNotional) / c.equity, c.limits.maxAssetExposureFraction);
}

export function checkTotalExposure(c: EntryContext) {
  const capNotional = c.limits.maxTotalExposureFraction * c.equity;
  return cap('exposure.total', (capNotional - c.totalExposure) / c.unitNotional,
    c.totalExposure / c.equity, (c.intent.quantity * c.unitNotional) / c.equity, c.limits.maxTotalExposureFraction);
}
