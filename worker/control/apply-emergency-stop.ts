import type { Tx } from '@/adapters/db/client';
import { raiseAlert } from '@/adapters/repo/alerts';
import { emergencyStopPayload, type EmergencyStopResult } from '@/domain/control/emergency-payloads';
import { requestCloseAll } from '@/worker/pipeline/close';
import { cancelPendingEntries, describeCancelled } from '@/worker/pipeline/cancel-entries';
import { writeSafeMode } from './apply-set-safe-mode';

/**
 * EMERGENCY_STOP, the operator's red button, each step reported on the command row:
 *  1. safe mode on: no new position opens from this commit; every stop stays in place;
 *  2. cancel pending entry orders (worker/pipeline/cancel-entries.ts venue rules);
 *  3. with isCloseAll, close every open position at the next price. Exit reason SAFE_MODE:
 *     the stop is safe mode with close-all plus the cancels, and trade statistics group
 *     these exits with safe mode's (MANUAL is one position closed from the Positions page).
 * A CRITICAL alert EMERGENCY_STOP carries the evidence (who, why, what was cancelled, what
 * is closing), so every channel hears of it, not only the people watching the dashboard.
 */
export async function applyEmergencyStop(tx: Tx, cmd: { id: string; accountId: string; payload: unknown }, at: Date, workerId: string): Promise<EmergencyStopResult> {
  const payload = emergencyStopPayload.parse(cmd.payload);
  const account = await tx.tradingAccount.findUniqueOrThrow({ where: { id: cmd.accountId }, select: { name: true } });
  const why = `emergency stop by ${payload.requestedBy}: ${payload.reason}`;
  const steps: EmergencyStopResult['steps'] = [];

  await writeSafeMode(tx, cmd.accountId, { isOn: true, reason: why, isWorkerDecision: true }, at);
  steps.push({ step: 'safe_mode', status: 'done', detail: 'safe mode on: no new positions; every stop stays in place' });

  const cancelled = await cancelPendingEntries(tx, cmd.accountId, `cancelled by emergency stop (${payload.requestedBy})`);
  steps.push({ step: 'cancel_orders', status: 'done', detail: describeCancelled(cancelled) });

  let closing: string[] = [];
  if (payload.isCloseAll) {
    closing = await requestCloseAll(tx, cmd.accountId, 'SAFE_MODE', at, why);
    steps.push({ step: 'close_positions', status: closing.length ? 'in_progress' : 'done', positionIds: closing,
      detail: closing.length ? `${closing.length} position(s) closing at the next price; stops stay until each exit fills` : 'no open position' });
  } else {
    const open = await tx.position.count({ where: { accountId: cmd.accountId, status: 'OPEN' } });
    steps.push({ step: 'close_positions', status: 'skipped', detail: open ? `not asked: ${open} open position(s) keep their stops` : 'not asked; no open position' });
  }

  const evidence = {
    commandId: cmd.id, requestedBy: payload.requestedBy, reason: payload.reason, isCloseAll: payload.isCloseAll, workerId,
    cancelledOrders: cancelled.map((o) => ({ id: o.id, symbol: o.symbol, venue: o.venue })), closingPositionIds: closing,
  };
  await tx.journalEntry.create({ data: { accountId: cmd.accountId, at, kind: 'CONTROL', message: why, details: { steps, ...evidence } } });
  await raiseAlert(tx, {
    severity: 'CRITICAL', code: 'EMERGENCY_STOP', accountId: cmd.accountId,
    message: `Emergency stop on ${account.name} by ${payload.requestedBy}: ${payload.reason}. Safe mode on, ${cancelled.length} pending order(s) cancelled, `
      + (payload.isCloseAll ? `${closing.length} position(s) closing` : 'positions kept with their stops'),
    evidence,
  }, at);
  return { steps };
}
