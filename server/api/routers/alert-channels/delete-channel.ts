import { z } from 'zod';
import { actorOf, procedure } from '@/server/api/trpc';
import { channelIdInput, deleteChannel } from '@/server/services/alert-channels/alert-channels';

export const deleteChannelProcedure = procedure
  .input(channelIdInput)
  .output(z.object({ ok: z.literal(true) }))
  .mutation(async ({ ctx, input }) => { await deleteChannel(ctx.db, actorOf(ctx), input, ctx.now()); return { ok: true as const }; });
