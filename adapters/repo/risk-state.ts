import type { Tx } from '@/adapters/db/client';
import { appendAudit } from '@/adapters/repo/audit-log';
import { raiseAlert, resolveAlert } from '@/adapters/repo/alerts';
import type { RiskStateEvent, RiskStateSnapshot } from '@/domain/risk/evaluate-risk-state';
import type { TradingState } from '@/domain/machines/trading-state';
import type { AlertSeverity } from '@/generated/prisma/enums';

/** The alert each non-normal state raises while the account is in it. */
const STATE_ALERT: Partial<Record<TradingState, { severity: AlertSeverity; code: string; message: string }>> = {
  LOCKED: { severity: 'CRITICAL', code: 'SYSTEM_LOCKED', message: 'System locked: drawdown beyond the lock tier. Only risk-reducing orders pass until an admin resets it with a written reason.' },
  HALTED: { severity: 'CRITICAL', code: 'DAILY_LOSS_LIMIT', message: 'Daily loss limit reached: no new entries until the next trading day.' },
  PAUSED: { severity: 'WARNING', code: 'DRAWDOWN_PAUSED', message: 'Drawdown beyond the pause tier: no new entries until the cool-off ends or equity recovers.' },
  REDUCED: { severity: 'WARNING', code: 'DRAWDOWN_REDUCED', message: 'Drawdown beyond the first tier: position sizes halved.' },
};

/**
 * Lock the account's RiskState row (SELECT … FOR UPDATE) for the rest of the transaction:
 * the one lock every writer of an account's trading state takes first (a paper tick, a
 * worker command, a decision, a promotion, a rollback or lock-reset request, a checklist
 * tick), so they run one after the other. False when the account has no risk state.
 */
export async function lockAccount(tx: Tx, accountId: string): Promise<boolean> {
  const rows = await tx.$queryRaw<{ accountId: string }[]>`SELECT "accountId" FROM "RiskState" WHERE "accountId" = ${accountId}::uuid FOR UPDATE`;
  return rows.length > 0;
}

/** The tier machine's state to store, and the equity it was evaluated at when known. */
export type RiskStateUpdate = RiskStateSnapshot & { equity?: number; unrealizedPnl?: number };

/**
 * Persist a risk-state evaluation: the new figures, and for each transition an audit
 * row, a journal entry and the alert of the state entered (the alert of the state
 * left is resolved). Call in the transaction that read the previous state.
 */
export async function persistRiskState(
  tx: Tx, accountId: string, next: RiskStateUpdate, events: readonly RiskStateEvent[],
  actor: { id?: string | null; label: string }, now: Date, reason?: string,
) {
  const last = events.at(-1);
  await tx.riskState.update({
    where: { accountId },
    data: {
      tradingState: next.tradingState, peakEquity: next.peakEquity.toFixed(8),
      pauseAnchorEquity: next.pauseAnchorEquity === next.peakEquity ? null : next.pauseAnchorEquity.toFixed(8), pausedUntil: next.pausedUntil,
      dayStartEquity: next.dayStartEquity.toFixed(8), dayStartedAt: next.dayStartedAt,
      ...(next.equity !== undefined ? { equity: next.equity.toFixed(8) } : {}),
      ...(next.unrealizedPnl !== undefined ? { unrealizedPnl: next.unrealizedPnl.toFixed(12) } : {}),
      ...(last ? { stateReason: reason ?? describe(last), stateChangedAt: now, stateChangedBy: actor.label } : {}),
    },
  });
  for (const e of events) {
    const details = { from: e.from, to: e.to, drawdown: e.drawdown, dayLoss: e.dayLoss, threshold: e.threshold, ...(reason ? { reason } : {}) };
    await appendAudit(tx, { actorId: actor.id ?? null, actorLabel: actor.label, action: `risk.state.${e.event.toLowerCase().replace(/_/g, '-')}`, accountId, targetType: 'RiskState', targetId: accountId, details }, now);
    await tx.journalEntry.create({ data: { accountId, at: now, kind: 'SYSTEM', message: `${e.from} → ${e.to}: ${reason ?? describe(e)}`, details } });
    const left = STATE_ALERT[e.from];
    if (left) await resolveAlert(tx, `${accountId}:${left.code}`, now);
    const entered = STATE_ALERT[e.to];
    if (entered) await raiseAlert(tx, { ...entered, accountId, evidence: details }, now);
  }
}

function describe(e: RiskStateEvent): string {
  const pct = (f: number) => `${(f * 100).toFixed(2)}%`;
  switch (e.event) {
    case 'DRAWDOWN_LOCK': return `drawdown ${pct(e.drawdown)} > ${pct(e.threshold)}: locked`;
    case 'DRAWDOWN_PAUSE': return `drawdown ${pct(e.drawdown)} > ${pct(e.threshold)}: paused`;
    case 'DRAWDOWN_REDUCE': return `drawdown ${pct(e.drawdown)} > ${pct(e.threshold)}: sizes halved`;
    case 'DAILY_LOSS': return `daily loss ${pct(e.dayLoss)} > ${pct(e.threshold)}: halted until the next day`;
    case 'NEW_DAY': return 'new trading day: halt lifted';
    case 'RECOVERED': return `drawdown ${pct(e.drawdown)} back under ${pct(e.threshold)}`;
    case 'COOLDOWN_ELAPSED': return `pause cool-off over with drawdown ${pct(e.drawdown)}: trading resumes at half size, paused again on a further ${pct(e.threshold)} loss`;
    case 'MANUAL_RESET': return 'lock reset by an admin';
  }
}
