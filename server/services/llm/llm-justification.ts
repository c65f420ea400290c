import { z } from 'zod';
import type { Db, Tx } from '@/adapters/db/client';
import { appendAudit } from '@/adapters/repo/audit-log';
import type { Actor } from '@/server/services/users';

/** The SystemSetting row that holds why the LLM advisory is on (the checklist's env.llm reads it). */
export const LLM_JUSTIFICATION_KEY = 'llm.justification';
export const MIN_JUSTIFICATION_CHARS = 30;

export const justificationInput = z.object({
  justification: z.string({ error: 'justification: is required' }).trim()
    .min(MIN_JUSTIFICATION_CHARS, `justification: at least ${MIN_JUSTIFICATION_CHARS} characters: why the advisory is on, which model, who reviews its notes`)
    .max(2000, 'justification: at most 2000 characters'),
});

const storedValue = z.object({ text: z.string() });

export interface LlmJustification { text: string; by: string | null; at: Date }

/** The written justification, or null (none, or a row that does not parse: treated as none). */
export async function readJustification(tx: Db | Tx): Promise<LlmJustification | null> {
  const row = await tx.systemSetting.findUnique({ where: { key: LLM_JUSTIFICATION_KEY } });
  const v = storedValue.safeParse(row?.value);
  if (!row || !v.success || v.data.text.trim().length < MIN_JUSTIFICATION_CHARS) return null;
  return { text: v.data.text, by: row.updatedBy, at: row.updatedAt };
}

/** Admin: write (or replace) the justification; the setting and its audit row commit together. */
export async function setJustification(db: Db, actor: Actor, input: z.infer<typeof justificationInput>, now: Date) {
  await db.$transaction(async (tx) => {
    const before = await readJustification(tx);
    const data = { value: { text: input.justification }, updatedById: actor.id, updatedBy: actor.label };
    await tx.systemSetting.upsert({ where: { key: LLM_JUSTIFICATION_KEY }, create: { key: LLM_JUSTIFICATION_KEY, ...data }, update: data });
    await appendAudit(tx, { actorId: actor.id, actorLabel: actor.label, ip: actor.ip, action: 'llm.justification.set', targetType: 'SystemSetting', targetId: LLM_JUSTIFICATION_KEY,
      details: { before: before?.text ?? null, after: input.justification } }, now);
  });
}
