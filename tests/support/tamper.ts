import type { Db, Tx } from '@/adapters/db/client';

/**
 * An attacker with superuser access: triggers off for one transaction (session_replication_role,
 * which only a superuser may set), so the audit log's append-only trigger does not fire. The
 * tamper-evidence tests use it to show `audit:verify` still finds what such an attacker changed.
 */
export async function asSuperuserWithTriggersOff<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.$transaction(async (tx) => {
    await tx.$executeRawUnsafe('SET LOCAL session_replication_role = replica');
    return fn(tx);
  });
}
