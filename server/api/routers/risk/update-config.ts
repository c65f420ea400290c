import { z } from 'zod';
import { actorOf, procedure } from '@/server/api/trpc';
import { riskConfigSchema } from '@/domain/risk/risk-config';
import { updateRiskConfig } from '@/server/services/risk/update-risk-config';

/** Admin only. Looser-than-hard values are refused by the schema, naming field, value and ceiling. */
export const updateConfig = procedure
  .input(z.object({ accountId: z.uuid('must be a trading account id'), config: riskConfigSchema }))
  .output(z.object({ ok: z.literal(true) }))
  .mutation(async ({ ctx, input }) => {
    await updateRiskConfig(ctx.db, actorOf(ctx), input.accountId, input.config, ctx.now());
    return { ok: true as const };
  });
