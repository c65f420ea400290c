import type { DbOrTx } from '@/adapters/db/client';
import type { Logger } from '@/adapters/logging/logger';
import { loadActiveKey } from '@/adapters/repo/credentials';
import { raiseAlert, resolveAlert } from '@/adapters/repo/alerts';

/** The part of a ccxt client that signs requests: its key and secret are read at each signed call. */
export interface SigningClient { apiKey: string; secret: string }

export type KeyRefresh = { status: 'unchanged' } | { status: 'rotated'; fromLast4: string; toLast4: string } | { status: 'no_active_key' } | { status: 'unreadable'; error: string };

/**
 * Keeps a live loop on the account's ACTIVE exchange key. A rotation in Settings commits a
 * new ACTIVE row; each pass compares the active row's id (one indexed read) with the key
 * the client signs with and, when it changed, decrypts the new key and swaps it into the
 * same client — no restart, no lost state: orders and positions belong to the exchange
 * account, not to the key. With no ACTIVE key at all (not something Settings does) the
 * loop keeps the key it has, so open positions stay managed, and says so once. A new key
 * this worker cannot decrypt (the master key rotated while it ran) is not a reason to stop
 * managing positions either: it keeps the old key and raises KEY_ROTATION_UNREADABLE.
 */
export function createKeyRefresher(db: DbOrTx, log: Logger, o: { accountId: string; encryptionKey: string; credentialId: string; keyLast4: string; now: () => Date }) {
  const dedupKey = `${o.accountId}:KEY_ROTATION_UNREADABLE`;
  let current = { id: o.credentialId, keyLast4: o.keyLast4 };
  let saidMissing = false;
  return async function refreshKey(client: SigningClient): Promise<KeyRefresh> {
    const active = await db.exchangeCredential.findFirst({ where: { accountId: o.accountId, status: 'ACTIVE' }, select: { id: true } });
    if (!active) {
      if (!saidMissing) log.warn({ component: 'live', accountId: o.accountId, keyLast4: current.keyLast4 }, 'the account has no ACTIVE exchange key: still signing with the last one');
      saidMissing = true;
      return { status: 'no_active_key' };
    }
    saidMissing = false;
    if (active.id === current.id) return { status: 'unchanged' };
    let key: Awaited<ReturnType<typeof loadActiveKey>>;
    try {
      key = await loadActiveKey(db, o.accountId, o.encryptionKey);
    } catch (e) {
      const error = (e as Error).message;
      log.error({ component: 'live', accountId: o.accountId, keyLast4: current.keyLast4, err: error }, 'the new exchange key does not decrypt with this worker\'s SENTINEL_ENCRYPTION_KEY: still signing with the old key');
      await raiseAlert(db, { severity: 'CRITICAL', code: 'KEY_ROTATION_UNREADABLE', accountId: o.accountId, dedupKey,
        message: `the worker cannot decrypt the account's new exchange key (${error}): it still signs with …${current.keyLast4}. Restart the worker with the current SENTINEL_ENCRYPTION_KEY`, evidence: { keyLast4: current.keyLast4 } }, o.now());
      return { status: 'unreadable', error };
    }
    // rotated again between the two reads: take the newest, it is the one an admin wants
    if (!key) return { status: 'no_active_key' };
    await resolveAlert(db, dedupKey, o.now());
    client.apiKey = key.apiKey;
    client.secret = key.secret;
    const fromLast4 = current.keyLast4;
    current = { id: key.id, keyLast4: key.keyLast4 };
    log.info({ component: 'live', accountId: o.accountId, from: fromLast4, to: key.keyLast4 }, 'exchange key rotated: signing with the new active key from this pass on');
    return { status: 'rotated', fromLast4, toLast4: key.keyLast4 };
  };
}
