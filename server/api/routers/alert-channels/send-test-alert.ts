import { z } from 'zod';
import { actorOf, procedure } from '@/server/api/trpc';
import { channelIdInput, sendTestAlert } from '@/server/services/alert-channels/alert-channels';

/** Admin: one TEST_ALERT delivered to this channel only; its delivery shows in the channel list and on the Alerts page. */
export const sendTestAlertProcedure = procedure
  .input(channelIdInput)
  .output(z.object({ alertId: z.string(), deliveryId: z.string() }))
  .mutation(({ ctx, input }) => sendTestAlert(ctx.db, actorOf(ctx), input, ctx.now()));
