import { createHash } from 'node:crypto';
import type { Db, DbOrTx, Tx } from '@/adapters/db/client';
import { canonicalJson } from '@/domain/audit/canonical-json';

/**
 * The tamper-evident audit log: each row stores the previous row's hash and
 * sha256(prevHash + canonical content). Rows are appended under a transaction-scoped
 * advisory lock, so two writers (web and worker) cannot both extend the same head.
 */
export const GENESIS_HASH = '0'.repeat(64);
const AUDIT_LOCK_KEY = 7_261_001; // arbitrary, unique to the audit chain

export interface AuditInput {
  actorId?: string | null;
  /** who, readable: user e-mail, `worker:<id>`, `system` */
  actorLabel: string;
  action: string;
  accountId?: string | null;
  targetType?: string | null;
  targetId?: string | null;
  details?: Record<string, unknown>;
  ip?: string | null;
}

interface HashedFields {
  at: Date; actorId: string | null; actorLabel: string; action: string; accountId: string | null;
  targetType: string | null; targetId: string | null; details: unknown; ip: string | null;
}

export function auditHash(prevHash: string, row: HashedFields): string {
  const content = canonicalJson({
    at: row.at, actorId: row.actorId, actorLabel: row.actorLabel, action: row.action, accountId: row.accountId,
    targetType: row.targetType, targetId: row.targetId, details: row.details, ip: row.ip,
  });
  return createHash('sha256').update(prevHash).update('\n').update(content).digest('hex');
}

/** Append one row. Call inside the transaction that makes the change it records. */
export async function appendAudit(tx: Tx, input: AuditInput, now: Date) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`;
  const head = await tx.auditLog.findFirst({ orderBy: { seq: 'desc' }, select: { hash: true } });
  const prevHash = head?.hash ?? GENESIS_HASH;
  const fields: HashedFields = {
    at: now, actorId: input.actorId ?? null, actorLabel: input.actorLabel, action: input.action,
    accountId: input.accountId ?? null, targetType: input.targetType ?? null, targetId: input.targetId ?? null,
    details: JSON.parse(canonicalJson(input.details ?? {})), ip: input.ip ?? null,
  };
  return tx.auditLog.create({
    data: { ...fields, details: fields.details as object, prevHash, hash: auditHash(prevHash, fields) },
  });
}

/** Append in a transaction of its own (for events with no other write, e.g. a failed login). */
export function appendAuditNow(db: Db, input: AuditInput, now: Date) {
  return db.$transaction((tx) => appendAudit(tx, input, now));
}

export type AuditVerdict =
  | { ok: true; rows: number }
  | { ok: false; rows: number; seq: bigint; problem: 'edited' | 'broken-link'; message: string };

/** Walk the chain in order; name the first row whose content or link does not hold. */
export async function verifyAuditChain(db: DbOrTx, batchSize = 5000): Promise<AuditVerdict> {
  let prevHash = GENESIS_HASH;
  let prevSeq: bigint | undefined;
  let rows = 0;
  let cursor: bigint | undefined;
  for (;;) {
    const batch = await db.auditLog.findMany({
      where: cursor === undefined ? {} : { seq: { gt: cursor } }, orderBy: { seq: 'asc' }, take: batchSize,
    });
    for (const row of batch) {
      if (row.prevHash !== prevHash) {
        const after = prevSeq === undefined ? 'the start of the log' : `row ${prevSeq}`;
        return { ok: false, rows, seq: row.seq, problem: 'broken-link',
          message: `row ${row.seq}: its previous-hash does not match ${after}; a row between them was deleted or ${after} was altered` };
      }
      if (auditHash(row.prevHash, row) !== row.hash) {
        return { ok: false, rows, seq: row.seq, problem: 'edited', message: `row ${row.seq}: content does not match its hash (edited)` };
      }
      prevHash = row.hash;
      prevSeq = row.seq;
      rows += 1;
    }
    if (batch.length < batchSize) return { ok: true, rows };
    cursor = batch.at(-1)!.seq;
  }
}
