import { z } from 'zod';
import { actorOf, procedure } from '@/server/api/trpc';
import { channelIdInput, setChannelEnabled } from '@/server/services/alert-channels/alert-channels';

/** Admin: sets (never toggles) whether the channel receives alerts. */
export const setChannelEnabledProcedure = procedure
  .input(channelIdInput.extend({ isEnabled: z.boolean({ error: 'isEnabled: must be true or false' }) }))
  .output(z.object({ ok: z.literal(true) }))
  .mutation(async ({ ctx, input }) => { await setChannelEnabled(ctx.db, actorOf(ctx), input, ctx.now()); return { ok: true as const }; });
