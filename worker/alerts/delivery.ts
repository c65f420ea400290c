import type { Db } from '@/adapters/db/client';
import type { Logger } from '@/adapters/logging/logger';
import { CHANNEL_KINDS, openChannelConfig, sendToChannel, type ChannelKind } from '@/adapters/notify/channels';

/**
 * The alert outbox. Durable and independent per channel:
 *  - fan-out: every alert first seen after a channel was created, at or above the channel's
 *    minimum severity, gets one AlertDelivery row per channel (one INSERT … SELECT, idempotent
 *    on (alertId, channelId)); a deduplicated alert that only recurs is not sent again; a
 *    TEST_ALERT (Settings' "send test alert") is only the tested channel's;
 *  - claim: due deliveries are claimed with FOR UPDATE SKIP LOCKED (two workers never send the
 *    same one) and their next attempt pushed out by a lease before any request leaves;
 *  - send: outside any transaction, every channel at once, each bounded by a time-out, so a
 *    slow or failing channel delays neither trading nor the other channels;
 *  - record: SENT, or retried with exponential backoff, FAILED after `maxAttempts`;
 *  - rate limit: at most `perChannelPerMinute` sends per channel; the rest wait their turn.
 */
export interface DeliveryOptions {
  encryptionKey: string;
  now: () => Date;
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  timeoutMs?: number;
  perChannelPerMinute?: number;
  /** alerts older than this are not fanned out to a channel (a channel added today does not replay last month) */
  lookbackMs?: number;
}

const SEVERITY_RANK = `CASE a.severity WHEN 'CRITICAL' THEN 3 WHEN 'WARNING' THEN 2 ELSE 1 END`;
const MIN_RANK = `CASE c."minSeverity" WHEN 'CRITICAL' THEN 3 WHEN 'WARNING' THEN 2 ELSE 1 END`;

/** New deliveries for every enabled channel; returns how many were created. */
export async function fanOut(db: Db, now: Date, lookbackMs = 86_400_000): Promise<number> {
  return db.$executeRawUnsafe(`
    INSERT INTO "AlertDelivery" (id, "alertId", "channelId", status, attempts, "nextAttemptAt", "createdAt")
    SELECT gen_random_uuid(), a.id, c.id, 'PENDING', 0, $1, $1
    FROM "Alert" a JOIN "AlertChannel" c ON c."isEnabled" AND ${SEVERITY_RANK} >= ${MIN_RANK}
    WHERE a."firstSeenAt" >= GREATEST(c."createdAt", $2::timestamp)
      AND a.code <> 'TEST_ALERT' -- a test from Settings goes to the one channel tested: its delivery row is written with it
    ON CONFLICT ("alertId", "channelId") DO NOTHING`, now, new Date(now.getTime() - lookbackMs));
}

export interface DeliveryPass { claimed: number; sent: number; retried: number; failed: number }

/** Claim the due deliveries, send them all at once, record each outcome. */
export async function deliverDue(db: Db, log: Logger, o: DeliveryOptions, limit = 50): Promise<DeliveryPass> {
  const now = o.now();
  const maxAttempts = o.maxAttempts ?? 8;
  const timeoutMs = o.timeoutMs ?? 5000;
  const perMinute = o.perChannelPerMinute ?? 30;
  const claimed = await db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: string; channelId: string; attempts: number }[]>`
      SELECT d.id, d."channelId", d.attempts FROM "AlertDelivery" d JOIN "AlertChannel" c ON c.id = d."channelId"
      WHERE d.status = 'PENDING' AND d."nextAttemptAt" <= ${now} AND c."isEnabled"
        AND (SELECT count(*) FROM "AlertDelivery" s WHERE s."channelId" = d."channelId" AND s.status = 'SENT' AND s."sentAt" > ${new Date(now.getTime() - 60_000)}) < ${perMinute}
      ORDER BY d."nextAttemptAt" LIMIT ${limit} FOR UPDATE OF d SKIP LOCKED`;
    if (rows.length) {
      // the lease: a worker that dies mid-send leaves the delivery due again after it, never lost
      await tx.alertDelivery.updateMany({ where: { id: { in: rows.map((r) => r.id) } }, data: { attempts: { increment: 1 }, nextAttemptAt: new Date(now.getTime() + timeoutMs * 2 + 1000) } });
    }
    return rows;
  });
  const out: DeliveryPass = { claimed: claimed.length, sent: 0, retried: 0, failed: 0 };
  if (!claimed.length) return out;
  const full = await db.alertDelivery.findMany({ where: { id: { in: claimed.map((c) => c.id) } }, include: { alert: true, channel: true } });
  await Promise.all(full.map(async (d) => {
    const kind = d.channel.kind as ChannelKind;
    try {
      if (!CHANNEL_KINDS.includes(kind)) throw new Error(`unknown channel kind ${d.channel.kind}`);
      const cfg = openChannelConfig(kind, d.channel.config, o.encryptionKey, d.channel.id);
      await sendToChannel(kind, cfg, { ...d.alert, severity: d.alert.severity, isTest: d.alert.code === 'TEST_ALERT' }, { timeoutMs, now: o.now });
      await db.alertDelivery.update({ where: { id: d.id }, data: { status: 'SENT', sentAt: o.now(), lastError: null } });
      out.sent += 1;
    } catch (e) {
      const err = (e as Error).message.slice(0, 500);
      const isLast = d.attempts >= maxAttempts;
      const delay = Math.min(o.maxDelayMs ?? 300_000, (o.baseDelayMs ?? 2000) * 2 ** (d.attempts - 1));
      await db.alertDelivery.update({ where: { id: d.id }, data: isLast ? { status: 'FAILED', lastError: err } : { lastError: err, nextAttemptAt: new Date(o.now().getTime() + delay) } });
      if (isLast) out.failed += 1; else out.retried += 1;
      log.warn({ component: 'alerts', channel: d.channel.name, kind, alert: d.alert.code, attempt: d.attempts, err, ...(isLast ? { gaveUp: true } : { retryInMs: delay }) },
        isLast ? 'alert delivery failed for good' : 'alert delivery failed; will retry');
    }
  }));
  return out;
}

/**
 * The worker's delivery loop: a pass on every alert notification (raiseAlert NOTIFYs at
 * commit) and on a timer for retries. One pass at a time; a failed pass is logged and the
 * next one tries again. Trading never waits for it.
 */
export function startDeliveryLoop(db: Db, log: Logger, o: DeliveryOptions & { intervalMs: number }) {
  let running: Promise<void> | null = null;
  let again = false;
  const pass = () => {
    if (running) { again = true; return; }
    running = (async () => {
      do {
        again = false;
        try {
          await fanOut(db, o.now(), o.lookbackMs);
          const r = await deliverDue(db, log, o);
          if (r.claimed) log.debug({ component: 'alerts', ...r }, 'alert deliveries');
        } catch (e) {
          log.warn({ component: 'alerts', err: (e as Error).message }, 'alert delivery pass failed; will retry');
        }
      } while (again);
      running = null;
    })();
  };
  const timer = setInterval(pass, o.intervalMs);
  pass();
  return {
    wake: pass,
    async stop() { clearInterval(timer); await running; },
  };
}
