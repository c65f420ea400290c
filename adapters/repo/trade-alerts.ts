import type { Tx } from '@/adapters/db/client';
import { DEFAULT_ALERT_THRESHOLDS, lossStreakVerdict, type AlertThresholds } from '@/domain/alerts/trade-rules';
import { raiseAlert, resolveAlert } from './alerts';

/**
 * INFO "new trade": a position opened (paper or exchange), one alert per position. It is a
 * notice, not a condition: delivered to the channels that take INFO, and resolved at once so
 * the open alerts stay the conditions that need someone.
 */
export async function alertTradeOpened(tx: Tx, p: { accountId: string; positionId: string; symbol: string; strategy: string; quantity: number; price: number; stop: number; target: number; venue: 'PAPER' | 'EXCHANGE' }, at: Date) {
  await raiseAlert(tx, { severity: 'INFO', code: 'TRADE_OPENED', accountId: p.accountId, dedupKey: `${p.accountId}:TRADE_OPENED:${p.positionId}`,
    message: `${p.venue === 'PAPER' ? 'paper' : 'exchange'}: bought ${p.quantity} ${p.symbol} at ${p.price} (${p.strategy}); stop ${p.stop}, target ${p.target}`,
    evidence: { ...p } }, at);
  await resolveAlert(tx, `${p.accountId}:TRADE_OPENED:${p.positionId}`, at);
}

/**
 * After a close: WARNING "consecutive losses" while more than the threshold in a row lost
 * (one open alert per account, its occurrences counting further losses), resolved by the
 * next winning trade. Reads the account's newest closed trades of the venue.
 */
export async function checkLossStreak(tx: Tx, accountId: string, venue: 'PAPER' | 'EXCHANGE', at: Date, t: AlertThresholds = DEFAULT_ALERT_THRESHOLDS) {
  const recent = await tx.position.findMany({ where: { accountId, venue, status: 'CLOSED' }, orderBy: [{ closedAt: 'desc' }, { id: 'desc' }], take: t.maxConsecutiveLosses + 1, select: { realizedPnl: true } });
  const v = lossStreakVerdict(recent.map((r) => r.realizedPnl?.toNumber() ?? 0), t);
  const dedupKey = `${accountId}:CONSECUTIVE_LOSSES`;
  if (v.raise) {
    await raiseAlert(tx, { severity: 'WARNING', code: 'CONSECUTIVE_LOSSES', accountId, dedupKey,
      message: `${v.streak}+ losing trades in a row (more than ${t.maxConsecutiveLosses}): review the strategies before the drawdown tiers act`, evidence: { streak: v.streak, threshold: t.maxConsecutiveLosses, venue } }, at);
  } else if (v.clear) await resolveAlert(tx, dedupKey, at);
}
