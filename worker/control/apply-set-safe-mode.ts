import type { Tx } from '@/adapters/db/client';
import { safeModePayload } from '@/domain/control/command-payloads';
import { requestCloseAll } from '@/worker/pipeline/close';

/**
 * Apply a SET_SAFE_MODE command: the worker's trading loop reads isSafeMode before
 * every entry (domain/control/can-open-positions), so from this commit on no new
 * position opens. Stops are not touched. With isCloseAll, open positions go to CLOSE.
 */
export async function applySetSafeMode(tx: Tx, cmd: { accountId: string; payload: unknown }, at: Date, workerId: string) {
  const payload = safeModePayload.parse(cmd.payload);
  await tx.riskState.update({
    where: { accountId: cmd.accountId },
    data: { isSafeMode: payload.isOn, safeModeAppliedAt: at, safeModeReason: payload.reason },
  });
  const closing = payload.isOn && payload.isCloseAll
    ? await requestCloseAll(tx, cmd.accountId, 'SAFE_MODE', at, 'safe mode with close-all')
    : [];
  await tx.journalEntry.create({
    data: {
      accountId: cmd.accountId, at, kind: 'CONTROL',
      message: payload.isOn ? 'safe mode on: no new positions, stops kept' : 'safe mode off: entries allowed again',
      details: { ...payload, closingPositionIds: closing, workerId },
    },
  });
  return { isSafeMode: payload.isOn, closingPositions: closing.length };
}
