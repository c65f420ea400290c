import { z } from 'zod';
import { procedure } from '@/server/api/trpc';
import { verifyAuditChain } from '@/adapters/repo/audit-log';

export const verifyAudit = procedure
  .output(z.object({ ok: z.boolean(), rows: z.number(), seq: z.bigint().nullable(), message: z.string() }))
  .query(async ({ ctx }) => {
    const v = await verifyAuditChain(ctx.db);
    return v.ok
      ? { ok: true, rows: v.rows, seq: null, message: `chain intact: ${v.rows} rows` }
      : { ok: false, rows: v.rows, seq: v.seq, message: v.message };
  });
