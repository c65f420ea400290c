import { z } from 'zod';
import { actorOf, procedure } from '@/server/api/trpc';
import { serverEnv } from '@/server/env';
import { addChannel, addChannelInput } from '@/server/services/alert-channels/alert-channels';

/** Admin: a new delivery channel; its secrets are sealed with SENTINEL_ENCRYPTION_KEY and never returned. */
export const addChannelProcedure = procedure
  .input(addChannelInput)
  .output(z.object({ id: z.string() }))
  .mutation(({ ctx, input }) => addChannel(ctx.db, actorOf(ctx), input, serverEnv().SENTINEL_ENCRYPTION_KEY, ctx.now()));
