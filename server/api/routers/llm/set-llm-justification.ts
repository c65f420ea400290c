import { z } from 'zod';
import { actorOf, procedure } from '@/server/api/trpc';
import { justificationInput, setJustification } from '@/server/services/llm/llm-justification';

/** Admin: the written justification for running with LLM_ENABLED=true (audited llm.justification.set). */
export const setLlmJustification = procedure
  .input(justificationInput)
  .output(z.object({ ok: z.literal(true) }))
  .mutation(async ({ ctx, input }) => {
    await setJustification(ctx.db, actorOf(ctx), input, ctx.now());
    return { ok: true as const };
  });
