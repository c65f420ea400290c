import { z } from 'zod';
import { actorOf, procedure } from '@/server/api/trpc';
import { serverEnv } from '@/server/env';
import { loadStageGate } from '@/server/services/stages/stage-gate';
import { setChecklistTick, tickInput } from '@/server/services/stages/stage-actions';

export const getChecklist = procedure
  .input(z.object({ accountId: z.uuid('accountId: must be a trading account id').optional() }).optional())
  .output(z.object({
    accountId: z.string(), currentStage: z.object({ ordinal: z.number(), name: z.string() }), nextStage: z.object({ ordinal: z.number(), name: z.string() }).nullable(),
    items: z.array(z.object({
      key: z.string(), category: z.string(), title: z.string(), description: z.string(), isAutomatic: z.boolean(), requiredFor: z.number(),
      status: z.enum(['verified', 'failed', 'not_verifiable', 'ticked', 'unticked']), evidence: z.string().nullable(), checkedAt: z.date().nullable(),
      tickedBy: z.string().nullable(), tickedAt: z.date().nullable(), note: z.string().nullable(),
    })),
  }))
  .query(async ({ ctx, input }) => {
    const env = serverEnv();
    return ctx.db.$transaction(async (tx) => {
      const g = await loadStageGate(tx, input?.accountId, env, ctx.now());
      return {
        accountId: g.account.id, currentStage: { ordinal: g.current.ordinal, name: g.current.name }, nextStage: g.next && { ordinal: g.next.ordinal, name: g.next.name },
        items: g.checklist.map((i) => ({
          key: i.key, category: i.category, title: i.title, description: i.description, isAutomatic: i.isAutomatic, requiredFor: i.requiredFor,
          status: i.isAutomatic ? (i.check?.status ?? 'not_verifiable') : i.tick ? 'ticked' as const : 'unticked' as const,
          evidence: i.check?.evidence ?? null, checkedAt: i.check?.checkedAt ?? null, tickedBy: i.tick?.by ?? null, tickedAt: i.tick?.at ?? null, note: i.note,
        })),
      };
    }, { isolationLevel: 'RepeatableRead', timeout: 20_000 });
  });

export const setTick = procedure
  .input(tickInput)
  .output(z.object({ changed: z.boolean() }))
  .mutation(({ ctx, input }) => setChecklistTick(ctx.db, actorOf(ctx), input, ctx.now()));
