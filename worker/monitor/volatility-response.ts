import type { Tx } from '@/adapters/db/client';
import { applyExtremeMode } from '@/worker/control/apply-set-extreme-mode';
import { writeSafeMode } from '@/worker/control/apply-set-safe-mode';

/** Who switches extreme market mode on for the high-volatility rule (audit, journal, alert). */
export const VOLATILITY_RULE_ACTOR = 'system: high-volatility rule';

type Measured = readonly { symbol: string; percentile: number | null }[];

const describe = (markets: Measured) => markets.filter((m) => m.percentile !== null)
  .map((m) => `${m.symbol} ${(m.percentile! * 100).toFixed(0)}th pct`).join(', ');

/**
 * The high-volatility rule's response (EXTREME_ON_HIGH_VOLATILITY): when the warning opens,
 * extreme market mode on (safe mode, sizes × EXTREME_SIZE_MULTIPLIER, faster MONITOR). When
 * the warning clears, the rule undoes only what it did itself: extreme mode it switched on
 * (not one an operator switched on, or tightened), and the safe mode that came with it, if
 * it is still that one (an operator's own safe mode, or a change since, is left alone).
 */
export function extremeModeOnVolatility(sizeMultiplier: number) {
  return {
    onHighVolatility: async (tx: Tx, accountId: string, ev: { markets: Measured }, at: Date) => {
      await applyExtremeMode(tx, accountId, { on: true, reason: `high volatility: ${describe(ev.markets)}`, actorLabel: VOLATILITY_RULE_ACTOR, sizeMultiplier }, at);
    },
    onVolatilityCleared: async (tx: Tx, accountId: string, ev: { markets: Measured }, at: Date) => {
      const rs = await tx.riskState.findUniqueOrThrow({ where: { accountId }, select: { isExtremeMode: true, extremeModeBy: true, extremeModeReason: true, isSafeMode: true, safeModeReason: true } });
      if (!rs.isExtremeMode || rs.extremeModeBy !== VOLATILITY_RULE_ACTOR) return;
      const itsSafeMode = rs.isSafeMode && rs.safeModeReason === `extreme market mode: ${rs.extremeModeReason}`;
      await applyExtremeMode(tx, accountId, { on: false, reason: `volatility back to normal: ${describe(ev.markets)}`, actorLabel: VOLATILITY_RULE_ACTOR }, at);
      if (itsSafeMode) {
        await writeSafeMode(tx, accountId, { isOn: false, reason: null, isWorkerDecision: true }, at);
        await tx.journalEntry.create({ data: { accountId, at, kind: 'CONTROL', message: 'safe mode off: the high-volatility rule lifts the safe mode its extreme market mode set', details: { by: VOLATILITY_RULE_ACTOR } } });
      }
    },
  };
}
