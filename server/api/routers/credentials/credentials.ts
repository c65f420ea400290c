import { z } from 'zod';
import { actorOf, procedure } from '@/server/api/trpc';
import { serverEnv } from '@/server/env';
import { resolveAccount } from '@/server/services/accounts';
import { addCredential, addCredentialInput, rotateCredential, rotateCredentialInput, verifyCredential, verifyCredentialInput } from '@/server/services/credentials/credentials';

/** Admin: an account's exchange keys, as the last 4 characters and their state; the secrets never leave the server. */
export const listCredentials = procedure
  .input(z.object({ accountId: z.uuid('accountId: must be a trading account id').optional() }).optional())
  .output(z.object({
    accountId: z.string(), exchange: z.string(), isSandbox: z.boolean(),
    keys: z.array(z.object({ id: z.string(), keyLast4: z.string(), status: z.string(), createdAt: z.date(), retiredAt: z.date().nullable(), verifiedAt: z.date().nullable(), hasWithdrawPermission: z.boolean().nullable() })),
  }))
  .query(async ({ ctx, input }) => {
    const account = await resolveAccount(ctx.db, input?.accountId);
    const keys = await ctx.db.exchangeCredential.findMany({ where: { accountId: account.id }, orderBy: { createdAt: 'desc' }, take: 20,
      select: { id: true, keyLast4: true, status: true, createdAt: true, retiredAt: true, verifiedAt: true, hasWithdrawPermission: true } });
    return { accountId: account.id, exchange: account.exchange, isSandbox: account.isSandbox, keys };
  });

export const addCredentialProcedure = procedure
  .input(addCredentialInput)
  .output(z.object({ id: z.string(), keyLast4: z.string(), retiredPrevious: z.number() }))
  .mutation(({ ctx, input }) => addCredential(ctx.db, actorOf(ctx), input, serverEnv().SENTINEL_ENCRYPTION_KEY, ctx.now()));

/** Admin: check the active key against the exchange (authenticates? may withdraw?) and store the evidence for the checklist. */
export const verifyCredentialProcedure = procedure
  .input(verifyCredentialInput)
  .output(z.object({ keyLast4: z.string(), exchange: z.string(), isWorking: z.boolean(), canWithdraw: z.boolean().nullable(), canTrade: z.boolean().nullable(), error: z.string().nullable(), checkedAt: z.date() }))
  .mutation(({ ctx, input }) => { const env = serverEnv(); return verifyCredential(ctx.db, actorOf(ctx), input, env, env.SENTINEL_ENCRYPTION_KEY, ctx.now); });

/**
 * Admin: rotate the active key: the new one is checked against the exchange and stored only
 * if it authenticates and its permissions are readable; the old one is retired in the same
 * transaction. A refused key changes nothing and the error says why.
 */
export const rotateCredentialProcedure = procedure
  .input(rotateCredentialInput)
  .output(z.object({ id: z.string(), keyLast4: z.string(), retiredKeyLast4: z.string(), canWithdraw: z.boolean().nullable(), canTrade: z.boolean().nullable(), verifiedAt: z.date() }))
  .mutation(({ ctx, input }) => { const env = serverEnv(); return rotateCredential(ctx.db, actorOf(ctx), input, env, env.SENTINEL_ENCRYPTION_KEY, ctx.now); });
