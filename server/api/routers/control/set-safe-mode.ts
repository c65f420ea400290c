import { z } from 'zod';
import { actorOf, procedure } from '@/server/api/trpc';
import { setSafeMode as setSafeModeService, setSafeModeInput } from '@/server/services/control/set-safe-mode';

export const setSafeMode = procedure
  .input(setSafeModeInput)
  .output(z.object({ commandId: z.string() }))
  .mutation(async ({ ctx, input }) => {
    const command = await setSafeModeService(ctx.db, actorOf(ctx), input, ctx.now());
    return { commandId: command.id };
  });
