import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@/adapters/logging/logger';
import { raiseAlert } from '@/adapters/repo/alerts';
import { sealChannelConfig, webhookSignature, type ChannelKind } from '@/adapters/notify/channels';
import { deliverDue, fanOut } from '@/worker/alerts/delivery';
import { createTestDb, type TestDb } from '../support/test-db';
import { TEST_ENCRYPTION_KEY } from '../support/live-fixture';

interface Captured { path: string; headers: http.IncomingHttpHeaders; body: string }

/**
 * The alert outbox against real local servers on 127.0.0.1: an HTTP server capturing what the
 * webhook, Slack, Discord and Telegram channels send, and an SMTP server (smtp-server) for
 * e-mail. Never the real services.
 */
describe('alert delivery to every channel kind', () => {
  let t: TestDb;
  let httpServer: http.Server;
  let smtp: SMTPServer;
  let base = '';
  let smtpPort = 0;
  const captured: Captured[] = [];
  const mails: string[] = [];
  let failing = true;
  const log = createLogger('test', 'silent');
  let clock = new Date('2026-11-25T12:00:00Z');
  const o = { encryptionKey: TEST_ENCRYPTION_KEY, now: () => clock, baseDelayMs: 1000, maxAttempts: 3, timeoutMs: 2000 };

  const channel = async (name: string, kind: ChannelKind, config: object, minSeverity: 'INFO' | 'WARNING' | 'CRITICAL' = 'INFO') => {
    const row = await t.db.alertChannel.create({ data: { name, kind, config: {}, minSeverity, createdAt: clock } });
    await t.db.alertChannel.update({ where: { id: row.id }, data: { config: sealChannelConfig(kind, config, TEST_ENCRYPTION_KEY, row.id) as object } });
    return row.id;
  };

  beforeAll(async () => {
    t = await createTestDb('alert_delivery');
    httpServer = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => { body += c.toString(); });
      req.on('end', () => {
        captured.push({ path: req.url ?? '', headers: req.headers, body });
        if (req.url === '/broken' && failing) { res.writeHead(500); res.end('down for maintenance'); return; }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"ok":true}');
      });
    });
    await new Promise<void>((r) => httpServer.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
    smtp = new SMTPServer({ authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
      onData(stream, _session, cb) { let m = ''; stream.on('data', (c: Buffer) => { m += c.toString(); }); stream.on('end', () => { mails.push(m); cb(); }); } });
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
    smtpPort = (smtp.server.address() as AddressInfo).port;
  }, 60_000);
  afterAll(async () => {
    await new Promise((r) => httpServer.close(r));
    await new Promise<void>((r) => smtp.close(() => r()));
    await t.drop();
  });

  it('each channel receives the alert in its own format; the webhook is HMAC-signed; secrets are stored sealed', async () => {
    const webhookId = await channel('ops webhook', 'webhook', { url: `${base}/hook`, signingSecret: 'whsec-0123456789abcdef' });
    await channel('slack', 'slack', { url: `${base}/slack/T000/B000/XXXX` });
    await channel('discord', 'discord', { url: `${base}/discord/123/abc` });
    await channel('telegram', 'telegram', { baseUrl: base, botToken: '123456:ABCDEF-token', chatId: '-1001' });
    await channel('email', 'email', { host: '127.0.0.1', port: smtpPort, secure: false, from: 'sentinel@example.com', to: 'ops@example.com' }, 'CRITICAL');
    const stored = await t.db.alertChannel.findUniqueOrThrow({ where: { id: webhookId } });
    expect(JSON.stringify(stored.config)).not.toContain('whsec-0123456789abcdef');

    const alert = await raiseAlert(t.db, { severity: 'CRITICAL', code: 'DAILY_LOSS_LIMIT', message: 'daily loss 5.2% > 5%: halted', evidence: { dayLoss: 0.052 } }, clock);
    expect(await fanOut(t.db, clock)).toBe(5);
    const r = await deliverDue(t.db, log, o);
    expect(r).toMatchObject({ claimed: 5, sent: 5, failed: 0 });

    const hook = captured.find((c) => c.path === '/hook')!;
    const body = JSON.parse(hook.body) as { id: string; code: string; severity: string };
    expect(body).toMatchObject({ id: alert.id, code: 'DAILY_LOSS_LIMIT', severity: 'CRITICAL' });
    expect(hook.headers['x-sentinel-signature']).toBe(webhookSignature('whsec-0123456789abcdef', String(hook.headers['x-sentinel-timestamp']), hook.body));
    expect(JSON.parse(captured.find((c) => c.path.startsWith('/slack/'))!.body).text).toMatch(/CRITICAL DAILY_LOSS_LIMIT: daily loss 5.2%/);
    expect(JSON.parse(captured.find((c) => c.path.startsWith('/discord/'))!.body).content).toMatch(/DAILY_LOSS_LIMIT/);
    const tg = captured.find((c) => c.path === '/bot123456:ABCDEF-token/sendMessage')!;
    expect(JSON.parse(tg.body)).toMatchObject({ chat_id: '-1001' });
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatch(/Subject: \[Sentinel\] CRITICAL DAILY_LOSS_LIMIT/);
    expect(mails[0]).toMatch(/To: ops@example.com/);
    expect(await t.db.alertDelivery.count({ where: { alertId: alert.id, status: 'SENT' } })).toBe(5);

    // a recurrence of the same condition is the same alert: nothing is sent again
    await raiseAlert(t.db, { severity: 'CRITICAL', code: 'DAILY_LOSS_LIMIT', message: 'daily loss 5.4% > 5%: halted' }, clock);
    expect(await fanOut(t.db, clock)).toBe(0);
    // below a channel's minimum severity: not sent there (e-mail takes CRITICAL only)
    await raiseAlert(t.db, { severity: 'WARNING', code: 'DRAWDOWN_REDUCE', message: 'drawdown 10.4% > 10%: sizes halved' }, clock);
    expect(await fanOut(t.db, clock)).toBe(4);
    expect((await deliverDue(t.db, log, o)).sent).toBe(4);
    expect(mails).toHaveLength(1);
  });

  it('a failing channel is retried with backoff and reported, and never holds the others back', async () => {
    clock = new Date(clock.getTime() + 1000); // a channel added now is sent what is raised from now on, not the earlier alerts
    await channel('broken webhook', 'slack', { url: `${base}/broken` });
    const before = captured.length;
    const alert = await raiseAlert(t.db, { severity: 'CRITICAL', code: 'EXCHANGE_CONNECTIVITY_LOST', message: 'exchange unreachable' }, clock);
    await fanOut(t.db, clock);
    const first = await deliverDue(t.db, log, o);
    expect(first).toMatchObject({ sent: 5, retried: 1 }); // the five working channels, then the broken one to retry
    const broken = await t.db.alertDelivery.findFirstOrThrow({ where: { alertId: alert.id, channel: { name: 'broken webhook' } } });
    expect(broken).toMatchObject({ status: 'PENDING', attempts: 1 });
    expect(broken.lastError).toMatch(/HTTP 500: down for maintenance/);
    expect(broken.nextAttemptAt.getTime()).toBe(clock.getTime() + 1000);
    // not due yet: nothing is sent
    expect((await deliverDue(t.db, log, o)).claimed).toBe(0);
    clock = new Date(clock.getTime() + 1000);
    expect(await deliverDue(t.db, log, o)).toMatchObject({ retried: 1 });
    expect((await t.db.alertDelivery.findUniqueOrThrow({ where: { id: broken.id } })).nextAttemptAt.getTime()).toBe(clock.getTime() + 2000);
    clock = new Date(clock.getTime() + 2000);
    expect(await deliverDue(t.db, log, o)).toMatchObject({ failed: 1 });
    expect(await t.db.alertDelivery.findUniqueOrThrow({ where: { id: broken.id } })).toMatchObject({ status: 'FAILED', attempts: 3 });
    expect(captured.slice(before).filter((c) => c.path === '/broken')).toHaveLength(3);
  });

  it('a channel that answers again delivers on its next attempt', async () => {
    failing = true;
    const alert = await raiseAlert(t.db, { severity: 'CRITICAL', code: 'STOP_NOT_PLACED', message: 'stop not placed' }, clock);
    await fanOut(t.db, clock);
    await deliverDue(t.db, log, o);
    failing = false;
    clock = new Date(clock.getTime() + 1000);
    await deliverDue(t.db, log, o);
    expect(await t.db.alertDelivery.findFirstOrThrow({ where: { alertId: alert.id, channel: { name: 'broken webhook' } } })).toMatchObject({ status: 'SENT', attempts: 2, lastError: null });
  });

  it('refuses bad channel settings with a message naming the field', () => {
    expect(() => sealChannelConfig('webhook', { url: 'ftp://x', signingSecret: 'short' }, TEST_ENCRYPTION_KEY, 'id')).toThrow(/url: must be an http\(s\) URL/);
    expect(() => sealChannelConfig('webhook', { url: 'https://x.example', signingSecret: 'short' }, TEST_ENCRYPTION_KEY, 'id')).toThrow(/signingSecret: at least 16 characters/);
    expect(() => sealChannelConfig('email', { host: 'h', port: 70000, from: 'a@b.c', to: 'nope' }, TEST_ENCRYPTION_KEY, 'id')).toThrow(/port: 1 to 65535[\s\S]*to: must be an e-mail address/);
  });
});
