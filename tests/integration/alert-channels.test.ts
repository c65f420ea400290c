import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@/adapters/logging/logger';
import { openChannelConfig } from '@/adapters/notify/channels';
import type { Role } from '@/generated/prisma/enums';
import type { SessionUser } from '@/server/auth/current-user';
import { serverEnv } from '@/server/env';
import { deliverDue } from '@/worker/alerts/delivery';
import { createTestDb, type TestDb } from '../support/test-db';
import { callerAs, seedUsers } from '../support/callers';

const WEBHOOK = { url: 'http://127.0.0.1:9/hook-TOKEN-abcd', signingSecret: 'signing-secret-0123456789-wxyz' };

describe('alert channels in Settings', () => {
  let t: TestDb;
  let users: Record<Role, SessionUser>;
  beforeAll(async () => {
    t = await createTestDb('alert_channels');
    users = await seedUsers(t.db);
  });
  afterAll(async () => { await t.drop(); });

  it('an admin adds a channel: its secrets are sealed to the row and never come back, only their last 4 characters; audited', async () => {
    const admin = callerAs(t.db, users.ADMIN);
    const { id } = await admin.alertChannels.add({ name: 'ops-hook', kind: 'webhook', minSeverity: 'CRITICAL', settings: WEBHOOK });
    await admin.alertChannels.add({ name: 'ops-mail', kind: 'email', settings: { host: 'smtp.test', port: 2525, from: 'bot@test.local', to: 'ops@test.local', user: 'bot', password: 'mail-password-9876' } });

    const listed = await admin.alertChannels.list();
    expect(JSON.stringify(listed)).not.toMatch(/TOKEN|signing-secret|mail-password/);
    expect(listed.map((c) => [c.name, c.kind, c.minSeverity, c.isEnabled])).toEqual([['ops-hook', 'webhook', 'CRITICAL', true], ['ops-mail', 'email', 'WARNING', true]]);
    expect(listed[0]!.settings).toEqual({ url: '…abcd', signingSecret: '…wxyz' });
    expect(listed[1]!.settings).toMatchObject({ host: 'smtp.test', port: 2525, password: '…9876', to: 'ops@test.local' });

    const row = await t.db.alertChannel.findUniqueOrThrow({ where: { id } });
    expect(JSON.stringify(row.config)).not.toMatch(/TOKEN|signing-secret/);
    expect(openChannelConfig('webhook', row.config, serverEnv().SENTINEL_ENCRYPTION_KEY, id)).toEqual(WEBHOOK);
    expect(await t.db.auditLog.count({ where: { action: 'alertChannel.added' } })).toBe(2);
  });

  // createCaller skips the HTTP error formatter, which prefixes the path (settings.url: …); the message names the field either way
  it('bad settings are refused naming the field, and nothing is written', async () => {
    const admin = callerAs(t.db, users.ADMIN);
    const before = await t.db.alertChannel.count();
    await expect(admin.alertChannels.add({ name: 'bad', kind: 'webhook', settings: { url: 'ftp://x.test/', signingSecret: 'long-enough-secret-123' } })).rejects.toThrow(/url: must be an http\(s\) URL/);
    await expect(admin.alertChannels.add({ name: 'bad', kind: 'webhook', settings: { url: 'http://x.test/', signingSecret: 'short' } })).rejects.toThrow(/signingSecret: at least 16 characters/);
    await expect(admin.alertChannels.add({ name: 'bad', kind: 'email', settings: { host: 'h', port: 70000, from: 'a@b.c', to: 'nope' } } as never)).rejects.toThrow(/port: 1 to 65535[\s\S]*to: must be an e-mail address/);
    await expect(admin.alertChannels.add({ name: 'bad', kind: 'pager', settings: {} } as never)).rejects.toThrow(/kind/);
    await expect(admin.alertChannels.add({ name: 'ops-hook', kind: 'slack', settings: { url: 'https://hooks.slack.test/x' } })).rejects.toThrow(/name: a channel named "ops-hook" exists already/);
    expect(await t.db.alertChannel.count()).toBe(before);
    await expect(callerAs(t.db, users.OPERATOR).alertChannels.add({ name: 'op', kind: 'slack', settings: { url: 'https://hooks.slack.test/x' } })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('send test alert: one TEST_ALERT per click, delivered to that channel only whatever its minimum severity; the delivery shows on the channel and on the Alerts page', async () => {
    const admin = callerAs(t.db, users.ADMIN);
    const [hook, mail] = await admin.alertChannels.list();
    const first = await admin.alertChannels.sendTest({ channelId: hook!.id });
    const second = await admin.alertChannels.sendTest({ channelId: hook!.id });
    expect(second.alertId).not.toBe(first.alertId);

    const alert = await t.db.alert.findUniqueOrThrow({ where: { id: first.alertId }, include: { deliveries: true } });
    expect(alert).toMatchObject({ code: 'TEST_ALERT', severity: 'INFO', status: 'RESOLVED', message: 'Test alert for channel "ops-hook" (webhook), sent by admin@test.local' });
    expect(alert.deliveries.map((d) => [d.channelId, d.status])).toEqual([[hook!.id, 'PENDING']]);
    expect(await t.db.alertDelivery.count({ where: { channelId: mail!.id } })).toBe(0);
    expect(await t.db.auditLog.count({ where: { action: 'alertChannel.tested' } })).toBe(2);

    // the outbox tries it (nothing listens on port 9): the failure and the attempt show
    await deliverDue(t.db, createLogger('test', 'silent'), { encryptionKey: serverEnv().SENTINEL_ENCRYPTION_KEY, now: () => new Date(), timeoutMs: 1000 });
    const listed = (await admin.alertChannels.list())[0]!;
    expect(listed.lastDelivery).toMatchObject({ isTest: true, attempts: 1, status: 'PENDING', lastError: expect.stringMatching(/fetch failed|ECONNREFUSED/) });

    const rows = await callerAs(t.db, users.VIEWER).alerts.list({ severity: 'INFO' });
    expect(rows.find((r) => r.id === first.alertId)!.deliveries).toEqual([expect.objectContaining({ channel: 'ops-hook', kind: 'webhook', attempts: 1, status: 'PENDING' })]);
    expect(JSON.stringify(rows)).not.toMatch(/TOKEN|signing-secret/);
  });

  it('disable refuses a test until enabled again; delete removes the channel and its deliveries, keeps the alerts; both audited', async () => {
    const admin = callerAs(t.db, users.ADMIN);
    const [hook] = await admin.alertChannels.list();
    await admin.alertChannels.setEnabled({ channelId: hook!.id, isEnabled: false });
    expect((await admin.alertChannels.list())[0]!.isEnabled).toBe(false);
    await expect(admin.alertChannels.sendTest({ channelId: hook!.id })).rejects.toThrow(/"ops-hook" is disabled: enable it first/);
    await admin.alertChannels.setEnabled({ channelId: hook!.id, isEnabled: true });

    const alerts = await t.db.alert.count();
    await admin.alertChannels.delete({ channelId: hook!.id });
    expect(await t.db.alertDelivery.count({ where: { channelId: hook!.id } })).toBe(0);
    expect(await t.db.alert.count()).toBe(alerts);
    await expect(admin.alertChannels.delete({ channelId: hook!.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await t.db.auditLog.count({ where: { action: { in: ['alertChannel.disabled', 'alertChannel.enabled', 'alertChannel.deleted'] } } })).toBe(3);
  });
});
