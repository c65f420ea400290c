import { z } from 'zod';
import type { Tx } from '@/adapters/db/client';
import { emergencyStopPayload, emergencyStopResult, extremeModePayload, operatorRequestPayload } from '@/domain/control/emergency-payloads';

type CommandRow = { id: string; status: string; requestedAt: Date; appliedAt: Date | null; error: string | null; payload: unknown; result: unknown; requestedBy: { email: string } | null };
const command = (c: CommandRow) => ({ id: c.id, status: c.status, requestedAt: c.requestedAt, appliedAt: c.appliedAt, requestedBy: c.requestedBy?.email ?? null, error: c.error });

/** One text field of a command's result (a JSON column: parsed, never cast). */
const resultText = (result: unknown, key: 'note' | 'detail') => z.object({ [key]: z.string() }).safeParse(result).data?.[key] ?? null;

async function lastCommand(tx: Tx, accountId: string, type: 'EMERGENCY_STOP' | 'SET_EXTREME_MODE' | 'CANCEL_ALL_ORDERS') {
  return tx.controlCommand.findFirst({ where: { accountId, type }, orderBy: { requestedAt: 'desc' }, include: { requestedBy: { select: { email: true } } } });
}

/** The last emergency stop with each step the worker reported; closes it started are followed to CLOSED. */
async function stopView(tx: Tx, c: CommandRow) {
  const payload = emergencyStopPayload.safeParse(c.payload).data;
  const steps = [];
  for (const s of emergencyStopResult.safeParse(c.result).data?.steps ?? []) {
    if (s.step === 'close_positions' && s.positionIds?.length) {
      const closed = await tx.position.count({ where: { id: { in: s.positionIds }, status: 'CLOSED' } });
      steps.push({ ...s, status: closed === s.positionIds.length ? 'done' as const : 'in_progress' as const, progress: { closed, total: s.positionIds.length } });
    } else steps.push(s);
  }
  return { ...command(c), reason: payload?.reason ?? null, isCloseAll: payload?.isCloseAll ?? false, steps };
}

/**
 * What the Emergency page shows per account: safe mode, extreme market mode and the last
 * emergency stop, extreme-mode request and order cancel with their progress. Read in one
 * transaction (a consistent picture).
 */
export async function loadEmergencyView(tx: Tx) {
  const accounts = await tx.tradingAccount.findMany({
    where: { riskState: { isNot: null } }, orderBy: { createdAt: 'asc' },
    select: { id: true, name: true, kind: true, exchange: true, isEnabled: true, backupOfId: true, riskState: true },
  });
  const out = [];
  for (const a of accounts) {
    const rs = a.riskState!;
    const stop = await lastCommand(tx, a.id, 'EMERGENCY_STOP');
    const extreme = await lastCommand(tx, a.id, 'SET_EXTREME_MODE');
    const cancel = await lastCommand(tx, a.id, 'CANCEL_ALL_ORDERS');
    const pendingEntries = await tx.order.count({ where: { accountId: a.id, purpose: 'ENTRY', status: { in: ['PENDING_SUBMIT', 'SUBMITTED', 'OPEN', 'PARTIALLY_FILLED'] } } });
    const openPositions = await tx.position.count({ where: { accountId: a.id, status: { in: ['OPEN', 'CLOSING'] } } });
    out.push({
      id: a.id, name: a.name, kind: a.kind, exchange: a.exchange, isEnabled: a.isEnabled, isBackup: a.backupOfId !== null, tradingState: rs.tradingState,
      pendingEntries, openPositions,
      safeMode: { desired: rs.desiredSafeMode, applied: rs.isSafeMode, reason: rs.safeModeReason, appliedAt: rs.safeModeAppliedAt },
      extremeMode: { isOn: rs.isExtremeMode, sizeMultiplier: rs.extremeSizeMultiplier?.toNumber() ?? null, reason: rs.extremeModeReason, since: rs.extremeModeSince, by: rs.extremeModeBy },
      lastStop: stop && await stopView(tx, stop),
      lastExtremeRequest: extreme && { ...command(extreme), isOn: extremeModePayload.safeParse(extreme.payload).data?.on ?? null,
        note: resultText(extreme.result, 'note') },
      lastCancel: cancel && { ...command(cancel), reason: operatorRequestPayload.safeParse(cancel.payload).data?.reason ?? null,
        detail: resultText(cancel.result, 'detail') },
    });
  }
  return out;
}
