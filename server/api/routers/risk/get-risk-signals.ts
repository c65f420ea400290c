import { z } from 'zod';
import { procedure } from '@/server/api/trpc';
import { resolveAccount } from '@/server/services/accounts';
import { readRiskSignals, riskSignals } from '@/server/services/risk/risk-signals';

/** The Risk page's market and streak signals: consecutive losses and each market's volatility percentile. */
export const getRiskSignals = procedure
  .input(z.object({ accountId: z.uuid('accountId: must be a trading account id').optional() }).optional())
  .output(riskSignals)
  .query(async ({ ctx, input }) => readRiskSignals(ctx.db, await resolveAccount(ctx.db, input?.accountId)));
