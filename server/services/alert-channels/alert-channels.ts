import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Db, Tx } from '@/adapters/db/client';
import { appendAudit } from '@/adapters/repo/audit-log';
import { raiseAlert, resolveAlert } from '@/adapters/repo/alerts';
import { channelConfigSchemas, sealChannelConfig } from '@/adapters/notify/channels';
import { AppError } from '@/server/errors';
import type { Actor } from '@/server/services/users';

const severity = z.enum(['INFO', 'WARNING', 'CRITICAL'], { error: 'minSeverity: one of INFO, WARNING, CRITICAL' });
const base = {
  name: z.string({ error: 'name: is required' }).trim().min(1, 'name: is required').max(60, 'name: at most 60 characters'),
  minSeverity: severity.default('WARNING'),
};

/** One shape per kind, so a bad setting is refused at the input naming its field (settings.url, settings.port…). */
export const addChannelInput = z.discriminatedUnion('kind', [
  z.object({ ...base, kind: z.literal('webhook'), settings: channelConfigSchemas.webhook }),
  z.object({ ...base, kind: z.literal('slack'), settings: channelConfigSchemas.slack }),
  z.object({ ...base, kind: z.literal('discord'), settings: channelConfigSchemas.discord }),
  z.object({ ...base, kind: z.literal('telegram'), settings: channelConfigSchemas.telegram }),
  z.object({ ...base, kind: z.literal('email'), settings: channelConfigSchemas.email }),
], { error: 'kind: one of webhook, slack, discord, telegram, email' });

export const channelIdInput = z.object({ channelId: z.uuid('channelId: must be a channel id') });

const audit = (actor: Actor, action: string, channelId: string, details: Record<string, unknown>) =>
  ({ actorId: actor.id, actorLabel: actor.label, ip: actor.ip, action, targetType: 'AlertChannel', targetId: channelId, details });

async function findChannel(tx: Tx, channelId: string) {
  const row = await tx.alertChannel.findUnique({ where: { id: channelId } });
  if (!row) throw new AppError('NOT_FOUND', 'no alert channel with that id');
  return row;
}

/**
 * Create the channel row and seal its settings (secrets bound to that row's id) in one
 * transaction: a failure leaves no row with unsealed or empty settings behind.
 */
export async function addChannel(db: Db, actor: Actor, input: z.infer<typeof addChannelInput>, encryptionKey: string, now: Date) {
  return db.$transaction(async (tx) => {
    if (await tx.alertChannel.findUnique({ where: { name: input.name }, select: { id: true } })) throw new AppError('CONFLICT', `name: a channel named "${input.name}" exists already`);
    // createdAt from the request clock: the outbox sends only alerts first seen after it
    const row = await tx.alertChannel.create({ data: { name: input.name, kind: input.kind, config: {}, minSeverity: input.minSeverity, createdAt: now } });
    await tx.alertChannel.update({ where: { id: row.id }, data: { config: sealChannelConfig(input.kind, input.settings, encryptionKey, row.id) as object } });
    await appendAudit(tx, audit(actor, 'alertChannel.added', row.id, { name: row.name, kind: row.kind, minSeverity: row.minSeverity }), now);
    return { id: row.id };
  });
}

export async function setChannelEnabled(db: Db, actor: Actor, input: { channelId: string; isEnabled: boolean }, now: Date) {
  await db.$transaction(async (tx) => {
    const row = await findChannel(tx, input.channelId);
    await tx.alertChannel.update({ where: { id: row.id }, data: { isEnabled: input.isEnabled } });
    await appendAudit(tx, audit(actor, input.isEnabled ? 'alertChannel.enabled' : 'alertChannel.disabled', row.id, { name: row.name }), now);
  });
}

/** Its deliveries go with it (cascade); the alerts stay. */
export async function deleteChannel(db: Db, actor: Actor, input: { channelId: string }, now: Date) {
  await db.$transaction(async (tx) => {
    const row = await findChannel(tx, input.channelId);
    await tx.alertChannel.delete({ where: { id: row.id } });
    await appendAudit(tx, audit(actor, 'alertChannel.deleted', row.id, { name: row.name, kind: row.kind }), now);
  });
}

/**
 * A TEST_ALERT (INFO) for one channel, with its delivery row for that channel only, in one
 * transaction: the worker wakes on the alert's NOTIFY at commit and sends it, whatever the
 * channel's minimum severity. A fresh dedup key per click: each click sends one. The alert is
 * resolved at once: there is nothing for an operator to act on.
 */
export async function sendTestAlert(db: Db, actor: Actor, input: { channelId: string }, now: Date) {
  return db.$transaction(async (tx) => {
    const row = await findChannel(tx, input.channelId);
    if (!row.isEnabled) throw new AppError('PRECONDITION_FAILED', `channel "${row.name}" is disabled: enable it first`);
    const dedupKey = `TEST_ALERT:${row.id}:${randomUUID()}`;
    const alert = await raiseAlert(tx, { severity: 'INFO', code: 'TEST_ALERT', dedupKey,
      message: `Test alert for channel "${row.name}" (${row.kind}), sent by ${actor.label}`, evidence: { channelId: row.id, channelName: row.name, requestedBy: actor.label } }, now);
    const delivery = await tx.alertDelivery.create({ data: { alertId: alert.id, channelId: row.id, status: 'PENDING', nextAttemptAt: now, createdAt: now } });
    await resolveAlert(tx, dedupKey, now);
    await appendAudit(tx, audit(actor, 'alertChannel.tested', row.id, { name: row.name, alertId: alert.id }), now);
    return { alertId: alert.id, deliveryId: delivery.id };
  });
}
