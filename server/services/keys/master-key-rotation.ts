import type { Db, Tx } from '@/adapters/db/client';
import { decryptSecret, encryptSecret } from '@/adapters/crypto/secret-box';
import { credentialAad } from '@/adapters/repo/credentials';
import { appendAudit } from '@/adapters/repo/audit-log';
import { openChannelConfig, resealChannelConfig, type ChannelKind } from '@/adapters/notify/channels';
import { openTotpSecret, sealTotpSecret } from '@/server/auth/second-factor';
import { AppError } from '@/server/errors';

/**
 * Every secret Sentinel seals with SENTINEL_ENCRYPTION_KEY, and where: an account's
 * exchange key (ExchangeCredential apiKeyEnc / apiSecretEnc / passphraseEnc, bound to the
 * row and field), an alert channel's secrets inside AlertChannel.config (webhook URLs with
 * tokens, signing secret, bot token, SMTP password, bound to the channel and field) and a
 * user's TOTP secret (User.totpSecretEnc, bound to the user). Rotation re-seals all of them.
 */
export interface SecretCounts { credentials: number; channels: number; totpSecrets: number; fields: number }

export interface RotationOptions {
  fromKey: string;
  toKey: string;
  actor: { id: string | null; label: string; ip?: string | null };
  now: Date;
  /** after each row is written (progress for the CLI); a throw aborts the rotation and rolls everything back */
  onRowWritten?: (done: number, total: number) => void;
}

const CREDENTIAL_FIELDS = [['apiKeyEnc', 'apiKey'], ['apiSecretEnc', 'apiSecret'], ['passphraseEnc', 'passphrase']] as const;

/** A row's secrets opened with one key and sealed with the other, or what did not open. */
type Resealed<T> = { ok: true; data: T; fields: number } | { ok: false; where: string };

function resealCredential(c: { id: string; apiKeyEnc: string; apiSecretEnc: string; passphraseEnc: string | null }, fromKey: string, toKey: string): Resealed<Record<string, string>> {
  const data: Record<string, string> = {};
  for (const [column, field] of CREDENTIAL_FIELDS) {
    const sealed = c[column];
    if (sealed === null) continue;
    try {
      const plain = decryptSecret(sealed, fromKey, credentialAad(c.id, field));
      const next = encryptSecret(plain, toKey, credentialAad(c.id, field));
      // proven before commit: the new ciphertext opens with the new key to the same secret
      if (decryptSecret(next, toKey, credentialAad(c.id, field)) !== plain) return { ok: false, where: `ExchangeCredential ${c.id} ${field} (did not round-trip)` };
      data[column] = next;
    } catch {
      return { ok: false, where: `ExchangeCredential ${c.id} ${field}` };
    }
  }
  return { ok: true, data, fields: Object.keys(data).length };
}

function resealChannel(ch: { id: string; name: string; kind: string; config: unknown }, fromKey: string, toKey: string): Resealed<Record<string, unknown>> {
  try {
    const { config, secrets } = resealChannelConfig(ch.kind, ch.config, fromKey, toKey, ch.id);
    // the worker's own reader must accept the result: every secret opens with the new key and the settings still validate
    openChannelConfig(ch.kind as ChannelKind, config, toKey, ch.id);
    return { ok: true, data: config, fields: secrets };
  } catch {
    return { ok: false, where: `AlertChannel ${ch.id} (${ch.name})` };
  }
}

function resealTotp(u: { id: string; email: string; totpSecretEnc: string }, fromKey: string, toKey: string): Resealed<string> {
  try {
    const plain = openTotpSecret(u.totpSecretEnc, u.id, fromKey);
    const next = sealTotpSecret(plain, u.id, toKey);
    if (openTotpSecret(next, u.id, toKey) !== plain) return { ok: false, where: `User ${u.email} totpSecret (did not round-trip)` };
    return { ok: true, data: next, fields: 1 };
  } catch {
    return { ok: false, where: `User ${u.email} totpSecret` };
  }
}

function assertKeys(fromKey: string, toKey: string) {
  for (const [name, k] of [['the current key', fromKey], ['the new key', toKey]] as const) {
    if (Buffer.from(k, 'base64').length !== 32 || !/^[A-Za-z0-9+/]+={0,2}$/.test(k)) throw new AppError('BAD_REQUEST', `${name} must be 32 random bytes in base64 (openssl rand -base64 32)`);
  }
  if (Buffer.from(fromKey, 'base64').equals(Buffer.from(toKey, 'base64'))) throw new AppError('BAD_REQUEST', 'the new key is the current key: a rotation needs a different one');
}

/**
 * Read every sealed secret under a lock that stops writers (a key saved with the old master
 * key while we re-seal would be lost), open each with the current key and seal it with the
 * new one. All or nothing: if any secret does not open with the current key, nothing is
 * written and the refusal names the rows (never their content).
 */
async function resealAll(tx: Tx, fromKey: string, toKey: string) {
  await tx.$executeRaw`LOCK TABLE "ExchangeCredential", "AlertChannel", "User" IN SHARE ROW EXCLUSIVE MODE`;
  const credentials = await tx.exchangeCredential.findMany({ select: { id: true, apiKeyEnc: true, apiSecretEnc: true, passphraseEnc: true }, orderBy: { id: 'asc' } });
  const channels = await tx.alertChannel.findMany({ select: { id: true, name: true, kind: true, config: true }, orderBy: { id: 'asc' } });
  const users = await tx.user.findMany({ where: { totpSecretEnc: { not: null } }, select: { id: true, email: true, totpSecretEnc: true }, orderBy: { id: 'asc' } });
  const plan = {
    credentials: credentials.map((c) => ({ id: c.id, r: resealCredential(c, fromKey, toKey) })),
    channels: channels.map((c) => ({ id: c.id, r: resealChannel(c, fromKey, toKey) })),
    users: users.map((u) => ({ id: u.id, r: resealTotp({ ...u, totpSecretEnc: u.totpSecretEnc! }, fromKey, toKey) })),
  };
  const failed = [...plan.credentials, ...plan.channels, ...plan.users].flatMap(({ r }) => (r.ok ? [] : [r.where]));
  if (failed.length) {
    throw new AppError('PRECONDITION_FAILED', `${failed.length} secret(s) do not decrypt with the current SENTINEL_ENCRYPTION_KEY, so nothing was changed: ${failed.slice(0, 10).join('; ')}${failed.length > 10 ? '; …' : ''}. `
      + 'Run with the key these secrets were sealed with (or re-enter those secrets in Settings, which seals them with the current key).');
  }
  return plan;
}

/**
 * Rotate the master encryption key: every sealed secret re-encrypted from `fromKey` to
 * `toKey` in ONE transaction, each checked to open with the new key before commit, and the
 * audit row `keys.rotated` (counts only). Any failure — a secret that does not open, a
 * write that fails — rolls everything back: the database stays wholly on the current key.
 */
export async function rotateMasterKey(db: Db, o: RotationOptions): Promise<SecretCounts> {
  assertKeys(o.fromKey, o.toKey);
  return db.$transaction(async (tx) => {
    const plan = await resealAll(tx, o.fromKey, o.toKey);
    const total = plan.credentials.length + plan.channels.length + plan.users.length;
    let done = 0;
    let fields = 0;
    const wrote = (n: number) => { fields += n; o.onRowWritten?.(++done, total); };
    for (const { id, r } of plan.credentials) if (r.ok) { await tx.exchangeCredential.update({ where: { id }, data: r.data }); wrote(r.fields); }
    for (const { id, r } of plan.channels) if (r.ok) { await tx.alertChannel.update({ where: { id }, data: { config: r.data as object } }); wrote(r.fields); }
    for (const { id, r } of plan.users) if (r.ok) { await tx.user.update({ where: { id }, data: { totpSecretEnc: r.data } }); wrote(r.fields); }
    const counts = { credentials: plan.credentials.length, channels: plan.channels.length, totpSecrets: plan.users.length, fields };
    await appendAudit(tx, { actorId: o.actor.id, actorLabel: o.actor.label, ip: o.actor.ip ?? null, action: 'keys.rotated', targetType: 'System', targetId: null, details: counts }, o.now);
    return counts;
  }, { timeout: 600_000, maxWait: 30_000 });
}

/** Whether every sealed secret opens with `key` (the CLI's --check): the rows that do not, named, never their content. */
export async function checkMasterKey(db: Db, key: string): Promise<SecretCounts & { failed: string[] }> {
  return db.$transaction(async (tx) => {
    const credentials = await tx.exchangeCredential.findMany({ select: { id: true, apiKeyEnc: true, apiSecretEnc: true, passphraseEnc: true } });
    const channels = await tx.alertChannel.findMany({ select: { id: true, name: true, kind: true, config: true } });
    const users = await tx.user.findMany({ where: { totpSecretEnc: { not: null } }, select: { id: true, email: true, totpSecretEnc: true } });
    // sealing with the same key proves it opens: a check is a rotation onto itself, never written
    const results = [...credentials.map((c) => resealCredential(c, key, key)), ...channels.map((c) => resealChannel(c, key, key)), ...users.map((u) => resealTotp({ ...u, totpSecretEnc: u.totpSecretEnc! }, key, key))];
    const fields = results.reduce((n, r) => n + (r.ok ? r.fields : 0), 0);
    return { credentials: credentials.length, channels: channels.length, totpSecrets: users.length, fields, failed: results.flatMap((r) => (r.ok ? [] : [r.where])) };
  });
}
