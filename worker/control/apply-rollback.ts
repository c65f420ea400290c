import type { Tx } from '@/adapters/db/client';
import { changeStage } from '@/adapters/repo/stages';
import { rollbackPayload, type RollbackResult } from '@/domain/control/command-payloads';
import { requestCloseAll } from '@/worker/pipeline/close';
import { cancelPendingEntries, describeCancelled } from '@/worker/pipeline/cancel-entries';

/**
 * ROLLBACK_STAGE, the mission's manual rollback as one worker action, each step reported:
 *  1. cancel pending orders: entries not filled yet, by the venue rules of
 *     worker/pipeline/cancel-entries.ts (the trading loop drops them);
 *  2. close all positions at the next price (exit reason ROLLBACK; stops stay until the
 *     exit fills), the page follows them to CLOSED;
 *  3. step down to the previous stage's allocation, rebasing the risk state; at the first
 *     stage there is nothing lower and the step says so.
 * A rollback requested from a stage the account has already left is not applied twice.
 */
export async function applyRollback(tx: Tx, cmd: { id: string; accountId: string; payload: unknown; requestedById?: string | null }, at: Date, workerId: string,
  opts: { capitalAllocationCap: number } = { capitalAllocationCap: 1 }): Promise<RollbackResult> {
  const payload = rollbackPayload.parse(cmd.payload);
  const account = await tx.tradingAccount.findUniqueOrThrow({ where: { id: cmd.accountId }, include: { currentStage: true } });
  const steps: RollbackResult['steps'] = [];

  const pending = await cancelPendingEntries(tx, cmd.accountId, `cancelled by rollback (${payload.requestedBy})`);
  steps.push({ step: 'cancel_orders', status: 'done', detail: describeCancelled(pending) });

  const closing = await requestCloseAll(tx, cmd.accountId, 'ROLLBACK', at, `rollback by ${payload.requestedBy}: ${payload.reason}`);
  steps.push({ step: 'close_positions', status: closing.length ? 'in_progress' : 'done', positionIds: closing,
    detail: closing.length ? `${closing.length} position(s) closing at the next price; stops stay until each exit fills` : 'no open position' });

  const current = account.currentStage;
  if (!current || current.id !== payload.fromStageId) {
    steps.push({ step: 'reduce_allocation', status: 'skipped', detail: `the account already left the stage this rollback was requested from (now ${current?.name ?? 'none'})` });
  } else {
    const previous = await tx.stage.findFirst({ where: { accountId: cmd.accountId, ordinal: current.ordinal - 1 } });
    if (!previous) {
      steps.push({ step: 'reduce_allocation', status: 'skipped', detail: `${current.name} is the first stage: the allocation stays at ${current.allocationFraction.times(100).toFixed(0)}%` });
    } else {
      const r = await changeStage(tx, {
        accountId: cmd.accountId, toStageId: previous.id, kind: 'ROLLBACK', reason: payload.reason, isAutomatic: payload.isAutomatic ?? false, evidence: { commandId: cmd.id, cancelled: pending.length, closing: closing.length },
        actor: { id: cmd.requestedById ?? null, label: `${payload.requestedBy} (applied by worker:${workerId})` }, capitalAllocationCap: opts.capitalAllocationCap, now: at,
      });
      steps.push({ step: 'reduce_allocation', status: 'done', detail: `${current.name} → ${previous.name}: allocation ${(r.allocation * 100).toFixed(0)}%, capital ${r.capital.toFixed(2)}` });
    }
  }
  await tx.journalEntry.create({ data: { accountId: cmd.accountId, at, kind: 'CONTROL', message: `rollback by ${payload.requestedBy}: ${payload.reason}`, details: { steps, workerId } } });
  return { steps };
}
