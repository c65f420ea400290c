import type { Tx } from '@/adapters/db/client';
import { safeModePayload } from '@/domain/control/command-payloads';
import { requestCloseAll } from '@/worker/pipeline/close';

/**
 * The worker's write of the safe-mode flag. The trading loops read isSafeMode before every
 * entry (domain/control/can-open-positions), so from this commit on no new position opens;
 * stops are not touched. `isWorkerDecision`: an emergency stop or extreme market mode turned
 * it on, not an operator's SET_SAFE_MODE, so the desired state follows (the Overview would
 * otherwise show a request that nobody made as still waiting).
 */
export async function writeSafeMode(tx: Tx, accountId: string, s: { isOn: boolean; reason: string | null; isWorkerDecision?: boolean }, at: Date) {
  await tx.riskState.update({
    where: { accountId },
    data: { isSafeMode: s.isOn, safeModeAppliedAt: at, safeModeReason: s.reason, ...(s.isWorkerDecision ? { desiredSafeMode: s.isOn } : {}) },
  });
}

/** Apply a SET_SAFE_MODE command. With isCloseAll, open positions go to CLOSE. */
export async function applySetSafeMode(tx: Tx, cmd: { accountId: string; payload: unknown }, at: Date, workerId: string) {
  const payload = safeModePayload.parse(cmd.payload);
  await writeSafeMode(tx, cmd.accountId, { isOn: payload.isOn, reason: payload.reason }, at);
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
