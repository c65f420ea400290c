import type { Tx } from '@/adapters/db/client';
import { appendAudit } from '@/adapters/repo/audit-log';
import { raiseAlert, resolveAlert } from '@/adapters/repo/alerts';
import { lockAccount } from '@/adapters/repo/risk-state';
import { extremeModePayload } from '@/domain/control/emergency-payloads';
import { writeSafeMode } from './apply-set-safe-mode';

export interface ExtremeModeChange {
  on: boolean;
  reason: string;
  /** who, readable: an operator's e-mail (applied by the worker), or the rule that decided */
  actorLabel: string;
  actorId?: string | null;
  /** in (0, 1]; needed to switch on (the caller passes EXTREME_SIZE_MULTIPLIER when the request named none) */
  sizeMultiplier?: number;
}

export interface ExtremeModeResult {
  isExtremeMode: boolean;
  sizeMultiplier: number | null;
  isSafeMode: boolean;
  isChanged: boolean;
  note: string;
}

const alertKey = (accountId: string) => `${accountId}:EXTREME_MARKET_MODE`;

/**
 * Extreme market mode, the mission's procedure for extreme market conditions: "activate
 * safe mode, reduce position sizes, increase monitoring frequency". Called for a
 * SET_EXTREME_MODE command and by the high-volatility alert rule; takes the account lock.
 *  - on: safe mode on, sizes × sizeMultiplier (the validator's extreme_mode rule), the
 *    MONITOR loops at EXTREME_MONITOR_INTERVAL_MS, a WARNING alert. Already on: the
 *    smaller multiplier wins and nothing else changes, so a rule that keeps firing
 *    neither re-enables a safe mode the operator lifted nor loosens the operator's size;
 *  - off: sizes and MONITOR back to normal, the alert resolved. Safe mode stays as it is:
 *    the operator lifts it separately, when ready ("resume with caution").
 */
export async function applyExtremeMode(tx: Tx, accountId: string, change: ExtremeModeChange, at: Date): Promise<ExtremeModeResult> {
  if (!(await lockAccount(tx, accountId))) throw new Error(`account ${accountId} has no risk state`);
  const rs = await tx.riskState.findUniqueOrThrow({ where: { accountId }, select: { isSafeMode: true, isExtremeMode: true, extremeSizeMultiplier: true } });
  const current = rs.isExtremeMode ? rs.extremeSizeMultiplier?.toNumber() ?? null : null;
  if (!change.on) {
    if (!rs.isExtremeMode) return { isExtremeMode: false, sizeMultiplier: null, isSafeMode: rs.isSafeMode, isChanged: false, note: 'extreme market mode was already off' };
    await tx.riskState.update({ where: { accountId }, data: { isExtremeMode: false, extremeSizeMultiplier: null, extremeModeReason: null, extremeModeSince: null, extremeModeBy: null } });
    await resolveAlert(tx, alertKey(accountId), at);
    const note = `extreme market mode off: sizes and monitoring back to normal; safe mode stays ${rs.isSafeMode ? 'on until an operator turns it off' : 'off'}`;
    await record(tx, accountId, change, at, note, { sizeMultiplier: current });
    return { isExtremeMode: false, sizeMultiplier: null, isSafeMode: rs.isSafeMode, isChanged: true, note };
  }
  const asked = change.sizeMultiplier;
  if (asked === undefined || !(asked > 0 && asked <= 1)) throw new Error(`extreme mode size multiplier must be in (0, 1]: got ${asked}`);
  if (current !== null) {
    if (asked >= current) return { isExtremeMode: true, sizeMultiplier: current, isSafeMode: rs.isSafeMode, isChanged: false, note: `extreme market mode was already on at sizes × ${current}` };
    await tx.riskState.update({ where: { accountId }, data: { extremeSizeMultiplier: asked } });
    const note = `extreme market mode tightened: sizes × ${current} → × ${asked}`;
    await record(tx, accountId, change, at, note, { sizeMultiplier: asked, previousSizeMultiplier: current });
    return { isExtremeMode: true, sizeMultiplier: asked, isSafeMode: rs.isSafeMode, isChanged: true, note };
  }
  await writeSafeMode(tx, accountId, { isOn: true, reason: `extreme market mode: ${change.reason}`, isWorkerDecision: true }, at);
  await tx.riskState.update({ where: { accountId }, data: {
    isExtremeMode: true, extremeSizeMultiplier: asked, extremeModeReason: change.reason, extremeModeSince: at, extremeModeBy: change.actorLabel,
  } });
  const note = `extreme market mode on: safe mode on, sizes × ${asked}, faster monitoring`;
  await record(tx, accountId, change, at, note, { sizeMultiplier: asked });
  await raiseAlert(tx, {
    severity: 'WARNING', code: 'EXTREME_MARKET_MODE', accountId, dedupKey: alertKey(accountId),
    message: `Extreme market mode on (${change.actorLabel}): ${change.reason}. Safe mode on, position sizes × ${asked}, faster monitoring`,
    evidence: { reason: change.reason, by: change.actorLabel, sizeMultiplier: asked, since: at.toISOString() },
  }, at);
  return { isExtremeMode: true, sizeMultiplier: asked, isSafeMode: true, isChanged: true, note };
}

/** The journal entry and the audit row of a change, with who decided it. */
async function record(tx: Tx, accountId: string, change: ExtremeModeChange, at: Date, note: string, details: Record<string, unknown>) {
  const all = { ...details, reason: change.reason, by: change.actorLabel };
  await tx.journalEntry.create({ data: { accountId, at, kind: 'CONTROL', message: `${note} (${change.actorLabel}: ${change.reason})`, details: all } });
  await appendAudit(tx, { actorId: change.actorId ?? null, actorLabel: change.actorLabel, action: `risk.extreme-mode.${change.on ? 'on' : 'off'}`, accountId,
    targetType: 'RiskState', targetId: accountId, details: all }, at);
}

/** Apply a SET_EXTREME_MODE command; without a multiplier in the request, the worker's EXTREME_SIZE_MULTIPLIER. */
export async function applySetExtremeMode(tx: Tx, cmd: { accountId: string; payload: unknown; requestedById?: string | null }, at: Date, workerId: string,
  opts: { extremeSizeMultiplier: number }) {
  const payload = extremeModePayload.parse(cmd.payload);
  const r = await applyExtremeMode(tx, cmd.accountId, {
    on: payload.on, reason: payload.reason, actorLabel: `${payload.requestedBy} (applied by worker:${workerId})`, actorId: cmd.requestedById ?? null,
    sizeMultiplier: payload.sizeMultiplier ?? opts.extremeSizeMultiplier,
  }, at);
  return { ...r };
}
