import type { Db, Tx } from '@/adapters/db/client';
import type { Logger } from '@/adapters/logging/logger';
import { appendAudit } from '@/adapters/repo/audit-log';
import { raiseAlert } from '@/adapters/repo/alerts';
import { lockAccount } from '@/adapters/repo/risk-state';
import { EVENTS_CHANNEL } from '@/adapters/db/channels';
import type { CommandType } from '@/generated/prisma/enums';
import { applySetSafeMode } from './apply-set-safe-mode';
import { applyResetLock } from './apply-reset-lock';
import { applyClosePosition } from './apply-close-position';
import { applyRollback } from './apply-rollback';
import { applyEmergencyStop } from './apply-emergency-stop';
import { applySetExtremeMode } from './apply-set-extreme-mode';
import { applyCancelAllOrders } from './apply-cancel-all-orders';
import { applyCloseAllPositions } from './apply-close-all-positions';
import { envFields } from '@/adapters/config/env';
import { validLeaseSql } from '@/adapters/repo/leases';

export interface CommandOptions {
  /** CAPITAL_ALLOCATION of this worker: a rollback's new stage capital is capped by it */
  capitalAllocationCap: number;
  /** EXTREME_SIZE_MULTIPLIER of this worker: extreme mode's sizes when the request names none (absent: the variable's default) */
  extremeSizeMultiplier?: number;
}

/**
 * With several workers (docs/scaling.md) a command is applied by the worker that owns its
 * account's lease, the one whose trading loop acts on it; the coordinator applies those for
 * accounts nobody owns (a stopped account's safe mode or lock reset still goes through).
 */
export interface CommandScope {
  /** the accounts this worker holds leases on */
  accountIds: () => string[];
  /** true on the coordinator: also the commands of accounts no worker validly holds */
  includeUnowned: () => boolean;
}

const DEFAULT_EXTREME_SIZE_MULTIPLIER = envFields.EXTREME_SIZE_MULTIPLIER.parse(undefined);
type Handler = (tx: Tx, cmd: { id: string; accountId: string; payload: unknown; requestedById: string | null }, at: Date, workerId: string, opts: CommandOptions) => Promise<Record<string, unknown>>;

/** Every command type and what applies it (a new type without a handler does not compile). */
const HANDLERS: Record<CommandType, Handler> = {
  SET_SAFE_MODE: applySetSafeMode,
  RESET_LOCK: applyResetLock,
  CLOSE_POSITION: applyClosePosition,
  ROLLBACK_STAGE: applyRollback,
  EMERGENCY_STOP: applyEmergencyStop,
  SET_EXTREME_MODE: (tx, cmd, at, workerId, opts) =>
    applySetExtremeMode(tx, cmd, at, workerId, { extremeSizeMultiplier: opts.extremeSizeMultiplier ?? DEFAULT_EXTREME_SIZE_MULTIPLIER }),
  CANCEL_ALL_ORDERS: applyCancelAllOrders,
  CLOSE_ALL_POSITIONS: applyCloseAllPositions,
};

/**
 * Apply every pending command, oldest first, each in its own transaction: the row is
 * locked (SKIP LOCKED, so a second worker never applies it twice), applied, marked
 * APPLIED with the result, audited, and announced on the events channel. A command
 * that fails is marked FAILED with the error and raises an alert; the next one runs.
 */
export async function processPendingCommands(db: Db, log: Logger, workerId: string, now: () => Date, opts: CommandOptions = { capitalAllocationCap: 1 }, scope?: CommandScope): Promise<number> {
  const types = Object.keys(HANDLERS) as CommandType[];
  let applied = 0;
  for (;;) {
    let failed: { id: string; accountId: string; type: CommandType; error: string } | undefined;
    const didOne = await db.$transaction(async (tx) => {
      const [row] = scope
        ? await tx.$queryRawUnsafe<{ id: string }[]>(`
          SELECT c.id FROM "ControlCommand" c WHERE c.status = 'PENDING' AND c.type::text = ANY($1::text[])
            AND (c."accountId"::text = ANY($2::text[]) OR ($3::boolean AND NOT EXISTS (
              SELECT 1 FROM "WorkerLease" l WHERE l."accountId" = c."accountId" AND ${validLeaseSql('l')})))
          ORDER BY c."requestedAt", c.id LIMIT 1 FOR UPDATE OF c SKIP LOCKED`, types, scope.accountIds(), scope.includeUnowned())
        : await tx.$queryRaw<{ id: string }[]>`
        SELECT id FROM "ControlCommand" WHERE status = 'PENDING' AND type::text = ANY(${types})
        ORDER BY "requestedAt", id LIMIT 1 FOR UPDATE SKIP LOCKED`;
      if (!row) return false;
      const cmd = await tx.controlCommand.findUniqueOrThrow({ where: { id: row.id } });
      // the account's RiskState row first, as a paper tick does: a command and a tick never
      // interleave (a close cannot overwrite a stop fill, a cancel cannot race an entry fill)
      await lockAccount(tx, cmd.accountId);
      const at = now();
      try {
        const result = await runInSavepoint(tx, () => HANDLERS[cmd.type](tx, cmd, at, workerId, opts));
        await tx.controlCommand.update({ where: { id: cmd.id }, data: { status: 'APPLIED', appliedAt: at, appliedBy: workerId, result: result as object } });
        await appendAudit(tx, {
          actorLabel: `worker:${workerId}`, action: `control.${cmd.type.toLowerCase().replace(/_/g, '-')}.applied`, accountId: cmd.accountId,
          targetType: 'ControlCommand', targetId: cmd.id, details: result,
        }, at);
        log.info({ component: 'control', commandId: cmd.id, type: cmd.type, result }, 'command applied');
      } catch (e) {
        failed = { id: cmd.id, accountId: cmd.accountId, type: cmd.type, error: (e as Error).message };
        await tx.controlCommand.update({ where: { id: cmd.id }, data: { status: 'FAILED', appliedAt: at, appliedBy: workerId, error: failed.error } });
        await raiseAlert(tx, {
          severity: 'CRITICAL', code: 'CONTROL_COMMAND_FAILED', accountId: cmd.accountId, dedupKey: `command:${cmd.id}`,
          message: `${cmd.type} could not be applied: ${failed.error}`, evidence: { commandId: cmd.id, payload: cmd.payload },
        }, at);
        log.error({ component: 'control', commandId: cmd.id, type: cmd.type, err: failed.error }, 'command failed');
      }
      await tx.$executeRaw`SELECT pg_notify(${EVENTS_CHANNEL}, ${`command:${cmd.id}`})`;
      return true;
    });
    if (!didOne) return applied;
    if (!failed) applied += 1;
  }
}

/** Run `fn` under a SAVEPOINT so a failure rolls back its writes but keeps the transaction usable. */
async function runInSavepoint<T>(tx: Tx, fn: () => Promise<T>): Promise<T> {
  await tx.$executeRawUnsafe('SAVEPOINT apply_command');
  try {
    const out = await fn();
    await tx.$executeRawUnsafe('RELEASE SAVEPOINT apply_command');
    return out;
  } catch (e) {
    await tx.$executeRawUnsafe('ROLLBACK TO SAVEPOINT apply_command');
    throw e;
  }
}
