import { createHmac } from 'node:crypto';
import nodemailer from 'nodemailer';
import { z } from 'zod';
import { decryptSecret, encryptSecret, last4 } from '@/adapters/crypto/secret-box';

/**
 * Alert delivery channels: a generic webhook (JSON, HMAC-SHA256 signed), Slack and Discord
 * incoming webhooks, the Telegram bot API (base URL configurable) and e-mail over SMTP
 * (nodemailer). Each kind's settings are validated with zod; its secrets (webhook URLs that
 * embed a token, the HMAC key, the bot token, the SMTP password) are stored sealed with
 * SENTINEL_ENCRYPTION_KEY, bound to the channel row and field, and never returned.
 */
export const CHANNEL_KINDS = ['webhook', 'slack', 'discord', 'telegram', 'email'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

const httpUrl = (field: string) => z.string({ error: `${field}: is required` }).trim().url(`${field}: must be an http(s) URL`)
  .refine((u) => /^https?:\/\//.test(u), `${field}: must be an http(s) URL`);
const secret = (field: string, min = 8) => z.string({ error: `${field}: is required` }).min(min, `${field}: at least ${min} characters`).max(2048, `${field}: at most 2048 characters`);

export const channelConfigSchemas = {
  webhook: z.object({ url: httpUrl('url'), signingSecret: secret('signingSecret', 16) }),
  slack: z.object({ url: httpUrl('url') }),
  discord: z.object({ url: httpUrl('url') }),
  telegram: z.object({ baseUrl: httpUrl('baseUrl').default('https://api.telegram.org'), botToken: secret('botToken'), chatId: z.string({ error: 'chatId: is required' }).trim().min(1, 'chatId: is required').max(64, 'chatId: at most 64 characters') }),
  email: z.object({
    host: z.string({ error: 'host: is required' }).trim().min(1, 'host: is required').max(255, 'host: at most 255 characters'),
    port: z.coerce.number({ error: 'port: must be a number' }).int('port: a whole number').min(1, 'port: 1 to 65535').max(65535, 'port: 1 to 65535'),
    secure: z.boolean().default(false),
    user: z.string().max(255, 'user: at most 255 characters').optional(),
    password: z.string().max(1024, 'password: at most 1024 characters').optional(),
    from: z.email('from: must be an e-mail address'),
    to: z.email('to: must be an e-mail address'),
  }),
} satisfies Record<ChannelKind, z.ZodType>;

export type ChannelConfig<K extends ChannelKind = ChannelKind> = z.infer<(typeof channelConfigSchemas)[K]>;

/** The fields of each kind that are secrets: sealed at rest, shown as their last 4 characters. */
const SECRET_FIELDS: Record<ChannelKind, string[]> = { webhook: ['url', 'signingSecret'], slack: ['url'], discord: ['url'], telegram: ['botToken'], email: ['password'] };

const aad = (channelId: string, field: string) => `AlertChannel:${channelId}:${field}`;

/** Validate a kind's settings and seal its secrets for the row `channelId`. Throws a zod error naming the field. */
export function sealChannelConfig(kind: ChannelKind, input: unknown, encryptionKey: string, channelId: string): Record<string, unknown> {
  const cfg = channelConfigSchemas[kind].parse(input) as Record<string, unknown>;
  const out: Record<string, unknown> = { ...cfg };
  for (const f of SECRET_FIELDS[kind]) {
    const v = cfg[f];
    if (typeof v === 'string' && v) { out[f] = encryptSecret(v, encryptionKey, aad(channelId, f)); out[`${f}Last4`] = last4(v); }
  }
  return out;
}

/** The stored settings with their secrets opened (the worker, at send time). */
export function openChannelConfig<K extends ChannelKind>(kind: K, stored: unknown, encryptionKey: string, channelId: string): ChannelConfig<K> {
  const raw = { ...(stored as Record<string, unknown>) };
  for (const f of SECRET_FIELDS[kind]) if (typeof raw[f] === 'string' && raw[f]) raw[f] = decryptSecret(raw[f] as string, encryptionKey, aad(channelId, f));
  return channelConfigSchemas[kind].parse(raw) as ChannelConfig<K>;
}

/**
 * The stored settings with each sealed secret opened with `fromKey` and sealed again with
 * `toKey`, bound to the same row and field (the master key rotation, scripts/keys-rotate.ts).
 * Throws when a secret does not open with `fromKey`; `secrets` counts the fields re-sealed.
 */
export function resealChannelConfig(kind: string, stored: unknown, fromKey: string, toKey: string, channelId: string): { config: Record<string, unknown>; secrets: number } {
  if (!(CHANNEL_KINDS as readonly string[]).includes(kind)) throw new Error(`unknown channel kind ${JSON.stringify(kind)}`);
  const config = { ...(stored as Record<string, unknown>) };
  let secrets = 0;
  for (const f of SECRET_FIELDS[kind as ChannelKind]) {
    const v = config[f];
    if (typeof v !== 'string' || !v) continue;
    config[f] = encryptSecret(decryptSecret(v, fromKey, aad(channelId, f)), toKey, aad(channelId, f));
    secrets++;
  }
  return { config, secrets };
}

/** What a browser may see of a channel's settings: secrets as their last 4 characters. */
export function publicChannelConfig(kind: ChannelKind, stored: unknown): Record<string, unknown> {
  const raw = { ...(stored as Record<string, unknown>) };
  for (const f of SECRET_FIELDS[kind]) { if (f in raw) raw[f] = raw[`${f}Last4`] ? `…${String(raw[`${f}Last4`])}` : null; delete raw[`${f}Last4`]; }
  return raw;
}

export interface AlertMessage {
  id: string;
  severity: 'CRITICAL' | 'WARNING' | 'INFO';
  code: string;
  message: string;
  accountId: string | null;
  firstSeenAt: Date;
  occurrences: number;
  evidence: unknown;
  /** a test alert from Settings' "send test alert" */
  isTest?: boolean;
}

const ICON = { CRITICAL: '🔴', WARNING: '🟠', INFO: '🔵' } as const;
const line = (a: AlertMessage) => `${ICON[a.severity]} ${a.isTest ? '[TEST] ' : ''}${a.severity} ${a.code}: ${a.message}`;

/** HMAC-SHA256 of `${timestamp}.${body}` with the channel's signing secret, as the webhook's receiver recomputes it. */
export function webhookSignature(signingSecret: string, timestamp: string, body: string) {
  return `sha256=${createHmac('sha256', signingSecret).update(`${timestamp}.${body}`).digest('hex')}`;
}

async function post(url: string, body: unknown, headers: Record<string, string>, timeoutMs: number, what: string) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const res = await fetch(url, { method: 'POST', body: text, headers: { 'content-type': 'application/json', ...headers }, signal: AbortSignal.timeout(timeoutMs) });
  if (!res.ok) throw new Error(`${what} answered HTTP ${res.status}: ${(await res.text().catch(() => '')).slice(0, 200)}`);
}

/**
 * Deliver one alert to one channel. Throws on any failure (the outbox retries it); never
 * longer than `timeoutMs`.
 */
export async function sendToChannel(kind: ChannelKind, cfg: ChannelConfig, alert: AlertMessage, opts: { timeoutMs?: number; now?: () => Date } = {}) {
  const timeoutMs = opts.timeoutMs ?? 5000;
  switch (kind) {
    case 'webhook': {
      const c = cfg as ChannelConfig<'webhook'>;
      const body = JSON.stringify({ id: alert.id, severity: alert.severity, code: alert.code, message: alert.message, accountId: alert.accountId,
        firstSeenAt: alert.firstSeenAt.toISOString(), occurrences: alert.occurrences, evidence: alert.evidence, isTest: alert.isTest === true });
      const ts = String(Math.floor((opts.now?.() ?? new Date()).getTime() / 1000));
      return post(c.url, body, { 'x-sentinel-timestamp': ts, 'x-sentinel-signature': webhookSignature(c.signingSecret, ts, body), 'x-sentinel-alert-id': alert.id }, timeoutMs, 'webhook');
    }
    case 'slack': return post((cfg as ChannelConfig<'slack'>).url, { text: line(alert) }, {}, timeoutMs, 'Slack');
    case 'discord': return post((cfg as ChannelConfig<'discord'>).url, { content: line(alert).slice(0, 2000) }, {}, timeoutMs, 'Discord');
    case 'telegram': {
      const c = cfg as ChannelConfig<'telegram'>;
      return post(`${c.baseUrl.replace(/\/$/, '')}/bot${c.botToken}/sendMessage`, { chat_id: c.chatId, text: line(alert).slice(0, 4096), disable_web_page_preview: true }, {}, timeoutMs, 'Telegram');
    }
    case 'email': {
      const c = cfg as ChannelConfig<'email'>;
      const transport = nodemailer.createTransport({ host: c.host, port: c.port, secure: c.secure, auth: c.user ? { user: c.user, pass: c.password ?? '' } : undefined,
        connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs });
      try {
        await transport.sendMail({ from: c.from, to: c.to, subject: `[Sentinel] ${alert.isTest ? '[TEST] ' : ''}${alert.severity} ${alert.code}`,
          text: `${alert.message}\n\nFirst seen: ${alert.firstSeenAt.toISOString()}\nOccurrences: ${alert.occurrences}\nAlert id: ${alert.id}\n\nEvidence:\n${JSON.stringify(alert.evidence, null, 2)}` });
      } finally {
        transport.close();
      }
      return;
    }
  }
}
