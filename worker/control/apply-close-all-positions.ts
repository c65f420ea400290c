import type { Tx } from '@/adapters/db/client';
import { operatorRequestPayload } from '@/domain/control/emergency-payloads';
import { requestCloseAll } from '@/worker/pipeline/close';

/**
 * CLOSE_ALL_POSITIONS: every open position of the account goes to CLOSE at the next price
 * with exit reason MANUAL (an operator's close, as on the Positions page, for all of them);
 * stops stay until each exit fills. Safe mode is not touched.
 */
export async function applyCloseAllPositions(tx: Tx, cmd: { accountId: string; payload: unknown }, at: Date, workerId: string) {
  const payload = operatorRequestPayload.parse(cmd.payload);
  const closing = await requestCloseAll(tx, cmd.accountId, 'MANUAL', at, `close all by ${payload.requestedBy}: ${payload.reason}`);
  await tx.journalEntry.create({
    data: { accountId: cmd.accountId, at, kind: 'CONTROL', message: `close all positions by ${payload.requestedBy}: ${closing.length} closing`,
      details: { ...payload, closingPositionIds: closing, workerId } },
  });
  return { closingPositions: closing.length, positionIds: closing };
}
