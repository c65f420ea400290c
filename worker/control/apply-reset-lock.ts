import type { Tx } from '@/adapters/db/client';
import { loadRiskInputs } from '@/adapters/repo/risk-inputs';
import { persistRiskState } from '@/adapters/repo/risk-state';
import { resetLockPayload } from '@/domain/control/command-payloads';
import { resetLock } from '@/domain/risk/rebase';

/**
 * RESET_LOCK: an admin's manual reset of a LOCKED account, with a written reason. The
 * peak is rebased to current equity (or the next evaluation would lock again at once).
 * Refused (command FAILED, with the reason) when the account is not locked.
 */
export async function applyResetLock(tx: Tx, cmd: { accountId: string; payload: unknown; requestedById?: string | null }, at: Date, workerId: string) {
  const payload = resetLockPayload.parse(cmd.payload);
  const { state, snapshot } = await loadRiskInputs(tx, cmd.accountId, {});
  const r = resetLock(snapshot, state.equity, payload.reason);
  if (!r.ok) throw new Error(r.error);
  await persistRiskState(tx, cmd.accountId, r.value, r.value.events,
    { id: cmd.requestedById ?? null, label: `${payload.requestedBy} (applied by worker:${workerId})` }, at, payload.reason);
  return { tradingState: r.value.tradingState, peakEquity: r.value.peakEquity };
}
