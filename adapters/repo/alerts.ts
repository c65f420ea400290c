import type { DbOrTx } from '@/adapters/db/client';
import { ALERTS_CHANNEL } from '@/adapters/db/channels';
import type { AlertSeverity } from '@/generated/prisma/enums';

export interface AlertInput {
  severity: AlertSeverity;
  /** stable machine code, e.g. WORKER_STALE, DAILY_LOSS_LIMIT */
  code: string;
  message: string;
  evidence?: Record<string, unknown>;
  /** one open alert per dedup key; defaults to `${accountId ?? 'global'}:${code}` */
  dedupKey?: string;
  accountId?: string | null;
}

/**
 * Raise an alert, or bump the open one for the same condition (occurrences, last
 * seen, latest message and evidence). Deduplication rests on a unique index on
 * openDedupKey, which is NULL once the alert is resolved or acknowledged.
 */
export async function raiseAlert(db: DbOrTx, input: AlertInput, now: Date) {
  const dedupKey = input.dedupKey ?? `${input.accountId ?? 'global'}:${input.code}`;
  const evidence = (input.evidence ?? {}) as object;
  const alert = await db.alert.upsert({
    where: { openDedupKey: dedupKey },
    create: {
      severity: input.severity, code: input.code, message: input.message, evidence, dedupKey, openDedupKey: dedupKey,
      accountId: input.accountId ?? null, firstSeenAt: now, lastSeenAt: now,
    },
    update: { occurrences: { increment: 1 }, lastSeenAt: now, message: input.message, evidence, severity: input.severity },
  });
  // a new alert: the worker's delivery loop wakes at commit (a recurrence is not sent again)
  if (alert.occurrences === 1) await db.$executeRaw`SELECT pg_notify(${ALERTS_CHANNEL}, ${alert.id})`;
  return alert;
}

/** The condition cleared: resolve its open alert, if any. Returns whether one was open. */
export async function resolveAlert(db: DbOrTx, dedupKey: string, now: Date): Promise<boolean> {
  const r = await db.alert.updateMany({ where: { openDedupKey: dedupKey }, data: { status: 'RESOLVED', resolvedAt: now, openDedupKey: null } });
  return r.count > 0;
}

/** An operator acknowledged it; a recurrence after this opens a new alert. */
export async function acknowledgeAlert(db: DbOrTx, alertId: string, userId: string, now: Date): Promise<boolean> {
  const r = await db.alert.updateMany({
    where: { id: alertId, status: 'OPEN' },
    data: { status: 'ACKNOWLEDGED', acknowledgedById: userId, acknowledgedAt: now, openDedupKey: null },
  });
  return r.count > 0;
}
